using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Web.Localization;
using ArabicNewsArchive.Web.Security;
using Microsoft.Net.Http.Headers;

namespace ArabicNewsArchive.Web.Components.Pages.Archive;

/// <summary>
/// The archive page's "export" buttons: every match of the current query (not just the page) as CSV or JSON, each
/// row with a citation. Same query parameters as the page and the JSON API.
/// </summary>
public static class ExportEndpoints
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Arabic stays readable in the file instead of \u0627 escapes.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>The configuration key of the rows read and written at a time (default <see cref="SearchService.ExportBatchSize"/>).</summary>
    public const string BatchSizeKey = "Archive:ExportBatchSize";

    private static readonly JsonWriterOptions s_writer = new()
    {
        Indented = s_json.WriteIndented,
        Encoder = s_json.Encoder,
    };

    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        // Both stream: the store is read a batch at a time (SearchService.OpenExportAsync) and each batch is written
        // and sent before the next is read, so an export of most of a 100k archive holds one batch of rows, not the
        // whole file (it had run the server out of memory under a heap limit; README.md, "Run it").
        app.MapGet("/export/articles.csv", async (HttpContext http, SearchService search, CancellationToken ct) =>
        {
            var (lang, baseUrl) = Context(http);
            await using var export = await OpenAsync(http, search, ct);
            Start(http, "text/csv; charset=utf-8", "articles.csv");
            var body = http.Response.BodyWriter;
            var encoder = Encoding.UTF8.GetEncoder();
            // The BOM lets spreadsheet programs read the Arabic as UTF-8.
            body.Write(Encoding.UTF8.Preamble);
            // RFC 4180 line ends, whatever the server OS.
            var sb = new StringBuilder("id,title,outlet,published,datePrecision,persons,topics,url,citation\r\n");
            // An empty batch first sends the header at once, and when nothing matches.
            foreach (var batch in export.Batches(ct).Prepend([]))
            {
                foreach (var a in batch)
                {
                    sb.AppendJoin(',',
                        Csv(a.Id), Csv(a.Title), Csv(a.Outlet?.NameAr ?? ""),
                        Csv(a.Published?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""), Csv(a.DatePrecision),
                        Csv(string.Join(';', a.Persons)), Csv(string.Join(';', a.Topics)),
                        Csv(baseUrl + "/articles/" + Uri.EscapeDataString(a.Id)), Csv(Citation.For(a, lang, baseUrl)));
                    sb.Append("\r\n");
                }

                foreach (var chunk in sb.GetChunks())
                {
                    encoder.Convert(chunk.Span, body, flush: false, out _, out _);
                }

                sb.Clear();
                await body.FlushAsync(ct);
            }

            encoder.Convert([], body, flush: true, out _, out _);
            await body.FlushAsync(ct);
        });

        app.MapGet("/export/articles.json", async (HttpContext http, SearchService search, CancellationToken ct) =>
        {
            var (lang, baseUrl) = Context(http);
            await using var export = await OpenAsync(http, search, ct);
            Start(http, "application/json; charset=utf-8", "articles.json");
            // The bytes JsonSerializer wrote for { total, items } when the whole file was built at once.
            await using var json = new Utf8JsonWriter(http.Response.BodyWriter, s_writer);
            json.WriteStartObject();
            json.WriteNumber("total", export.Total);
            json.WriteStartArray("items");
            foreach (var batch in export.Batches(ct))
            {
                foreach (var a in batch)
                {
                    JsonSerializer.Serialize(json, new
                    {
                        a.Id,
                        a.Title,
                        a.Outlet,
                        Published = a.Published?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        a.DatePrecision,
                        a.Persons,
                        a.Topics,
                        Url = baseUrl + "/articles/" + Uri.EscapeDataString(a.Id),
                        Citation = Citation.For(a, lang, baseUrl),
                    }, s_json);
                }

                await json.FlushAsync(ct);
                await http.Response.BodyWriter.FlushAsync(ct);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(ct);
            await http.Response.BodyWriter.FlushAsync(ct);
        });
        return app;
    }

    private static async Task<ArticleExport> OpenAsync(HttpContext http, SearchService search, CancellationToken ct)
    {
        var q = http.Request.Query;
        var query = ArchiveQuery.Parse(q["q"], q["person"].OfType<string>(), q["topic"].OfType<string>(), q["outlet"], q["from"], q["to"], 1, q["sort"]) with
        {
            Agency = q["agency"].ToString() is { Length: > 0 } agency ? agency : null,
        };
        // Archive:ExportBatchSize: rows per read of the store and per write (tests make batches small).
        var batchSize = http.RequestServices.GetRequiredService<IConfiguration>().GetValue(BatchSizeKey, SearchService.ExportBatchSize);
        return await search.OpenExportAsync(query.ToRequest(), batchSize: Math.Max(1, batchSize), ct: ct);
    }

    private static (UiLanguage Lang, string BaseUrl) Context(HttpContext http)
    {
        var origins = http.RequestServices.GetRequiredService<ArchiveOrigins>();
        var lang = UiLanguage.Resolve(http.Request.Query[UiLanguage.QueryKey], http.Request.Cookies[UiLanguage.CookieName]);
        // Never from the Host header, which the client writes: the configured address, else relative links.
        return (lang, origins.PublicBaseUrl);
    }

    /// <summary>The headers <c>Results.File</c> wrote for a download, without a length (it is not known before the end).</summary>
    private static void Start(HttpContext http, string contentType, string fileName)
    {
        http.Response.ContentType = contentType;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        http.Response.Headers.ContentDisposition = disposition.ToString();
    }

    /// <summary>
    /// One RFC 4180 cell. A cell a spreadsheet would read as a formula (starting with = + - @, or a tab or CR before
    /// one) gets a leading apostrophe: a title such as =HYPERLINK(...) stays text (OWASP "CSV injection").
    /// </summary>
    internal static string Csv(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
