using System.Globalization;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Curation;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Web.Accounts;
using ArabicNewsArchive.Web.Ingestion;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Web.Api;

/// <summary>A correction as the API and the history list it.</summary>
public sealed record CorrectionDto(
    int Id, string Who, string When, string Action, string TargetKind, string Target, string Note, bool Undone, string? UndoneBy, int? Undoes,
    CorrectionValues Values)
{
    public static CorrectionDto From(HistoryEntry e) => new(
        e.Id, e.Who, e.When.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), e.Action, e.TargetKind, e.Target, e.Note,
        e.Undone, e.UndoneBy, e.Undoes, e.Values);

    public static CorrectionDto From(Correction c) => From(new HistoryEntry(
        c.Id, c.Who, c.When, c.Action, c.TargetKind, c.Target, c.Note, c.UndoneAt is not null, c.UndoneBy, c.UndoesId, CorrectionValues.FromJsonPublic(c.After)));
}

/// <summary>Bodies of the curation endpoints (every field optional here: the service says which are missing).</summary>
public sealed record DateBody(string? From, string? To, string? Note);

public sealed record NoteBody(string? Note);

public sealed record MergeBody(string? Into, string? Note);

public sealed record RenameBody(string? NameAr, string? NameEn, string? Note);

public sealed record AliasBody(string? Text, string? Note);

public sealed record RoleBody(string? Role, string? RoleAr, string? Note);

public sealed record TitleBody(string? Title, string? Note);

public sealed record OutletBody(string? Outlet, string? Note);

public sealed record MentionBody(int? Start, int? End, string? Person, string? Note);

public sealed record JoinBody(string? With, string? Note);

/// <summary>
/// The curators' write endpoints (docs/curation.md, "Curation API"): policy <c>curate</c>; the history needs
/// <c>administer</c>. Each answers what it corrected (the article, or the person) with the correction's id in the
/// <c>X-Correction-Id</c> header, 400 problem+json naming the field, or 404.
/// </summary>
public static class CurationApi
{
    /// <summary>The header carrying the id of the correction a write recorded (for <c>POST /api/corrections/{id}/undo</c>).</summary>
    public const string CorrectionIdHeader = "X-Correction-Id";

    /// <summary>Registers <see cref="CurationService"/>; the reference data is loaded only if an undo needs it.</summary>
    public static IServiceCollection AddArchiveCuration(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var seeds = ArchiveConfiguration.SeedsPath(configuration, contentRoot);
        services.AddSingleton(sp => new CurationService(
            sp.GetRequiredService<IDbContextFactory<ArchiveDbContext>>(),
            () => seeds is null ? new ReferenceData() : ReferenceData.Load(Path.Combine(seeds, "reference"))));
        return services;
    }

    public static IEndpointRouteBuilder MapCurationApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api").RequireAuthorization(ArchivePolicies.Curate);

