using ArabicNewsArchive.Search;
using ArabicNewsArchive.Web.Components.Pages.Archive;
using ArabicNewsArchive.Web.Localization;
using Bunit;

namespace ArabicNewsArchive.Web.Tests.Components;

public sealed class FacetPanelTests : BunitTest
{
    private static readonly Facets s_facets = new(
        [new FacetValue("vladimir-putin", "فلاديمير بوتين", "Vladimir Putin", 5), new FacetValue("xi-jinping", "شي جين بينغ", "Xi Jinping", 4)],
        [new FacetValue("military", "التعاون العسكري", "Military cooperation", 2)],
        [new FacetValue("asharq", "الشرق", "Asharq", 1)],
        [new MonthFacet("2022-02", 2), new MonthFacet("2022-09", 1)]);

    [Fact]
    public void FacetPanel_PersonShowsArabicLatinAndCount_AndLinksToNarrowedArchive()
    {
        var cut = RenderIn<FacetPanel>(UiLanguage.Arabic, p => p.Add(c => c.Facets, s_facets).Add(c => c.Query, new ArchiveQuery { Q = "الصين" }));

        var putin = cut.Find("[data-testid=facet-person][data-slug=vladimir-putin]");
        Assert.Equal("فلاديمير بوتين", putin.QuerySelector(".facet-name")!.TextContent);
        Assert.Equal("Vladimir Putin", putin.QuerySelector(".facet-latin")!.TextContent);
        Assert.Equal("5", putin.QuerySelector(".facet-count")!.TextContent);
        Assert.Equal("/?q=" + Uri.EscapeDataString("الصين") + "&person=vladimir-putin", putin.GetAttribute("href"));
    }

    [Fact]
    public void FacetPanel_SelectedPerson_IsMarkedAndLinksToRemoveIt()
    {
        var cut = RenderIn<FacetPanel>(UiLanguage.Arabic, p => p.Add(c => c.Facets, s_facets)
            .Add(c => c.Query, new ArchiveQuery { Persons = ["vladimir-putin", "xi-jinping"] }));

        var putin = cut.Find("[data-testid=facet-person][data-slug=vladimir-putin]");
        Assert.Equal("true", putin.GetAttribute("aria-current"));
        Assert.Equal("/?person=xi-jinping", putin.GetAttribute("href"));
    }

    [Fact]
    public void FacetPanel_MonthBar_NarrowsToThatMonth_AndSecondClickWidens()
    {
        var cut = RenderIn<FacetPanel>(UiLanguage.Arabic, p => p.Add(c => c.Facets, s_facets).Add(c => c.Query, new ArchiveQuery()));
        Assert.Equal("/?from=2022-02-01&to=2022-02-28", cut.Find("[data-month='2022-02']").GetAttribute("href"));

        var narrowed = RenderIn<FacetPanel>(UiLanguage.Arabic, p => p.Add(c => c.Facets, s_facets)
            .Add(c => c.Query, new ArchiveQuery { From = new DateOnly(2022, 2, 1), To = new DateOnly(2022, 2, 28) }));
        var bar = narrowed.Find("[data-month='2022-02']");
        Assert.Equal("true", bar.GetAttribute("aria-current"));
        Assert.Equal("/", bar.GetAttribute("href"));
    }

    [Fact]
    public void FacetPanel_TopicsAndOutletsUseInterfaceLanguageNames()
    {
        var cut = RenderIn<FacetPanel>(UiLanguage.English, p => p.Add(c => c.Facets, s_facets).Add(c => c.Query, new ArchiveQuery()));

        Assert.Equal("Military cooperation", cut.Find("[data-testid=facet-topic] .facet-name").TextContent);
        Assert.Equal("Asharq", cut.Find("[data-testid=facet-outlet] .facet-name").TextContent);
        Assert.Equal("/?outlet=asharq", cut.Find("[data-testid=facet-outlet]").GetAttribute("href"));
    }

    [Fact]
    public void FacetPanel_PersonFacetShowsTopTen_AndTheMoreFilterFindsTheRest()
    {
        List<FacetValue> people =
        [
            .. Enumerable.Range(0, 12).Select(i => new FacetValue($"p{i}", $"شخص {i}", $"Person {i}", 20 - i)),
            new FacetValue("donald-rumsfeld", "دونالد رامسفيلد", "Donald Rumsfeld", 1, "discovered"),
        ];
        var facets = new Facets(people, [], [], []);
        var cut = RenderIn<FacetPanel>(UiLanguage.English, p => p.Add(c => c.Facets, facets).Add(c => c.Query, new ArchiveQuery()));

        Assert.Equal(FacetPanel.TopCount, cut.FindAll("[data-testid=facet-person]").Count);
        Assert.Contains("3", cut.Find("label[for=facet-person-filter]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=facet-person-filter]").Input("rumsf");
        var found = Assert.Single(cut.FindAll("[data-testid=facet-person-more-list] [data-testid=facet-person]"));
        Assert.Equal("donald-rumsfeld", found.GetAttribute("data-slug"));
        Assert.Equal("/?person=donald-rumsfeld", found.GetAttribute("href"));
        Assert.NotNull(found.QuerySelector("[data-testid=discovered-badge]"));

        // Arabic as typed, hamza and all, finds the same.
        cut.Find("[data-testid=facet-person-filter]").Input("رامسفيلد");
        Assert.Single(cut.FindAll("[data-testid=facet-person-more-list] [data-testid=facet-person]"));
    }

    [Theory]
    [InlineData("outlet")]
    [InlineData("agency")]
    [InlineData("topic")]
    public void FacetPanel_EveryFacetShowsTopTen_AndItsMoreFilterFindsTheRest(string key)
    {
        List<FacetValue> values =
        [
            .. Enumerable.Range(0, 14).Select(i => new FacetValue($"v{i}", $"قيمة {i}", $"Value {i}", 30 - i)),
            new FacetValue("al-ahram", "الأهرام", "Al-Ahram", 1),
        ];
        var facets = key switch
        {
            "outlet" => new Facets([], [], values, []),
            "topic" => new Facets([], values, [], []),
            _ => new Facets([], [], [], []) { Agencies = values },
        };
        var cut = RenderIn<FacetPanel>(UiLanguage.English, p => p.Add(c => c.Facets, facets).Add(c => c.Query, new ArchiveQuery()));

        Assert.Equal(FacetPanel.TopCount, cut.FindAll($"[data-testid=facet-{key}]").Count);
        Assert.Contains("5", cut.Find($"label[for=facet-{key}-filter]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll($"[data-testid=facet-{key}-more-list]"));

        cut.Find($"[data-testid=facet-{key}-filter]").Input("اهرام");
        var found = Assert.Single(cut.FindAll($"[data-testid=facet-{key}-more-list] [data-testid=facet-{key}]"));
        Assert.Equal("al-ahram", found.GetAttribute("data-slug"));
        Assert.Equal($"/?{key}=al-ahram", found.GetAttribute("href"));
    }
}
