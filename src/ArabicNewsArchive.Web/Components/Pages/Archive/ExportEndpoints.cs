using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Web.Localization;
using ArabicNewsArchive.Web.Security;

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

    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/export/articles.csv", async (HttpContext http, SearchService search, CancellationToken ct) =>
        {
            var (rows, lang, baseUrl) = await LoadAsync(http, search, ct);
            var sb = new StringBuilder();
            // RFC 4180 line ends, whatever the server OS.
            sb.Append("id,title,outlet,published,datePrecision,persons,topics,url,citation\r\n");
            foreach (var a in rows)
            {
                sb.AppendJoin(',',
                    Csv(a.Id), Csv(a.Title), Csv(a.Outlet?.NameAr ?? ""),
                    Csv(a.Published?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""), Csv(a.DatePrecision),
                    Csv(string.Join(';', a.Persons)), Csv(string.Join(';', a.Topics)),
                    Csv(baseUrl + "/articles/" + Uri.EscapeDataString(a.Id)), Csv(Citation.For(a, lang, baseUrl)));
                sb.Append("\r\n");
            }
            // The BOM lets spreadsheet programs read the Arabic as UTF-8.
            var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(sb.ToString())).ToArray();
            return Results.File(bytes, "text/csv; charset=utf-8", "articles.csv");
        });

        app.MapGet("/export/articles.json", async (HttpContext http, SearchService search, CancellationToken ct) =>
        {
            var (rows, lang, baseUrl) = await LoadAsync(http, search, ct);
            var items = rows.Select(a => new
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
            });
            var bytes = JsonSerializer.SerializeToUtf8Bytes(new { total = rows.Count, items }, s_json);
            return Results.File(bytes, "application/json; charset=utf-8", "articles.json");
        });
        return app;
    }

    private static async Task<(IReadOnlyList<ArticleSummary> Rows, UiLanguage Lang, string BaseUrl)> LoadAsync(
        HttpContext http, SearchService search, CancellationToken ct)
    {
        var origins = http.RequestServices.GetRequiredService<ArchiveOrigins>();
        var q = http.Request.Query;
        var query = ArchiveQuery.Parse(q["q"], q["person"].OfType<string>(), q["topic"].OfType<string>(), q["outlet"], q["from"], q["to"], 1, q["sort"]) with
        {
            Agency = q["agency"].ToString() is { Length: > 0 } agency ? agency : null,
        };
        var rows = await search.ExportAsync(query.ToRequest(), ct);
        var lang = UiLanguage.Resolve(q[UiLanguage.QueryKey], http.Request.Cookies[UiLanguage.CookieName]);
        // Never from the Host header, which the client writes: the configured address, else relative links.
        return (rows, lang, origins.PublicBaseUrl);
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
