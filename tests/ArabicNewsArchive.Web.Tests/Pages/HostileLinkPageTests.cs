using System.Net;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Web.Ingestion;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ArabicNewsArchive.Web.Tests.Pages;

/// <summary>An article file whose Markdown carries script links, imported and read as any reader would.</summary>
public sealed class HostileLinkPageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ana-xss-" + Guid.NewGuid().ToString("N"));
    private readonly WebApplicationFactory<Program> _factory;

    public HostileLinkPageTests()
    {
        Directory.CreateDirectory(_folder);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            b.UseSetting("ConnectionStrings:Archive", ConnectionString));
    }

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "archive.db")};Pooling=False";

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ArticlePage_RendersScriptLinksInArticleTextAsText()
    {
        var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        var file = Path.Combine(_folder, "hostile-links.md");
        await File.WriteAllTextAsync(file,
            "# خبر عن الروابط\n\nقال المتحدث إن [التفاصيل هنا](javascript:alert(document.cookie)) وإن <javascript:alert(2)> "
            + "رابط أيضا، والمصدر [رويترز](https://www.reuters.com/world/).\n\nوأضاف أن الاجتماع سيعقد الأسبوع المقبل في العاصمة.\n");
        var output = new StringWriter();
        var exit = await IngestCommand.RunAsync([file], ConnectionString, ArchiveStartup.FindSeedsPath(AppContext.BaseDirectory),
            output, new StringWriter());
        Assert.True(exit == 0, output.ToString());

        var html = await client.GetStringAsync(new Uri("/articles/hostile-links", UriKind.Relative));

        Assert.Contains("التفاصيل هنا", html);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://www.reuters.com/world/\" rel=\"noopener noreferrer nofollow\"", html);
    }
}
