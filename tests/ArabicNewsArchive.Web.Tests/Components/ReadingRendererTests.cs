using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Web.Components.Pages.Articles;

namespace ArabicNewsArchive.Web.Tests.Components;

public sealed class ReadingRendererTests
{
    private static string Render(string text) =>
        ReadingRenderer.Render(new ParagraphView(0, ParagraphKind.Body, null, 0, text.Length, 1, 1, text), text, [], QueryTerms.Parse(null));

    [Theory]
    [InlineData("انقر [هنا](javascript:alert(1)) الآن")]
    [InlineData("انقر [هنا](JavaScript:alert(1)) الآن")]
    [InlineData("انقر [هنا](java&#115;cript:alert(1)) الآن")]
    [InlineData("انقر [هنا](  javascript:alert(1)) الآن")]
    [InlineData("انقر [هنا](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) الآن")]
    [InlineData("انقر [هنا](vbscript:msgbox) الآن")]
    [InlineData("انقر [هنا][r] الآن\n\n[r]: javascript:alert(1)")]
    public void Render_MakesNonWebLinksInert_KeepingTheirText(string text)
    {
        var html = Render(text);

        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href", html, StringComparison.Ordinal);
        Assert.Contains("هنا", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("انقر <javascript:alert(1)> الآن")]
    [InlineData("انقر <data:text/html,x> الآن")]
    public void Render_MakesNonWebAutolinksInert(string text)
    {
        var html = Render(text);

        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ShowsImagesAsTheirTextOnly()
    {
        var html = Render("صورة ![الرئيس](https://tracker.example/p.png) هنا");

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("tracker.example", html, StringComparison.Ordinal);
        Assert.Contains("الرئيس", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("المصدر [رويترز](https://www.reuters.com/x) اليوم", "https://www.reuters.com/x")]
    [InlineData("راسلونا <mailto:news@example.org>", "mailto:news@example.org")]
    [InlineData("الموقع <https://example.org/a>", "https://example.org/a")]
    public void Render_KeepsWebLinks_WithNoOpenerNoReferrer(string text, string href)
    {
        var html = Render(text);

        Assert.Contains($"href=\"{href}\"", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_StillEscapesRawHtml()
    {
        var html = Render("نص <script>alert(1)</script> <img src=x onerror=alert(1)>");

        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
    }
}
