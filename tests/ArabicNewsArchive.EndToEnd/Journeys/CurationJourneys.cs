using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ArabicNewsArchive.EndToEnd.Journeys;

/// <summary>A curator corrects the archive in the browser; a visitor sees no edit control (docs/curation.md).</summary>
[Collection(BrowserCollection.Name)]
public sealed class CurationJourneys(ArchiveApp app)
{
    private const string From = "yuri-ushakov";
    private const string Into = "dmitry-peskov";

    private static async Task<int> FacetCountAsync(IPage page, string slug)
    {
        var facet = page.Locator($"[data-testid=facet-person][data-slug='{slug}'] .facet-count");
        if (await facet.CountAsync() == 0)
        {
            return 0;
        }

        var digits = (await facet.First.TextContentAsync() ?? "").Where(char.IsDigit).Select(c => (int)char.GetNumericValue(c));
        return digits.Aggregate(0, (n, d) => (n * 10) + d);
    }

    private static async Task<int> TotalAsync(IPage page, string query)
    {
        var response = await page.APIRequest.GetAsync("/api/articles?pageSize=1&" + query);
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("total").GetInt32();
    }

    [Fact]
    public Task Curator_MergesRejectsAMentionAndSetsADate() => Journey.RunAsync(app, "20-curation", async j =>
    {
        await app.CreateUserAsync("curator-journey", "curator");
        await j.SignInAsync("curator-journey", "/");
        var before = (await FacetCountAsync(j.Page, From), await FacetCountAsync(j.Page, Into));
        var both = await TotalAsync(j.Page, $"person={From}&person={Into}");
        Assert.True(before.Item1 > 0 && before.Item2 > 0, $"the seeds name both {From} and {Into}");

        // Merge one person into the other from the person page, picking the target from the autocomplete's list.
        await j.GotoAsync($"/people/{From}");
        await j.CheckAccessibilityAsync("person-curator");
        await j.ScreenshotAsync("person-curator");
        await j.Page.GetByTestId("merge-into").FillAsync(Into);
        await j.Page.GetByTestId("merge-save").ClickAsync();
        await j.Page.WaitForURLAsync(new Regex($"/people/{Into}$"));
        await j.WaitForInteractiveAsync();
        await Expect(j.Page.GetByTestId("history-entry").First).ToHaveAttributeAsync("data-action", "person.merge");

        await j.GotoAsync("/");
        Assert.Equal(0, await FacetCountAsync(j.Page, From));
        Assert.Equal(before.Item1 + before.Item2 - both, await FacetCountAsync(j.Page, Into));
        await j.ScreenshotAsync("facet-after-merge");

        // Reject a wrong mention from the article's mentions list.
        await j.GotoAsync($"/articles/{Seeds.PutinWangYi}");
        var mentions = j.Page.GetByTestId("mention");
        var count = await mentions.CountAsync();
        Assert.True(count > 0);
        var start = await mentions.First.GetAttributeAsync("data-start");
        await mentions.First.GetByTestId("mention-reject").ClickAsync();
        await Expect(j.Page.GetByTestId("mention")).ToHaveCountAsync(count - 1);
        await j.WaitForInteractiveAsync();
        Assert.Equal(0, await j.Page.Locator($"[data-testid=mention][data-start='{start}']").CountAsync());

        // Set the article's date with a note, by keyboard: the fields are labelled and the button is a real button.
        await j.Page.GetByTestId("date-from").FillAsync("2023-02-21");
        await j.Page.GetByTestId("date-to").FillAsync("2023-02-22");
        await j.Page.GetByTestId("date-note").FillAsync("from the print edition");
        await j.Page.GetByTestId("date-save").FocusAsync();
        await j.Page.Keyboard.PressAsync("Enter");
        await Expect(j.Page.Locator("[data-testid=corrected-mark][data-action='article.date']").First).ToBeVisibleAsync();
        await j.WaitForInteractiveAsync();
        var article = await j.Page.APIRequest.GetAsync($"/api/articles/{Seeds.PutinWangYi}");
        using (var json = JsonDocument.Parse(await article.TextAsync()))
        {
            Assert.Equal("2023-02-21", json.RootElement.GetProperty("published").GetString());
            Assert.Equal("days", json.RootElement.GetProperty("datePrecision").GetString());
        }

        await j.ScreenshotAsync("article-curator");
        await j.CheckAccessibilityAsync("article-curator");
    });

    [Fact]
    public Task Visitor_SeesNoEditControl() => Journey.RunAsync(app, "21-visitor-no-edit", async j =>
    {
        await j.GotoAsync($"/articles/{Seeds.UshakovStatement}");
        await Expect(j.Page.GetByTestId("source-pane")).ToBeVisibleAsync();
        Assert.Equal(0, await j.Page.GetByTestId("article-curation").CountAsync());
        Assert.Equal(0, await j.Page.GetByTestId("mention-reject").CountAsync());
        Assert.Equal(0, await j.Page.GetByTestId("undo").CountAsync());
        await j.GotoAsync($"/people/{Into}");
        Assert.Equal(0, await j.Page.GetByTestId("person-curation").CountAsync());
        await j.CheckAccessibilityAsync("person-visitor");
    });

    /// <summary>The screen as the eye sees it once the curator's panel is scrolled to (full-page shots are too tall to read).</summary>
    private static async Task ViewportShotAsync(Journey j, string testId, string name)
    {
        await j.Page.GetByTestId(testId).ScrollIntoViewIfNeededAsync();
        await j.Page.Mouse.WheelAsync(0, 0);
        await j.Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Journey.ArtifactsDirectory, "22-curation-screens", name + ".png"),
        });
    }

    /// <summary>The article and person pages as a curator and as a visitor, on a desktop and a phone (for docs/screenshots).</summary>
    [Fact]
    public Task Screenshots_CuratorAndVisitor_DesktopAndPhone() => Journey.RunAsync(app, "22-curation-screens", async j =>
    {
        await app.CreateUserAsync("curator-screens", "curator");
        foreach (var (name, width, height) in new[] { ("desktop", 1366, 900), ("phone", 390, 844) })
        {
            await j.Page.SetViewportSizeAsync(width, height);
            await j.GotoAsync($"/articles/{Seeds.WangYiPatrushev}");
            await j.ScreenshotAsync($"article-visitor-{name}");
            await j.GotoAsync("/people/sergey-lavrov");
            await j.ScreenshotAsync($"person-visitor-{name}");
        }

        await j.SignInAsync("curator-screens", $"/articles/{Seeds.WangYiPatrushev}");
        foreach (var (name, width, height) in new[] { ("desktop", 1366, 900), ("phone", 390, 844) })
        {
            await j.Page.SetViewportSizeAsync(width, height);
            await j.GotoAsync($"/articles/{Seeds.WangYiPatrushev}");
            await j.ScreenshotAsync($"article-curator-{name}");
            await ViewportShotAsync(j, "article-curation", $"panel-article-{name}");
            await j.GotoAsync("/people/sergey-lavrov");
            await j.ScreenshotAsync($"person-curator-{name}");
            await ViewportShotAsync(j, "person-curation", $"panel-person-{name}");
        }
    });
}
