using System.Globalization;
using System.Text;
using ArabicNewsArchive.Search;

namespace ArabicNewsArchive.Web.Components.Pages.Archive;

/// <summary>
/// The archive page's state as it stands in the URL (the contract's parameters), so every search, facet and page
/// is a link that can be shared, bookmarked and opened cold. Facets, paging and the histogram are plain links built
/// from it, which is why they work before the circuit connects and from the keyboard.
/// </summary>
public sealed record ArchiveQuery
{
    public string? Q { get; init; }

    public IReadOnlyList<string> Persons { get; init; } = [];

    public IReadOnlyList<string> Topics { get; init; } = [];

    public string? Outlet { get; init; }

    /// <summary>The news agency the articles credit (<c>agency=</c>).</summary>
    public string? Agency { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public int Page { get; init; } = 1;

    public string? Sort { get; init; }

    public const int PageSize = 20;

    public bool HasFilters =>
        !string.IsNullOrWhiteSpace(Q) || Persons.Count > 0 || Topics.Count > 0 || Outlet is not null || Agency is not null || From is not null || To is not null;

    public static ArchiveQuery Parse(
        string? q, IEnumerable<string>? persons, IEnumerable<string>? topics, string? outlet, string? from, string? to, int? page, string? sort) =>
        new()
        {
            Q = string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
            Persons = Clean(persons),
            Topics = Clean(topics),
            Outlet = string.IsNullOrWhiteSpace(outlet) ? null : outlet,
            From = ParseDate(from),
            To = ParseDate(to),
            Page = page is > 0 ? page.Value : 1,
            Sort = sort is "date" or "relevance" ? sort : null,
        };

    public SearchRequest ToRequest(int pageSize = PageSize) => new()
    {
        Q = Q,
        Persons = Persons,
        Topics = Topics,
        Outlet = Outlet,
        Agency = Agency,
        From = From,
        To = To,
        Page = Page,
        PageSize = pageSize,
        Sort = Sort,
    };

    /// <summary>
    /// The sort in effect, by the search's own rule: a query that parses to no words ("((") or an explicit
    /// "relevance" without words is sorted by date, and the page must mark that link, not the one in the URL.
    /// </summary>
    public string EffectiveSort => SearchService.EffectiveSort(ToRequest(), QueryParser.Parse(Q));

    public ArchiveQuery TogglePerson(string slug) => this with { Persons = Toggle(Persons, slug), Page = 1 };

    public ArchiveQuery ToggleTopic(string slug) => this with { Topics = Toggle(Topics, slug), Page = 1 };

    public ArchiveQuery ToggleOutlet(string slug) => this with { Outlet = Outlet == slug ? null : slug, Page = 1 };

    public ArchiveQuery ToggleAgency(string slug) => this with { Agency = Agency == slug ? null : slug, Page = 1 };

    /// <summary>Narrows the dates to one month ("2022-02"), or widens back when that month is already the range.</summary>
    public ArchiveQuery ToggleMonth(string yearMonth)
    {
        var first = DateOnly.ParseExact(yearMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var last = first.AddMonths(1).AddDays(-1);
        return From == first && To == last ? this with { From = null, To = null, Page = 1 } : this with { From = first, To = last, Page = 1 };
    }

    public bool IsMonthSelected(string yearMonth) =>
        From is { } f && To is { } t && f.ToString("yyyy-MM", CultureInfo.InvariantCulture) == yearMonth && t == f.AddMonths(1).AddDays(-1);

    /// <summary>A path plus query ("/?q=...&amp;person=..."), parameters in the contract's names.</summary>
    public string ToHref(string path = "/") => path + ToQueryString();

    public string ToQueryString()
    {
        var parts = new List<string>();
        Add(parts, "q", Q);
        foreach (var p in Persons)
        {
            Add(parts, "person", p);
        }
        foreach (var t in Topics)
        {
            Add(parts, "topic", t);
        }
        Add(parts, "outlet", Outlet);
        Add(parts, "agency", Agency);
        Add(parts, "from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add(parts, "to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (Page > 1)
        {
            Add(parts, "page", Page.ToString(CultureInfo.InvariantCulture));
        }
        Add(parts, "sort", Sort);
        if (parts.Count == 0)
        {
            return "";
        }
        var sb = new StringBuilder("?");
        sb.AppendJoin('&', parts);
        return sb.ToString();
    }

    private static void Add(List<string> parts, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parts.Add(key + "=" + Uri.EscapeDataString(value));
        }
    }

    private static IReadOnlyList<string> Toggle(IReadOnlyList<string> values, string slug) =>
        values.Contains(slug) ? values.Where(v => v != slug).ToList() : [.. values, slug];

    private static IReadOnlyList<string> Clean(IEnumerable<string>? values) =>
        values?.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct().ToList() ?? [];

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
