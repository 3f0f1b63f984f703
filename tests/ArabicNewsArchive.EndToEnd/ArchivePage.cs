using Microsoft.Playwright;

namespace ArabicNewsArchive.EndToEnd;

/// <summary>
/// Where things are on the archive's pages, in one place: a reader finds them by role and visible name where the
/// page offers one, and by the <c>data-testid</c>s the interface exposes for what has no accessible name to count by.
/// </summary>
public sealed class ArchivePage(IPage page)
{
    public ILocator Results => page.GetByTestId("result-card");

    /// <summary>The title link of one listed article.</summary>
    public ILocator ResultLink(string id) =>
        page.Locator($"[data-testid=result-card][data-id='{id}']").GetByRole(AriaRole.Link).First;

    /// <summary>The search field, by the name it submits (the contract's <c>q</c>).</summary>
    public ILocator SearchBox => page.Locator("form[role=search] input[name=q]");

    public ILocator ClearFilters => page.GetByTestId("clear-filters");

    /// <summary>The date range picker's typed start and end (it is editable: yyyy-MM-dd).</summary>
    public ILocator DateFrom => page.Locator(".date-range input").Nth(0);

    public ILocator DateTo => page.Locator(".date-range input").Nth(1);

    public ILocator MonthBars => page.GetByTestId("month-bar");

    /// <summary>The facet link of a person, as listed under People.</summary>
    public ILocator PersonFacet(string slug) => page.Locator($"[data-testid=facet-person][data-slug='{slug}']");

    public ILocator LanguageSwitch => page.GetByTestId("language-switch");

    public ILocator SourcePane => page.GetByTestId("source-pane");

    public ILocator SourceLines => page.GetByTestId("source-line");

    /// <summary>The text of each source line, without its line number.</summary>
    public ILocator SourceLineTexts => SourceLines.Locator(".line-text");

    public ILocator ReadingParagraphs => page.GetByTestId("reading-paragraph");

    public ILocator DateEvidence => page.GetByTestId("date-evidence");

    /// <summary>Source lines the reading view has lit up (hovered paragraph or followed evidence).</summary>
    public ILocator HighlightedSourceLines => page.Locator("[data-testid=source-line].linked");

    /// <summary>The "compare" link beside a related article on an article page.</summary>
    public ILocator CompareLink(string relatedId) => page.Locator($"[data-testid=related][data-id='{relatedId}'] a.compare-link");

    public ILocator ComparedArticles => page.GetByTestId("compare-side");

    /// <summary>The ids of the articles listed, read from each card's <c>data-id</c>, in id order.</summary>
    public async Task<IReadOnlyList<string>> ResultIdsAsync()
    {
        var ids = await Results.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.id)");
        return [.. ids.Order(StringComparer.Ordinal)];
    }
}
