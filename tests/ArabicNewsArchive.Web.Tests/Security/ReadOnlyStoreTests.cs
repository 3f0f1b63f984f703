using System.Net;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Web.Ingestion;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ArabicNewsArchive.Web.Tests.Security;

/// <summary>A store the app may not write (a read-only mount, a copy for readers) is served as it is.</summary>
public sealed class ReadOnlyStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ana-ro-" + Guid.NewGuid().ToString("N"));

    public ReadOnlyStoreTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ReadOnlyStore_IsServed()
    {
        var db = Path.Combine(_folder, "archive.db");
        var seeds = ArchiveStartup.FindSeedsPath(AppContext.BaseDirectory)!;
        Assert.Equal(0, await IngestCommand.RunAsync([seeds], $"Data Source={db};Pooling=False", seeds, new StringWriter(), new StringWriter()));
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            b.UseSetting("ConnectionStrings:Archive", $"Data Source={db};Mode=ReadOnly;Pooling=False"));

        var client = app.CreateClient();
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative));
        using var search = await client.GetAsync(new Uri("/api/articles?q=" + Uri.EscapeDataString("بوتين"), UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Contains("vladimir-putin", await search.Content.ReadAsStringAsync());
    }
}
