using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ArabicNewsArchive.EndToEnd.Journeys;

/// <summary>Journeys 1–3 of the browser suite: facets, typed search, and the date range kept in the URL.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SearchJourneys(ArchiveApp app)
{
    [Fact]
    public Task Facets_PutinThenWangYiNarrowTheListAndClearRestoresIt() => Journey.RunAsync(app, "01-facets", async j =>
    {
        var archive = new ArchivePage(j.Page);
        await j.GotoAsync("/");
        await Expect(archive.Results).ToHaveCountAsync(Seeds.All.Count);
        await j.ScreenshotAsync("home");
        await j.CheckAccessibilityAsync("home-ar");

        await archive.PersonFacet("vladimir-putin").ClickAsync();
        await Expect(j.Page).ToHaveURLAsync(new Regex("person=vladimir-putin"));
        await j.WaitForInteractiveAsync();
        await Expect(archive.Results).ToHaveCountAsync(5);
        await j.ScreenshotAsync("putin");

        await archive.PersonFacet("wang-yi").ClickAsync();
        await Expect(j.Page).ToHaveURLAsync(new Regex("person=wang-yi"));
        await j.WaitForInteractiveAsync();
        await Expect(archive.Results).ToHaveCountAsync(2);
        Assert.Equal([Seeds.WangYiPatrushev, Seeds.PutinWangYi], await archive.ResultIdsAsync());
        await j.ScreenshotAsync("putin-and-wang-yi");
        await j.CheckAccessibilityAsync("home-filtered-ar");

        await archive.ClearFilters.ClickAsync();
        await Expect(j.Page).Not.ToHaveURLAsync(new Regex("person="));
        await j.WaitForInteractiveAsync();
        await Expect(archive.Results).ToHaveCountAsync(Seeds.All.Count);
        await j.ScreenshotAsync("cleared");
    });

    [Fact]
    public Task Search_FindsOlympicsWithoutHamzaAndLavrovInLatin() => Journey.RunAsync(app, "02-search", async j =>
    {
        var archive = new ArchivePage(j.Page);
        await j.GotoAsync("/");
        // Every address the page goes to: Enter must search for what the box shows, never for an older text
        // (the box used to submit its last debounced value, so Enter first went back to the query before).
        var addresses = new List<string>();
        j.Page.FrameNavigated += (_, frame) =>
        {
            if (frame == j.Page.MainFrame)
            {
                lock (addresses)
                {
                    addresses.Add(Uri.UnescapeDataString(frame.Url));
                }
            }
        };
        List<string> AddressesSince(int start)
        {
            lock (addresses)
            {
                return addresses[start..];
            }
        }

        await archive.SearchBox.ClickAsync();
        await archive.SearchBox.PressSequentiallyAsync("الالعاب الاولمبية");
        var enter = AddressesSince(0).Count;
        await archive.SearchBox.PressAsync("Enter");
        await Expect(j.Page).ToHaveURLAsync(new Regex("q="));
        await j.WaitForInteractiveAsync();
        await Expect(archive.Results).ToHaveCountAsync(2);
        Assert.Equal([Seeds.UshakovStatement, Seeds.PutinXiBeijing], await archive.ResultIdsAsync());
        // The reader typed no hamza; the snippet must show the article's own spelling, highlighted.
        foreach (var card in await archive.Results.AllAsync())
        {
            var marks = await card.Locator("mark").AllTextContentsAsync();
            Assert.Contains(marks, m => m.Contains("الأولمبية", StringComparison.Ordinal) || m.Contains("الألعاب", StringComparison.Ordinal));
        }

        await j.ScreenshotAsync("olympics");
        await j.CheckAccessibilityAsync("search-results-ar");

        Assert.All(AddressesSince(enter), a => Assert.Contains("q=", a, StringComparison.Ordinal));

        await archive.SearchBox.ClearAsync();
        await archive.SearchBox.PressSequentiallyAsync("Lavrov");
        enter = AddressesSince(0).Count;
        await archive.SearchBox.PressAsync("Enter");
        await Expect(j.Page).ToHaveURLAsync(new Regex("q=Lavrov"));
        await j.WaitForInteractiveAsync();
        await Expect(archive.Results).ToHaveCountAsync(3);
        Assert.All(AddressesSince(enter), a => Assert.DoesNotContain("الالعاب", a, StringComparison.Ordinal));
        Assert.Equal([Seeds.UshakovStatement, Seeds.WangYiPatrushev, Seeds.PutinWangYi], await archive.ResultIdsAsync());
        await j.ScreenshotAsync("lavrov");
    });

    [Fact]
    public Task DateRange_NarrowsTo2023AndSurvivesReload() => Journey.RunAsync(app, "03-date-range", async j =>
    {
        var archive = new ArchivePage(j.Page);
        await j.GotoAsync("/");
        await Expect(archive.Results).ToHaveCountAsync(Seeds.All.Count);

        // The picker, as a person uses it: type the first day of 2023, then the last; the range applies once it
        // is complete.
        await archive.DateFrom.ClickAsync();
        await j.Page.Keyboard.TypeAsync("2023-01-01");
        await j.Page.Keyboard.PressAsync("Tab");
        await Expect(archive.DateTo).ToBeFocusedAsync();
        await j.Page.Keyboard.TypeAsync("2023-12-31");
        await j.Page.Keyboard.PressAsync("Tab");
        await Expect(j.Page).ToHaveURLAsync(new Regex("from=2023-01-01.*to=2023-12-31"));
        await j.WaitForInteractiveAsync();

        var expected = await ArticlesPublishedIn2023Async(j.Page);
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < Seeds.All.Count, "Every seed is dated 2023, so the range would prove nothing.");
        await Expect(archive.Results).ToHaveCountAsync(expected.Count);
        Assert.Equal(expected, await archive.ResultIdsAsync());
        await AssertEveryDateIn2023Async(archive);
        await j.ScreenshotAsync("2023");

        var url = j.Page.Url;
        await j.Page.ReloadAsync();
        await j.WaitForInteractiveAsync();
        Assert.Equal(url, j.Page.Url);
        await Expect(archive.Results).ToHaveCountAsync(expected.Count);
        Assert.Equal(expected, await archive.ResultIdsAsync());
        await Expect(archive.DateFrom).ToHaveValueAsync("2023-01-01");
        await Expect(archive.DateTo).ToHaveValueAsync("2023-12-31");
        await j.ScreenshotAsync("reloaded");
    });

    private static async Task AssertEveryDateIn2023Async(ArchivePage archive)
    {
        foreach (var card in await archive.Results.AllAsync())
        {
            var datetime = await card.Locator("time").First.GetAttributeAsync("datetime");
            Assert.StartsWith("2023", datetime);
        }
    }

    /// <summary>What the archive itself says was published in 2023, asked of its JSON API.</summary>
    private static async Task<IReadOnlyList<string>> ArticlesPublishedIn2023Async(IPage page)
    {
        var response = await page.APIRequest.GetAsync("/api/articles?from=2023-01-01&to=2023-12-31&pageSize=100");
        Assert.True(response.Ok, $"GET /api/articles answered {response.Status}");
        var json = await response.JsonAsync() ?? throw new InvalidOperationException("empty body");
        return [.. json.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetString()!)
            .Order(StringComparer.Ordinal)];
    }
}
