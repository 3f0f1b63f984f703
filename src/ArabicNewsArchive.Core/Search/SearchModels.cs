using System.Text.Json.Serialization;

namespace ArabicNewsArchive.Search;

// The shapes of the JSON API (shared/archive-contract.md). The Blazor pages use the same records, so the API and
// the UI cannot drift apart.

/// <summary>What a reader asked for: the contract's query string parameters, parsed.</summary>
public sealed record SearchRequest
{
    public string? Q { get; init; }

    public IReadOnlyList<string> Persons { get; init; } = [];

    public IReadOnlyList<string> Topics { get; init; } = [];

    public string? Outlet { get; init; }

    /// <summary>A news agency's slug: only the articles crediting it.</summary>
    public string? Agency { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 20;

    /// <summary>"relevance" or "date"; null picks relevance when <see cref="Q"/> is given, date otherwise.</summary>
    public string? Sort { get; init; }

    public const int MaxPageSize = 100;
}

public sealed record SearchResponse(int Total, int Page, int PageSize, IReadOnlyList<ArticleSummary> Items, Facets Facets)
{
    /// <summary>How <c>q</c> was read (the contract's <c>query</c>); empty lists without a query.</summary>
    public QueryReading Query { get; init; } = QueryReading.None;

    /// <summary>Why the result is empty when <c>q</c> held nothing to search for; null otherwise (and then not serialised).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }
}

/// <summary>
/// A query read back: the words searched by stem (<c>terms</c>, each with <c>title:</c> when limited to titles, a
/// trailing <c>*</c> for a prefix), those searched by exact form only (<c>exact</c>: quoted, <c>=word</c>, a person's
/// name, <c>"a b"~N</c>), the people the query stands for (typed names and <c>person:</c>), and what it ignored as typed.
/// </summary>
public sealed record QueryReading(IReadOnlyList<string> Terms, IReadOnlyList<string> Exact, IReadOnlyList<NamedRef> People, IReadOnlyList<string> Ignored)
{
    public static QueryReading None { get; } = new([], [], [], []);

    /// <summary>The words that must not occur (<c>-word</c>), normalised.</summary>
    public IReadOnlyList<string> Excluded { get; init; } = [];

    /// <summary>The outlets given as <c>outlet:</c>.</summary>
    public IReadOnlyList<NamedRef> Outlets { get; init; } = [];

    /// <summary>Nothing was read at all.</summary>
    [JsonIgnore]
    public bool IsEmpty => Terms.Count == 0 && Exact.Count == 0 && People.Count == 0 && Ignored.Count == 0 && Excluded.Count == 0 && Outlets.Count == 0;
}

/// <summary>A named thing of the catalogue (a person, an outlet) as a query read it.</summary>
public sealed record NamedRef(string Slug, string NameAr, string NameEn);

public sealed record Facets(
    IReadOnlyList<FacetValue> Persons,
    IReadOnlyList<FacetValue> Topics,
    IReadOnlyList<FacetValue> Outlets,
    IReadOnlyList<MonthFacet> Months)
{
    /// <summary>The news agencies the matching articles credit (a facet of their own, beside the outlets).</summary>
    public IReadOnlyList<FacetValue> Agencies { get; init; } = [];
}

/// <param name="Status">
/// For a person: "curated", "confirmed" or "discovered", so the interface can mark discovered people; not part of
/// the API's <c>FacetValue</c> (not serialised). "curated" for topics and outlets.
/// </param>
public sealed record FacetValue(string Slug, string NameAr, string NameEn, int Count,
    [property: JsonIgnore] string Status = "");

/// <param name="Month">"yyyy-MM".</param>
public sealed record MonthFacet(string Month, int Count);

/// <summary>An interval of days, both ends included, as <c>{ from, to }</c>.</summary>
public sealed record DateRangeDto(DateOnly From, DateOnly To);

/// <param name="Kind">newspaper, channel, site, agency or radio; empty for an outlet the catalogue does not know.</param>
/// <param name="Country">ISO 3166 alpha-2 (lower case) or "intl"; null when not known.</param>
public sealed record OutletRef(string Slug, string NameAr, string NameEn, string Kind = "", string? Country = null);

/// <summary>An article as a result row. Not sealed: <see cref="ArticleDetail"/> is the summary plus the rest, flat in JSON.</summary>
public record ArticleSummary
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public OutletRef? Outlet { get; init; }

