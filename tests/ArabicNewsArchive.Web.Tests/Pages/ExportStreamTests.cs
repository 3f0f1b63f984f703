using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Web.Components.Pages.Archive;
using ArabicNewsArchive.Web.Ingestion;
using ArabicNewsArchive.Web.Localization;
using ArabicNewsArchive.Web.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ArabicNewsArchive.Web.Tests.Pages;

/// <summary>
/// The exports stream (a batch of rows read and written at a time) and still write the bytes the endpoints wrote when
/// they built the whole file in memory: <see cref="Reference"/> is that code, kept here as the format's statement.
/// </summary>
public sealed class ExportStreamTests : IClassFixture<ExportStreamTests.Store>
{
    private readonly Store _store;

    public ExportStreamTests(Store store) => _store = store;

    public static TheoryData<string> Queries => new()
    {
        "person=vladimir-putin",
        "person=wang-yi&lang=en",
        "q=" + Uri.EscapeDataString("روسيا"),
        "q=" + Uri.EscapeDataString("بوتين") + "&sort=date&lang=en",
        "q=" + Uri.EscapeDataString("الزعفران"),
        "q=" + Uri.EscapeDataString("لاشيءيطابقهذا"),
        "",
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Export_Csv_SameBytesAsTheWholeFile_InBatches(string query)
    {
        foreach (var factory in new[] { _store.Default, _store.SmallBatches })
        {
            var response = await factory.CreateClient().GetAsync("/export/articles.csv?" + query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            Assert.Equal("articles.csv", response.Content.Headers.ContentDisposition?.FileName);
            var expected = await Reference.CsvAsync(factory.Services, query);
            Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
        }
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Export_Json_SameBytesAsTheWholeFile_InBatches(string query)
    {
        foreach (var factory in new[] { _store.Default, _store.SmallBatches })
        {
            var response = await factory.CreateClient().GetAsync("/export/articles.json?" + query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            Assert.Equal("articles.json", response.Content.Headers.ContentDisposition?.FileName);
            var expected = await Reference.JsonAsync(factory.Services, query);
            Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
        }
    }

    [Fact]
    public async Task Export_MadeUpArchive_SpansManyBatches()
    {
        var json = await _store.SmallBatches.CreateClient().GetStringAsync("/export/articles.json?q=" + Uri.EscapeDataString("الزعفران"));
        using var doc = JsonDocument.Parse(json);
        var items = doc.RootElement.GetProperty("items");
        Assert.Equal(Store.MadeUp, items.GetArrayLength());
        Assert.Equal(Store.MadeUp, doc.RootElement.GetProperty("total").GetInt32());
        // The title that starts like a formula stays text in the CSV, quoted because of its comma.
        var csv = await _store.SmallBatches.CreateClient().GetStringAsync("/export/articles.csv?q=" + Uri.EscapeDataString("الزعفران"));
        Assert.Contains(",\"'=قمة رقم 0، \"\"عاجل\"\", في المدينة\",", csv);
    }

    /// <summary>The endpoints as they were before they streamed: every row, then the whole file.</summary>
    private static class Reference
    {
        private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        };

        public static async Task<byte[]> CsvAsync(IServiceProvider services, string query)
        {
            var (rows, lang, baseUrl) = await LoadAsync(services, query);
            var sb = new StringBuilder();
            sb.Append("id,title,outlet,published,datePrecision,persons,topics,url,citation\r\n");
            foreach (var a in rows)
            {
                sb.AppendJoin(',',
                    ExportEndpoints.Csv(a.Id), ExportEndpoints.Csv(a.Title), ExportEndpoints.Csv(a.Outlet?.NameAr ?? ""),
                    ExportEndpoints.Csv(a.Published?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""), ExportEndpoints.Csv(a.DatePrecision),
                    ExportEndpoints.Csv(string.Join(';', a.Persons)), ExportEndpoints.Csv(string.Join(';', a.Topics)),
                    ExportEndpoints.Csv(baseUrl + "/articles/" + Uri.EscapeDataString(a.Id)), ExportEndpoints.Csv(Citation.For(a, lang, baseUrl)));
                sb.Append("\r\n");
            }

            return [.. Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(sb.ToString()))];
        }

        public static async Task<byte[]> JsonAsync(IServiceProvider services, string query)
        {
            var (rows, lang, baseUrl) = await LoadAsync(services, query);
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
            return JsonSerializer.SerializeToUtf8Bytes(new { total = rows.Count, items }, s_json);
        }

        private static async Task<(IReadOnlyList<ArticleSummary> Rows, UiLanguage Lang, string BaseUrl)> LoadAsync(IServiceProvider services, string query)
        {
            var q = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
            var parsed = ArchiveQuery.Parse(q.GetValueOrDefault("q"), q.GetValueOrDefault("person").OfType<string>(), q.GetValueOrDefault("topic").OfType<string>(),
                q.GetValueOrDefault("outlet"), q.GetValueOrDefault("from"), q.GetValueOrDefault("to"), 1, q.GetValueOrDefault("sort"));
            var rows = await services.GetRequiredService<SearchService>().ExportAsync(parsed.ToRequest());
            var lang = UiLanguage.Resolve(q.GetValueOrDefault(UiLanguage.QueryKey), null);
            return (rows, lang, services.GetRequiredService<ArchiveOrigins>().PublicBaseUrl);
        }
    }

    /// <summary>The seeds and <see cref="MadeUp"/> made-up articles, served with the default batch and with batches of 7.</summary>
    public sealed class Store : IAsyncLifetime
    {
        public const int MadeUp = 60;

        private readonly string _folder = Path.Combine(Path.GetTempPath(), "ana-export-" + Guid.NewGuid().ToString("N"));

        public WebApplicationFactory<Program> Default { get; private set; } = null!;

        public WebApplicationFactory<Program> SmallBatches { get; private set; } = null!;

        private string ConnectionString => $"Data Source={Path.Combine(_folder, "archive.db")};Pooling=False";

        public async Task InitializeAsync()
        {
            var files = Path.Combine(_folder, "in");
            Directory.CreateDirectory(files);
            for (var i = 0; i < MadeUp; i++)
            {
                // A formula-like title with a comma and quotes (CSV escaping), dates some days apart, a few undated.
                var title = i == 0 ? "=قمة رقم 0، \\\"عاجل\\\", في المدينة" : $"قمة رقم {i} في المدينة";
                var date = i % 9 == 0 ? "" : $"published: {new DateOnly(2022, 3, 1).AddDays(i % 13):yyyy-MM-dd}\n";
                await File.WriteAllTextAsync(Path.Combine(files, $"m{i:D3}.md"),
                    $"---\ntitle: \"{title}\"\noutlet: asharq\n{date}---\n\nعقدت قمة الزعفران رقم {i} في المدينة، وقال الرئيس الروسي فلاديمير بوتين إن المحادثات كانت بناءة.\n");
            }

            var seeds = ArchiveStartup.FindSeedsPath(AppContext.BaseDirectory);
            var exit = await IngestCommand.RunAsync([files], ConnectionString, seeds, TextWriter.Null, TextWriter.Null);
            Assert.Equal(0, exit);
            Default = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Archive", ConnectionString));
            SmallBatches = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            {
                b.UseSetting("ConnectionStrings:Archive", ConnectionString);
                b.UseSetting(ExportEndpoints.BatchSizeKey, "7");
            });
        }

        public async Task DisposeAsync()
        {
            await Default.DisposeAsync();
            await SmallBatches.DisposeAsync();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
