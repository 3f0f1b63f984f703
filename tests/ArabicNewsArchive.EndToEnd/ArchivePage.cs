using System.Text.RegularExpressions;
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
        page.Locator($"[data-testid=result-card][data-article-id='{id}']").GetByRole(AriaRole.Link).First;

    public ILocator SearchBox => page.GetByTestId("search-input");

    public ILocator ClearFilters => page.GetByTestId("clear-filters");

    public ILocator DateFrom => page.GetByTestId("date-from");

    public ILocator DateTo => page.GetByTestId("date-to");

    public ILocator Snippets => page.GetByTestId("result-snippet");

    /// <summary>The facet link of a person, found by the name a reader sees.</summary>
    public ILocator PersonFacet(string name) =>
        page.GetByTestId("facet-persons").GetByRole(AriaRole.Link, new() { NameRegex = new Regex(Regex.Escape(name)) });

    public ILocator LanguageSwitch => page.GetByTestId("language-switch");

    public ILocator SourcePane => page.GetByTestId("source-pane");

    public ILocator SourceLines => page.GetByTestId("source-line");

    public ILocator ReadingParagraphs => page.GetByTestId("reading-paragraph");

    public ILocator DateEvidence => page.GetByTestId("date-evidence");

    /// <summary>Source lines the reading view has lit up (hovered paragraph or followed evidence).</summary>
    public ILocator HighlightedSourceLines => page.Locator("[data-testid=source-line][data-highlighted=true]");

    public ILocator CompareLink => page.GetByTestId("compare-link");

    public ILocator ComparedArticles => page.GetByTestId("compare-article");

    /// <summary>The ids of the articles listed, read from each card's <c>data-article-id</c>.</summary>
    public async Task<IReadOnlyList<string>> ResultIdsAsync()
    {
        var ids = await Results.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.articleId)");
        return [.. ids.Order(StringComparer.Ordinal)];
    }
}