    [JsonConverter(typeof(IsoDateConverter))]
    public DateOnly? Published { get; init; }

    /// <summary>"day", "days", "month", "year" or "unknown": how wide <see cref="PublishedRange"/> is.</summary>
    public required string DatePrecision { get; init; }

    /// <summary>Every day the text allows (<see cref="Published"/> is its first); null when the date is unknown.</summary>
    public DateRangeDto? PublishedRange { get; init; }

    public IReadOnlyList<string> Persons { get; init; } = [];

    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>Plain text, HTML-escaped, with the matches wrapped in &lt;mark&gt;...&lt;/mark&gt;.</summary>
    public string Snippet { get; init; } = "";
}

public sealed record ArticleDetail : ArticleSummary
{
    public required string SourceFile { get; init; }

    public required string Sha256 { get; init; }

    public required string SourceText { get; init; }

    public required string BodyMarkdown { get; init; }

    public IReadOnlyList<DateEvidenceDto> DateEvidence { get; init; } = [];

    public IReadOnlyList<MentionDto> Mentions { get; init; } = [];

    /// <summary>The articles of the same story (the same event), closest first.</summary>
    public IReadOnlyList<string> Related { get; init; } = [];

    /// <summary>Articles alike in words and people that are not of the same story, closest first.</summary>
    public IReadOnlyList<string> Similar { get; init; } = [];
}

/// <param name="MeaningAr">
/// <paramref name="Meaning"/> in Arabic for the Arabic interface; not part of the API's contract (which has
/// <c>meaning</c> only), so not serialised. Empty for evidence stored before it existed.
/// </param>
public sealed record DateEvidenceDto(string Text, int Start, int End, string Meaning,
    [property: System.Text.Json.Serialization.JsonIgnore] string MeaningAr = "");

public sealed record MentionDto(string Person, int Start, int End, string Text);

/// <param name="Status">"curated", "confirmed" or "discovered".</param>
/// <param name="NameEnTransliterated">
/// True when <paramref name="NameEn"/> was spelled out from the Arabic by the archive (no name lexicon knew a word of
/// it): a guess nobody has checked. The pages mark it; the API's shape is the contract's, so it is not serialised.
/// </param>
public sealed record PersonDto(
    string Slug, string NameAr, string NameEn, string Role, string Status, IReadOnlyList<string> Aliases, int ArticleCount,
    [property: JsonIgnore] bool NameEnTransliterated = false);

/// <summary>A page of people (<see cref="SearchService.FindPeopleAsync(string?, int, int, bool, CancellationToken)"/>) and how many match in all.</summary>
public sealed record PeoplePage(int Total, int Page, int PageSize, IReadOnlyList<PersonDto> Items)
{
    /// <summary>The largest page the API serves.</summary>
    public const int MaxPageSize = 500;
}

/// <summary>A person with their articles (newest first, at most <see cref="MaxArticles"/>) and who else they appear with.</summary>
public sealed record PersonDetail(
    string Slug,
    string NameAr,
    string NameEn,
    string Role,
    string Status,
    IReadOnlyList<string> Aliases,
    int ArticleCount,
    IReadOnlyList<ArticleSummary> Articles,
    IReadOnlyList<CoMention> CoMentioned,
    [property: JsonIgnore] bool NameEnTransliterated = false)
{
    public const int MaxArticles = 100;
}

public sealed record CoMention(string Slug, int Count);

/// <param name="Kind">"iptc" (an IPTC Media Topic) or "dossier" (the archive's own).</param>
/// <param name="Iptc">The IPTC Media Topic code ("medtop:15000000"), when there is one.</param>
/// <param name="Parent">The slug of the topic it falls under, if any.</param>
public sealed record TopicDto(string Slug, string NameAr, string NameEn, int ArticleCount, string Kind = "dossier", string? Iptc = null, string? Parent = null);

/// <summary>Writes dates as yyyy-MM-dd whatever the culture.</summary>
public sealed class IsoDateConverter : JsonConverter<DateOnly?>
{
    public override DateOnly? Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        reader.TokenType == System.Text.Json.JsonTokenType.Null
            ? null
            : DateOnly.ParseExact(reader.GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public override void Write(System.Text.Json.Utf8JsonWriter writer, DateOnly? value, System.Text.Json.JsonSerializerOptions options)
    {
        if (value is { } d)
        {
            writer.WriteStringValue(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
