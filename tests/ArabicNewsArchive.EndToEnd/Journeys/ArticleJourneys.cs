using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace ArabicNewsArchive.EndToEnd.Journeys;

/// <summary>Journeys 4–5: reading an article against its source, comparing a story, switching languages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ArticleJourneys(ArchiveApp app)
{
    [Fact]
    public Task Article_SourcePaneHoverAndDateEvidenceLeadToTheSource() => Journey.RunAsync(app, "04-article", async j =>
    {
        var archive = new ArchivePage(j.Page);
        await j.GotoAsync("/");
        // Open it as a reader does: from the list, by its title link.
        await archive.ResultLink(Seeds.UshakovStatement).ClickAsync();
        await Expect(j.Page).ToHaveURLAsync(new Regex($"/articles/{Seeds.UshakovStatement}"));
        await j.WaitForInteractiveAsync();
        await j.ScreenshotAsync("article");
        await j.CheckAccessibilityAsync("article-ar");

        // Line for line: the pane shows every line of the file, in order, nothing added or dropped.
        var expectedLines = Seeds.SourceLines(Seeds.UshakovStatement);
        var shownLines = await archive.SourceLineTexts.AllTextContentsAsync();
        Assert.Equal(expectedLines, shownLines);

        // Hovering the second reading paragraph lights the source lines it came from.
        var paragraph = archive.ReadingParagraphs.Nth(1);
        var paragraphText = (await paragraph.TextContentAsync())!.Trim();
        await paragraph.HoverAsync();
        await Expect(archive.HighlightedSourceLines.First).ToBeVisibleAsync();
        var lit = string.Join("\n", await archive.HighlightedSourceLines.AllTextContentsAsync());
        var probe = paragraphText[..Math.Min(30, paragraphText.Length)];
        Assert.Contains(probe, lit, StringComparison.Ordinal);
        await j.ScreenshotAsync("hover-paragraph");

        // A date evidence phrase takes the reader to where it stands in the source. The reader is down at the
        // "why this date" list, so the phrase's place in the source is off screen until the link is followed.
        var evidence = archive.DateEvidence.Last;
        await evidence.ScrollIntoViewIfNeededAsync();
        var phrase = (await evidence.TextContentAsync())!.Trim().Trim('«', '»');
        Assert.NotEmpty(phrase);
        var href = await evidence.GetAttributeAsync("href") ?? "";
        Assert.Contains('#', href);
        var target = archive.SourcePane.Locator($"[id='{href[(href.IndexOf('#') + 1)..]}']");
        await Expect(target).Not.ToBeInViewportAsync();
        await evidence.ClickAsync();
        await Expect(target).ToBeInViewportAsync();
        await Expect(target).ToContainTextAsync(phrase);
        await j.ScreenshotAsync("date-evidence");
    });

    [Fact]
    public Task Compare_TwoArticlesOfOneStoryAndSwitchLanguage() => Journey.RunAsync(app, "05-compare-language", async j =>
    {
        var archive = new ArchivePage(j.Page);
        await j.GotoAsync($"/articles/{Seeds.WangYiPatrushev}");
        await archive.CompareLink(Seeds.PutinWangYi).ClickAsync();
        await Expect(j.Page).ToHaveURLAsync(new Regex("compare"));
        await j.WaitForInteractiveAsync();
        await Expect(archive.ComparedArticles).ToHaveCountAsync(2);
        var compared = await archive.ComparedArticles.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.id)");
        Assert.Contains(Seeds.WangYiPatrushev, compared);
        Assert.Contains(Seeds.PutinWangYi, compared);
        await j.ScreenshotAsync("compare-ar");
        await j.CheckAccessibilityAsync("compare-ar");

        var html = j.Page.Locator("html");
        await Expect(html).ToHaveAttributeAsync("dir", "rtl");
        var compareUrl = j.Page.Url;
        await archive.LanguageSwitch.ClickAsync();
        await Expect(html).ToHaveAttributeAsync("lang", "en");
        await Expect(html).ToHaveAttributeAsync("dir", "ltr");
        await Expect(j.Page).ToHaveURLAsync(compareUrl);
        await j.WaitForInteractiveAsync();
        await Expect(archive.ComparedArticles).ToHaveCountAsync(2);
        await j.ScreenshotAsync("compare-en");
        await j.CheckAccessibilityAsync("compare-en");

        await archive.LanguageSwitch.ClickAsync();
        await Expect(html).ToHaveAttributeAsync("lang", "ar");
        await Expect(html).ToHaveAttributeAsync("dir", "rtl");
        await Expect(j.Page).ToHaveURLAsync(compareUrl);
        await j.WaitForInteractiveAsync();
        await Expect(archive.ComparedArticles).ToHaveCountAsync(2);
        await j.ScreenshotAsync("compare-ar-again");
    });
}
