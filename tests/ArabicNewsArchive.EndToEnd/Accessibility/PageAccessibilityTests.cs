using static Microsoft.Playwright.Assertions;

namespace ArabicNewsArchive.EndToEnd.Accessibility;

/// <summary>Every page, in both interface languages, with zero serious or critical axe-core violations.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageAccessibilityTests(ArchiveApp app)
{
    public static TheoryData<string, string> Pages()
    {
        var pages = new TheoryData<string, string>();
        foreach (var lang in new[] { "ar", "en" })
        {
            pages.Add("home", lang);
            pages.Add("search", lang);
            pages.Add("article", lang);
            pages.Add("compare", lang);
            pages.Add("people", lang);
            pages.Add("person", lang);
            pages.Add("topics", lang);
            pages.Add("topic", lang);
            pages.Add("timeline", lang);
            pages.Add("docs", lang);
            pages.Add("doc", lang);
            pages.Add("not-found", lang);
        }

        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public Task Page_HasNoSeriousAccessibilityViolations(string name, string lang) =>
        Journey.RunAsync(app, $"a11y-{name}-{lang}", async j =>
        {
            var path = name switch
            {
                "home" => "/",
                "search" => "/?q=" + Uri.EscapeDataString("الالعاب الاولمبية"),
                "article" => $"/articles/{Journeys.Seeds.PutinWangYi}",
                "compare" => $"/compare?a={Journeys.Seeds.WangYiPatrushev}&b={Journeys.Seeds.PutinWangYi}",
                "people" => "/people",
                "person" => "/people/wang-yi",
                "topics" => "/topics",
                "topic" => "/topics/visits-summits",
                "timeline" => "/timeline",
                "docs" => "/docs",
                "doc" => "/docs/accessibility",
                _ => "/no-such-page",
            };
            var separator = path.Contains('?') ? '&' : '?';
            await j.GotoAsync($"{path}{separator}lang={lang}");
            await Expect(j.Page.Locator("html")).ToHaveAttributeAsync("lang", lang);
            await Expect(j.Page.Locator("html")).ToHaveAttributeAsync("dir", lang == "ar" ? "rtl" : "ltr");
            await j.ScreenshotAsync(name);
            await j.CheckAccessibilityAsync($"{name}-{lang}");
        });
}
