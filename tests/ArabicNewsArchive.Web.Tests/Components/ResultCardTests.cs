using ArabicNewsArchive.Search;
using ArabicNewsArchive.Web.Components.Pages.Archive;
using ArabicNewsArchive.Web.Components.Shared;
using ArabicNewsArchive.Web.Localization;
using Bunit;

namespace ArabicNewsArchive.Web.Tests.Components;

public sealed class ResultCardTests : BunitTest
{
    private static readonly ArticleSummary s_article = new()
    {
        Id = "002_beaccfc0902c3d0e",
        Title = "روسيا: تطوير شراكة استراتيجية مع الصين",
        Outlet = new OutletRef("asharq", "الشرق", "Asharq"),
        Published = new DateOnly(2022, 9, 1),
        DatePrecision = "month",
        Persons = ["vladimir-putin"],
        Topics = ["military"],
        Snippet = "اتفقت <mark>روسيا</mark> &lt;script&gt;",
    };

    private static readonly Names s_names = new(
        new Dictionary<string, (string, string)> { ["vladimir-putin"] = ("فلاديمير بوتين", "Vladimir Putin") },
        new Dictionary<string, (string, string)> { ["military"] = ("التعاون العسكري", "Military cooperation") },
        new Dictionary<string, (string, string)>());

    [Fact]
    public void ResultCard_ShowsTitleOutletMonthDateChipsAndMarkedSnippet()
    {
        var cut = RenderIn<ResultCard>(UiLanguage.Arabic, p => p.Add(c => c.Article, s_article).Add(c => c.Names, s_names)
            .Add(c => c.Query, new ArchiveQuery { Q = "روسيا" }));

        var card = cut.Find("[data-testid=result-card]");
        Assert.Equal("002_beaccfc0902c3d0e", card.GetAttribute("data-id"));
        Assert.Equal("/articles/002_beaccfc0902c3d0e?q=" + Uri.EscapeDataString("روسيا"), cut.Find(".result-title a").GetAttribute("href"));
        Assert.Equal("الشرق", cut.Find(".outlet").TextContent);
        Assert.Equal("سبتمبر 2022", cut.Find("time").TextContent);
        Assert.Equal("روسيا", cut.Find(".snippet mark").TextContent);
        // Escaped text in the snippet stays text: no element is created from it.
        Assert.Empty(cut.FindAll(".snippet script"));
        Assert.Contains("<script>", cut.Find(".snippet").TextContent);
        Assert.Equal("/people/vladimir-putin", cut.Find("[data-testid=person-chip]").GetAttribute("href"));
        Assert.Equal("فلاديمير بوتين", cut.Find("[data-testid=person-chip]").TextContent);
        Assert.Equal("التعاون العسكري", cut.Find("[data-testid=topic-chip]").TextContent);
    }

    [Fact]
    public void ResultCard_English_UsesEnglishNamesForLabels()
    {
        var cut = RenderIn<ResultCard>(UiLanguage.English, p => p.Add(c => c.Article, s_article).Add(c => c.Names, s_names));

        Assert.Equal("Vladimir Putin", cut.Find("[data-testid=person-chip]").TextContent);
        Assert.Equal("Asharq", cut.Find(".outlet").TextContent);
        // The headline is the article's: it stays Arabic and right-to-left in the English interface.
        Assert.Equal("rtl", cut.Find(".result-title a").GetAttribute("dir"));
    }
}