        api.MapPut("/articles/{id}/date", Task<IResult> (string id, DateBody body, HttpContext http, CurationService c, SearchService s, CancellationToken ct) =>
        {
            if (!TryDate(body.From, out var from))
            {
                return Task.FromResult(Invalid("from", "from must be a date written yyyy-MM-dd."));
            }

            if (!TryDate(body.To, out var to))
            {
                return Task.FromResult(Invalid("to", "to must be a date written yyyy-MM-dd."));
            }

            return ArticleAsync(http, s, id, c.SetDateAsync(id, from, to, Who(http), body.Note, ct), ct);
        });
        api.MapPut("/articles/{id}/title", (string id, TitleBody body, HttpContext http, CurationService c, SearchService s, CancellationToken ct) =>
            ArticleAsync(http, s, id, c.SetTitleAsync(id, body.Title, Who(http), body.Note, ct), ct));
        api.MapPut("/articles/{id}/outlet", (string id, OutletBody body, HttpContext http, CurationService c, SearchService s, CancellationToken ct) =>
            ArticleAsync(http, s, id, c.SetOutletAsync(id, body.Outlet, Who(http), body.Note, ct), ct));
        api.MapPost("/articles/{id}/topics/{topic}", (string id, string topic, NoteBody? body, HttpContext http, CurationService c, SearchService s, CancellationToken ct) =>
            ArticleAsync(http, s, id, c.AddTopicAsync(id, topic, Who(http), body?.Note, ct), ct));
        api.MapDelete("/articles/{id}/topics/{topic}", (string id, string topic, string? note, HttpContext http, CurationService c, SearchService s, CancellationToken ct) =>
            ArticleAsync(http, s, id, c.RemoveTopicAsync(id, topic, Who(http), note, ct), ct));
        api.MapPost("/articles/{id}/mentions", Task<IResult> (string id, MentionBody body, HttpContext http, CurationService c, SearchService s, CancellationToken ct) =>
            body.Start is not { } start ? Task.FromResult(Invalid("start", "start is the offset of the mention's first character in sourceText."))
            : body.End is not { } end ? Task.FromResult(Invalid("end", "end is the offset after the mention's last character in sourceText."))
            : ArticleAsync(http, s, id, c.AddMentionAsync(id, start, end, body.Person, Who(http), body.Note, ct), ct));
        api.MapPost("/articles/{id}/mentions/reject", Task<IResult> (string id, MentionBody body, HttpContext http, CurationService c, SearchService s, CancellationToken ct) =>
            body.Start is not { } start ? Task.FromResult(Invalid("start", "start is the offset of the mention in sourceText, as the article lists it."))
            : body.End is not { } end ? Task.FromResult(Invalid("end", "end is the mention's end offset, as the article lists it."))
            : ArticleAsync(http, s, id, c.RejectMentionAsync(id, start, end, Who(http), body.Note, ct), ct));
        api.MapPost("/articles/{id}/story/split", (string id, NoteBody? body, HttpContext http, CurationService c, SearchService s, CancellationToken ct) =>
            ArticleAsync(http, s, id, c.SplitStoryAsync(id, Who(http), body?.Note, ct), ct));
        api.MapPost("/articles/{id}/story/join", (string id, JoinBody body, HttpContext http, CurationService c, SearchService s, CancellationToken ct) =>
            ArticleAsync(http, s, id, c.JoinStoriesAsync(id, body.With, Who(http), body.Note, ct), ct));

        api.MapPost("/people/{slug}/confirm", (string slug, NoteBody? body, HttpContext http, CurationService c, SearchService s, CancellationToken ct) =>
            PersonAsync(http, s, slug, c.ConfirmPersonAsync(slug, Who(http), body?.Note, ct), ct));
        api.MapPost("/people/{slug}/reject", async Task<IResult> (string slug, NoteBody? body, HttpContext http, CurationService c, CancellationToken ct) =>
        {
            var result = await c.RejectPersonAsync(slug, Who(http), body?.Note, ct);
            return result.Outcome == CurationOutcome.Done ? Done(http, result, TypedResults.Ok(CorrectionDto.From(result.Correction!))) : Refused(result);
        });
        api.MapPost("/people/{slug}/merge", async Task<IResult> (string slug, MergeBody body, HttpContext http, CurationService c, SearchService s, CancellationToken ct) =>
        {
            var result = await c.MergePersonAsync(slug, body.Into, Who(http), body.Note, ct);
            return result.Outcome == CurationOutcome.Done
                ? Done(http, result, TypedResults.Ok(await s.GetPersonAsync(CorrectionValues.FromJsonPublic(result.Correction!.After).Into!, ct)))
                : Refused(result);
        });
        api.MapPost("/people/{slug}/rename", (string slug, RenameBody body, HttpContext http, CurationService c, SearchService s, CancellationToken ct) =>
            PersonAsync(http, s, slug, c.RenamePersonAsync(slug, body.NameAr, body.NameEn, Who(http), body.Note, ct), ct));
        api.MapPost("/people/{slug}/aliases", (string slug, AliasBody body, HttpContext http, CurationService c, SearchService s, CancellationToken ct) =>
            PersonAsync(http, s, slug, c.AddAliasAsync(slug, body.Text, Who(http), body.Note, ct), ct));
        api.MapPost("/people/{slug}/role", (string slug, RoleBody body, HttpContext http, CurationService c, SearchService s, CancellationToken ct) =>
            PersonAsync(http, s, slug, c.SetRoleAsync(slug, body.Role, body.RoleAr, Who(http), body.Note, ct), ct));

