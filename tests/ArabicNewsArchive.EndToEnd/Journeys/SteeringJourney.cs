using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace ArabicNewsArchive.EndToEnd.Journeys;

/// <summary>Issue 29: a search a journalist can steer, read back, narrowed through a facet's "more" box, on a phone.</summary>
/// <remarks>On a store of its own (<see cref="CrowdedArchiveApp"/>): the seeds name only ten people.</remarks>
public sealed class SteeringJourney(CrowdedArchiveApp app) : IClassFixture<CrowdedArchiveApp>
{
    [Fact]
    public Task ExactForm_IsReadBack_ThePeopleFacetNarrowsThroughItsBox_AndThePhoneShowsResultsFirst() =>
        Journey.RunAsync(app, "29-steering", async j =>
        {
            var archive = new ArchivePage(j.Page);
            await j.GotoAsync("/");
            await archive.SearchBox.ClickAsync();
            await archive.SearchBox.PressSequentiallyAsync("\"الصين\" (((");
            await archive.SearchBox.PressAsync("Enter");
            await Expect(j.Page).ToHaveURLAsync(new Regex("q="));
            await j.WaitForInteractiveAsync();

            // The query read back: the quoted word as an exact form, the brackets as ignored.
            var reading = j.Page.GetByTestId("query-reading");
            await Expect(reading).ToContainTextAsync("الصين (بصيغته كما كُتب)");
            await Expect(reading.Locator("code")).ToHaveTextAsync("(((");
            var found = await archive.Results.CountAsync();
            Assert.True(found > 0);
            // Only the form typed is marked: الصين (with or without its particles), never a word of its stem alone.
            foreach (var mark in await j.Page.Locator("[data-testid=result-card] mark").AllTextContentsAsync())
            {
                Assert.Contains("صين", mark, StringComparison.Ordinal);
            }

            await j.ScreenshotAsync("exact-form-read-back");
            await j.CheckAccessibilityAsync("steering-read-back-ar");

            // More people than the facet lists: its box finds one of the rest by part of a name.
            var box = j.Page.GetByTestId("facet-person-filter");
            await box.FillAsync("ي");
            var more = j.Page.Locator("[data-testid=facet-person-more-list] [data-testid=facet-person]");
            await Expect(more.First).ToBeVisibleAsync();
            var slug = await more.First.GetAttributeAsync("data-slug");
            await j.ScreenshotAsync("people-more-box");
            await more.First.ClickAsync();
            await Expect(j.Page).ToHaveURLAsync(new Regex("person=" + Regex.Escape(slug!)));
            await j.WaitForInteractiveAsync();
            Assert.True(await archive.Results.CountAsync() is > 0 and var n && n <= found);
            await Expect(archive.PersonFacet(slug!)).ToHaveAttributeAsync("aria-current", "true");

            // A phone: the results come before the facets.
            await j.Page.SetViewportSizeAsync(390, 844);
            var results = await j.Page.Locator(".archive-results").BoundingBoxAsync();
            var facets = await j.Page.Locator(".archive-facets").BoundingBoxAsync();
            Assert.True(results!.Y < facets!.Y, $"results at {results.Y}, facets at {facets.Y}");
            await j.ScreenshotAsync("phone-results-first");
        });
}
