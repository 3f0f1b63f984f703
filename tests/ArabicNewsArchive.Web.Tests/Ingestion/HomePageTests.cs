using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ArabicNewsArchive.Web.Tests.Ingestion;

/// <summary>The host as <c>dotnet run</c> starts it, on a temp SQLite file: migrate, seed, serve.</summary>
public sealed class HomePageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ana-web-" + Guid.NewGuid().ToString("N"));
    private readonly WebApplicationFactory<Program> _factory;

    public HomePageTests()
    {
        Directory.CreateDirectory(_folder);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            b.UseSetting("ConnectionStrings:Archive", $"Data Source={Path.Combine(_folder, "archive.db")};Pooling=False"));
    }

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Home_ListsTheFiveSeedTitlesInUtf8ArabicRightToLeft()
    {
        var response = await _factory.CreateClient().GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Contains("lang=\"ar\"", html);
        Assert.Contains("dir=\"rtl\"", html);
        Assert.DoesNotContain("&#x6", html);
        Assert.Contains("روسيا: تطوير شراكة استراتيجية مع الصين &quot;أولوية غير مشروطة&quot;", html);
        Assert.Contains("دبلوماسي صيني كبير يقول إن العلاقات بين روسيا “ صلبة ”", html);
        Assert.Contains("بوتين: العلاقات بين روسيا والصين تتطور.. وننتظر زيارة الرئيس الصيني", html);
        Assert.Contains("صرّح مساعد الرئيس الروسي يوري أوشاكوف", html);
        Assert.Contains("أكدت روسيا والصين أنهما يعملان لتطبيق تعددية حقيقية", html);
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Matches(html, "href=\"/articles/([0-9a-f_]+)\"").Select(m => m.Groups[1].Value).Distinct().Count());
        Assert.Contains("الميادين", html);
    }

    [Fact]
    public async Task Article_ShowsTitleBodyAndSourceText()
    {
        var html = await _factory.CreateClient().GetStringAsync(new Uri("/articles/002_beaccfc0902c3d0e", UriKind.Relative));

        Assert.Contains("data-testid=\"headline\">روسيا: تطوير شراكة استراتيجية مع الصين &quot;أولوية غير مشروطة&quot;</h1>", html);
        Assert.Matches("kind-heading[^>]*><h3 class=\"reading-heading\">مواقف متقاربة</h3>", html);
        Assert.Contains("time reading icon", html); // in the source pane, not in the body
        Assert.Equal(1, CountOf(html, "time reading icon"));
        Assert.DoesNotContain("&#x6", html);
    }

    [Fact]
    public async Task Article_UnknownIdSaysSo()
    {
        var response = await _factory.CreateClient().GetAsync(new Uri("/articles/nope", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("الصفحة غير موجودة", await response.Content.ReadAsStringAsync());
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
