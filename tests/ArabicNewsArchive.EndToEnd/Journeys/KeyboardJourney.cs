using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace ArabicNewsArchive.EndToEnd.Journeys;

/// <summary>Journey 6: no mouse at all. Tab, type and Enter must search, filter and open an article.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardJourney(ArchiveApp app)
{
    private const int MaxTabs = 80;

    [Fact]
    public Task Keyboard_AloneSearchesFiltersAndOpensAnArticle() => Journey.RunAsync(app, "06-keyboard", async j =>
    {
        var archive = new ArchivePage(j.Page);
        await j.GotoAsync("/");

        await TabUntilAsync(j, "form[role=search] input[name=q]", "the search box");
        await j.Page.Keyboard.TypeAsync("Lavrov");
        await j.Page.Keyboard.PressAsync("Enter");
        await Expect(j.Page).ToHaveURLAsync(new Regex("q=Lavrov"));
        await j.WaitForInteractiveAsync();
        await Expect(archive.Results).ToHaveCountAsync(3);
        await j.ScreenshotAsync("searched");

        await TabUntilAsync(j, "[data-testid=facet-person][data-slug='wang-yi']", "the Wang Yi facet");
        await j.ScreenshotAsync("facet-focused");
        await j.Page.Keyboard.PressAsync("Enter");
        await Expect(j.Page).ToHaveURLAsync(new Regex("person=wang-yi"));
        await j.WaitForInteractiveAsync();
        await Expect(archive.Results).ToHaveCountAsync(2);
        await j.ScreenshotAsync("filtered");

        await TabUntilAsync(j, $"[data-testid=result-card][data-id='{Seeds.PutinWangYi}'] h3 a", "the article's title link");
        await j.Page.Keyboard.PressAsync("Enter");
        await Expect(j.Page).ToHaveURLAsync(new Regex($"/articles/{Seeds.PutinWangYi}"));
        await j.WaitForInteractiveAsync();
        await Expect(archive.SourcePane).ToBeVisibleAsync();
        await j.ScreenshotAsync("article");
    });

    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/>, as a keyboard user would.</summary>
    private static async Task TabUntilAsync(Journey j, string selector, string what)
    {
        for (var i = 0; i < MaxTabs; i++)
        {
            await j.Page.Keyboard.PressAsync("Tab");
            var focused = await j.Page.EvaluateAsync<bool>(
                "sel => { const a = document.activeElement; return !!a && (a.matches(sel) || !!a.closest(sel)); }", selector);
            if (focused)
            {
                // A keyboard user must see where they are: the focused control draws a visible ring.
                var ring = await j.Page.EvaluateAsync<string>(
                    "() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }");
                Assert.True(!ring.StartsWith("none", StringComparison.Ordinal) && !ring.EndsWith(" 0px", StringComparison.Ordinal),
                    $"{what} has focus but no visible focus ring (outline: {ring}).");
                return;
            }
        }

        Assert.Fail($"{MaxTabs} presses of Tab never reached {what} ({selector}).");
    }
}
