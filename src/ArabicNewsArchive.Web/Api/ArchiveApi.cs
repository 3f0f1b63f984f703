using System.Globalization;
using ArabicNewsArchive.Curation;
using ArabicNewsArchive.Search;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ArabicNewsArchive.Web.Api;

/// <summary>The JSON API of the contract (shared/archive-contract.md): thin over <see cref="SearchService"/>.</summary>
public static class ArchiveApi
{
    /// <summary>Longer <c>q</c> values are refused with 400 (the parser would cut them).</summary>
    public const int MaxQueryLength = QueryParser.MaxQueryLength;

    /// <summary>Highest page number accepted: beyond it no archive has results, and page × pageSize stays in range.</summary>
    public const int MaxPage = 1_000_000;

    public static IEndpointRouteBuilder MapArchiveApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api");
        api.MapGet("/articles", SearchAsync);
        api.MapGet("/articles/{id}", async Task<Results<Ok<ArticleDetail>, ProblemHttpResult>> (string id, SearchService search, CancellationToken ct) =>
            await search.GetArticleAsync(id, ct) is { } article
                ? TypedResults.Ok(article)
                : TypedResults.Problem(statusCode: 404, title: "Article not found", detail: $"No article has the id '{id}'."));
        api.MapGet("/people", PeopleAsync);
        api.MapGet("/people/{slug}", async Task<Results<Ok<PersonDetail>, RedirectHttpResult, ProblemHttpResult>> (string slug, SearchService search, CurationService curation, CancellationToken ct) =>
            await search.GetPersonAsync(slug, ct) is { } person
                ? TypedResults.Ok(person)
                // A person merged into another: the old slug answers 301 to the new one (docs/curation.md).
                : await curation.RedirectOfAsync(slug, ct) is { } moved
                    ? TypedResults.Redirect($"/api/people/{Uri.EscapeDataString(moved)}", permanent: true)
                    : TypedResults.Problem(statusCode: 404, title: "Person not found", detail: $"No person has the slug '{slug}'."));
        api.MapGet("/topics", async (SearchService search, CancellationToken ct) => TypedResults.Ok(await search.GetTopicsAsync(ct)));
        return app;
    }

    private static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchAsync(HttpRequest http, SearchService search, CancellationToken ct)
    {
        var query = http.Query;
        var q = query["q"].ToString();
        if (q.Length > MaxQueryLength)
        {
            return Bad($"q is {q.Length} characters long; the limit is {MaxQueryLength}.");
        }

        if (!TryDate(query["from"], out var from))
        {
            return Bad("from must be a date written yyyy-MM-dd, for example 2022-02-04.");
        }

        if (!TryDate(query["to"], out var to))
        {
            return Bad("to must be a date written yyyy-MM-dd, for example 2022-02-04.");
        }

        if (from is { } f && to is { } t && f > t)
        {
            return Bad("from must not be after to.");
        }

        if (!TryInt(query["page"], 1, out var page) || page < 1 || page > MaxPage)
        {
            return Bad($"page must be a whole number from 1 to {MaxPage}.");
        }

        if (!TryInt(query["pageSize"], 20, out var pageSize) || pageSize < 1)
        {
            return Bad($"pageSize must be a whole number of at least 1 (values above {SearchRequest.MaxPageSize} are capped).");
        }

        var sort = query["sort"].ToString();
        if (sort.Length > 0 && sort is not ("relevance" or "date"))
        {
            return Bad("sort must be 'relevance' or 'date'.");
        }

        var request = new SearchRequest
        {
            Q = q.Length == 0 ? null : q,
            Persons = Values(query["person"]),
            Topics = Values(query["topic"]),
            Outlet = query["outlet"].ToString() is { Length: > 0 } outlet ? outlet : null,
            Agency = query["agency"].ToString() is { Length: > 0 } agency ? agency : null,
            From = from,
            To = to,
            Page = page,
            PageSize = Math.Min(pageSize, SearchRequest.MaxPageSize),
            Sort = sort.Length == 0 ? null : sort,
        };
        return TypedResults.Ok(await search.SearchAsync(request, ct));
    }

    /// <summary>The contract's <c>GET /api/people?q=&amp;page=1&amp;pageSize=100</c>: a page of people, most articles first.</summary>
    private static async Task<Results<Ok<IReadOnlyList<PersonDto>>, ProblemHttpResult>> PeopleAsync(HttpRequest http, SearchService search, CancellationToken ct)
    {
        var query = http.Query;
        var q = query["q"].ToString();
        if (q.Length > MaxQueryLength)
        {
            return BadPeople($"q is {q.Length} characters long; the limit is {MaxQueryLength}.");
        }

        if (!TryInt(query["page"], 1, out var page) || page < 1 || page > MaxPage)
        {
            return BadPeople($"page must be a whole number from 1 to {MaxPage}.");
        }

        if (!TryInt(query["pageSize"], 100, out var pageSize) || pageSize < 1 || pageSize > PeoplePage.MaxPageSize)
        {
            return BadPeople($"pageSize must be a whole number from 1 to {PeoplePage.MaxPageSize}.");
        }

        var found = await search.FindPeopleAsync(q.Length == 0 ? null : q, page, pageSize, ct);
        return TypedResults.Ok(found.Items);
    }

    private static ProblemHttpResult BadPeople(string detail) =>
        TypedResults.Problem(statusCode: 400, title: "Invalid people request", detail: detail);

    private static ProblemHttpResult Bad(string detail) =>
        TypedResults.Problem(statusCode: 400, title: "Invalid search request", detail: detail);

    private static List<string> Values(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct().ToList();

    private static bool TryDate(Microsoft.Extensions.Primitives.StringValues values, out DateOnly? date)
    {
        date = null;
        var s = values.ToString();
        if (s.Length == 0)
        {
            return true;
        }

        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            date = d;
            return true;
        }

        return false;
    }

    private static bool TryInt(Microsoft.Extensions.Primitives.StringValues values, int fallback, out int value)
    {
        var s = values.ToString();
        if (s.Length == 0)
        {
            value = fallback;
            return true;
        }

        return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
