using ArabicNewsArchive.Web.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ArabicNewsArchive.Web.Ingestion;

/// <summary>One file's outcome in the answer of <c>POST /api/import</c>; <c>url</c> is the article's page when one was stored.</summary>
public sealed record ImportedFile(string Name, string? ArticleId, string Outcome, string? Detail, string? Url);

/// <summary>The answer of <c>POST /api/import</c>.</summary>
public sealed record ImportAnswer(IReadOnlyList<ImportedFile> Files, int Imported, int Updated, int Unchanged, int Rejected);

/// <summary><c>POST /api/import</c>: the upload page's import for API clients (curators; docs/curation.md).</summary>
public static class ImportApi
{
    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/import", ImportAsync)
            .RequireAuthorization(ArchivePolicies.Curate)
            // The form's own antiforgery check would refuse every bearer-token client; a request that rides on the
            // sign-in cookie is checked by UseArchiveAccounts instead.
            .DisableAntiforgery()
            // Kestrel's default body limit is 30 MB; the upload's own limits are checked file by file as well.
            .WithMetadata(new RequestSizeLimitAttribute(UploadImport.MaxUploadBytes + (1024 * 1024)))
            .WithMetadata(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = UploadImport.MaxUploadBytes + (1024 * 1024) });
        return app;
    }

    private static async Task<Results<Ok<ImportAnswer>, ProblemHttpResult>> ImportAsync(HttpRequest request, UploadImport import, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Send the files as multipart/form-data");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large", detail: e.Message);
        }

        if (form.Files.Count == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No file in the request",
                detail: "Send .txt, .md or .zip files as multipart/form-data parts (any field name).");
        }

        try
        {
            var files = form.Files.Select(f => new UploadedFile(f.FileName, f.Length, _ => f.OpenReadStream())).ToList();
            var report = await import.ImportAsync(files, ct: ct);
            return TypedResults.Ok(new ImportAnswer(
                [.. report.Files.Select(f => new ImportedFile(f.Name, f.ArticleId, f.Outcome, f.Detail,
                    f.ArticleId is { } id && f.Outcome != "rejected" ? "/articles/" + Uri.EscapeDataString(id) : null))],
                report.Count("imported"), report.Count("updated"), report.Count("unchanged"), report.Count("rejected")));
        }
        catch (UploadRefusedException e)
        {
            return TypedResults.Problem(statusCode: e.Status, title: "Upload refused", detail: e.Message);
        }
    }
}