        api.MapPost("/corrections/{id:int}/undo", async Task<IResult> (int id, NoteBody? body, HttpContext http, CurationService c, CancellationToken ct) =>
        {
            var result = await c.UndoAsync(id, Who(http), body?.Note, ct);
            return result.Outcome == CurationOutcome.Done ? Done(http, result, TypedResults.Ok(CorrectionDto.From(result.Correction!))) : Refused(result);
        });

        app.MapGet("/api/history", async Task<IResult> (HttpRequest request, CurationService c, CancellationToken ct) =>
        {
            if (!TryInt(request.Query["page"].ToString(), 1, out var page) || page < 1 || page > ArchiveApi.MaxPage)
            {
                return Invalid("page", $"page must be a whole number from 1 to {ArchiveApi.MaxPage}.");
            }

            if (!TryInt(request.Query["pageSize"].ToString(), 50, out var size) || size < 1 || size > 500)
            {
                return Invalid("pageSize", "pageSize must be a whole number from 1 to 500.");
            }

            return TypedResults.Ok((await c.HistoryAsync(page, size, ct)).Select(CorrectionDto.From).ToList());
        }).RequireAuthorization(ArchivePolicies.Administer);
        return app;
    }

    /// <summary>
    /// The person page of a merged-away slug answers 301 to the person it was merged into, as the API does: a
    /// middleware, since the page's own route cannot answer a permanent redirect while it renders.
    /// </summary>
    public static IApplicationBuilder UsePersonRedirects(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path.Value;
        if (HttpMethods.IsGet(http.Request.Method) && path is not null && path.StartsWith("/people/", StringComparison.Ordinal)
            && path.IndexOf('/', "/people/".Length) < 0 && path.Length > "/people/".Length)
        {
            var slug = Uri.UnescapeDataString(path["/people/".Length..]);
            if (await http.RequestServices.GetRequiredService<CurationService>().RedirectOfAsync(slug, http.RequestAborted) is { } moved)
            {
                http.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                http.Response.Headers.Location = "/people/" + Uri.EscapeDataString(moved) + http.Request.QueryString;
                return;
            }
        }

        await next(http);
    });

    private static string Who(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    private static async Task<IResult> ArticleAsync(HttpContext http, SearchService search, string id, Task<CurationResult> correction, CancellationToken ct)
    {
        var result = await correction;
        if (result.Outcome != CurationOutcome.Done)
        {
            return Refused(result);
        }

        return Done(http, result, await search.GetArticleAsync(id, ct) is { } article ? TypedResults.Ok(article) : NotFound($"No article has the id '{id}'."));
    }

    private static async Task<IResult> PersonAsync(HttpContext http, SearchService search, string slug, Task<CurationResult> correction, CancellationToken ct)
    {
        var result = await correction;
        if (result.Outcome != CurationOutcome.Done)
        {
            return Refused(result);
        }

        return Done(http, result, await search.GetPersonAsync(slug, ct) is { } person ? TypedResults.Ok(person) : NotFound($"No person has the slug '{slug}'."));
    }

    private static IResult Done(HttpContext http, CurationResult result, IResult answer)
    {
        http.Response.Headers[CorrectionIdHeader] = result.Correction!.Id.ToString(CultureInfo.InvariantCulture);
        return answer;
    }

    private static IResult Refused(CurationResult result) => result.Outcome == CurationOutcome.NotFound
        ? NotFound(result.Message ?? "Not found.")
        : Invalid(result.Field ?? "body", result.Message ?? "Invalid.");

    private static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(statusCode: 404, title: "Not found", detail: detail);

    private static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message, title: "Invalid correction");

    private static bool TryDate(string? s, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(s))
        {
            return true;
        }

        if (DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            date = d;
            return true;
        }

        return false;
    }

    private static bool TryInt(string s, int fallback, out int value)
    {
        if (s.Length == 0)
        {
            value = fallback;
            return true;
        }

        return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
