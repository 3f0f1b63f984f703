using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Web.Components.Pages.Articles;
using ArabicNewsArchive.Web.Localization;
using Bunit;

namespace ArabicNewsArchive.Web.Tests.Components;

public sealed class PanesTests : BunitTest
{
    // Three lines: a title, a boilerplate line, a body line with a person and a quote.
    private const string Source = "العنوان هنا\ntime reading icon\nوقال بوتين إن \"العلاقات قوية\" مع الصين\n";

    private static readonly ParagraphView[] s_paragraphs =
    [
        new(0, ParagraphKind.Title, null, 0, 12, 1, 1, "العنوان هنا"),
        new(1, ParagraphKind.Boilerplate, "reading time", 12, 30, 2, 2, "time reading icon"),
        new(2, ParagraphKind.Body, null, 30, Source.Length, 3, 3, "وقال بوتين إن \"العلاقات قوية\" مع الصين"),
    ];

    [Fact]
    public void SourcePane_NumbersEveryLine_MarksBoilerplate_AndTiesLinesToParagraphs()
    {
        var cut = RenderIn<SourcePane>(UiLanguage.Arabic, p => p.Add(c => c.SourceText, Source).Add(c => c.SourceFile, "x.txt")
            .Add(c => c.Sha256, "abc").Add(c => c.Paragraphs, s_paragraphs));

        var lines = cut.FindAll("[data-testid=source-line]");
        Assert.Equal(3, lines.Count);
        Assert.Equal(["1", "2", "3"], lines.Select(l => l.QuerySelector(".line-no")!.TextContent));
        Assert.Equal("time reading icon", lines[1].QuerySelector(".line-text")!.TextContent);
        Assert.Contains("kind-boilerplate", lines[1].ClassList);
        Assert.Equal("2", lines[2].GetAttribute("data-para"));
        Assert.Equal("x.txt", cut.Find("[data-testid=source-file]").TextContent);
    }

    [Fact]
    public void SourcePane_HighlightsHitsAndAnchorsDateEvidence()
    {
        var at = Source.IndexOf("الصين", StringComparison.Ordinal);
        var marks = new List<TextMark> { new(at, at + 5, MarkKind.Hit), new(0, 7, MarkKind.DateEvidence, "0") };
        var cut = RenderIn<SourcePane>(UiLanguage.Arabic, p => p.Add(c => c.SourceText, Source).Add(c => c.Paragraphs, s_paragraphs).Add(c => c.Marks, marks));

        Assert.Equal("الصين", cut.Find("mark.hit").TextContent);
        Assert.Equal("العنوان", cut.Find("#src-date-0").TextContent);
    }

    [Fact]
    public void ReadingPane_LinksPeople_MarksQuotes_HighlightsQuery_SkipsBoilerplate()
    {
        var person = Source.IndexOf("بوتين", StringComparison.Ordinal);
        var quote = Source.IndexOf("العلاقات قوية", StringComparison.Ordinal);
        var marks = new List<TextMark>
        {
            new(person, person + 5, MarkKind.Person, "vladimir-putin"),
            new(quote, quote + "العلاقات قوية".Length, MarkKind.Quote, "vladimir-putin"),
        };
        var cut = RenderIn<ReadingPane>(UiLanguage.Arabic, p => p.Add(c => c.SourceText, Source).Add(c => c.Paragraphs, s_paragraphs)
            .Add(c => c.Marks, marks).Add(c => c.Query, QueryTerms.Parse("صين")));

        var paragraphs = cut.FindAll("[data-testid=reading-paragraph]");
        Assert.Single(paragraphs);
        Assert.Equal("2", paragraphs[0].GetAttribute("data-para"));
        var link = cut.Find("a.person-mention");
        Assert.Equal("بوتين", link.TextContent);
        Assert.Equal("/people/vladimir-putin", link.GetAttribute("href"));
        Assert.Equal("العلاقات قوية", cut.Find(".quote").TextContent);
        // "الصين" is found for the query "صين": the same analyser as the index (clitic ال stripped).
        Assert.Equal("الصين", cut.Find("mark.hit").TextContent);
    }

    [Fact]
    public void ReadingPane_RawHtmlInTheText_IsShownAsText()
    {
        const string Text = "نص <script>alert(1)</script> هنا";
        var cut = RenderIn<ReadingPane>(UiLanguage.Arabic, p => p.Add(c => c.SourceText, Text)
            .Add(c => c.Paragraphs, new[] { new ParagraphView(0, ParagraphKind.Body, null, 0, Text.Length, 1, 1, Text) }));

        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("<script>", cut.Find("[data-testid=reading-paragraph]").TextContent);
    }

    [Fact]
    public void SourcePane_MixedLine_ReadsRightToLeft_LatinOnlyLine_FindsItsOwnDirection()
    {
        // The seed 002 line "time reading iconدقائق القراءة - 4": under dir="auto" its first letter (Latin) would
        // make it a left-to-right line shown as "time reading icon4 - دقائق القراءة".
        const string Text = "time reading iconدقائق القراءة - 4\nREUTERS\nقال بوتين\n";
        var cut = RenderIn<SourcePane>(UiLanguage.English, p => p.Add(c => c.SourceText, Text));

        var lines = cut.FindAll("[data-testid=source-line] .line-text");
        Assert.Equal(["rtl", "auto", "rtl"], lines.Select(l => l.GetAttribute("dir")));
    }

    [Fact]
    public void ReadingPane_HeadingParagraph_IsAnH3()
    {
        const string Text = "فقرة أولى\n\nتوترات أميركية\n\nفقرة ثانية";
        var heading = Text.IndexOf("توترات", StringComparison.Ordinal);
        var second = Text.IndexOf("فقرة ثانية", StringComparison.Ordinal);
        var cut = RenderIn<ReadingPane>(UiLanguage.Arabic, p => p.Add(c => c.SourceText, Text).Add(c => c.Paragraphs, new[]
        {
            new ParagraphView(0, ParagraphKind.Body, null, 0, 9, 1, 1, "فقرة أولى"),
            new ParagraphView(1, ParagraphKind.Heading, null, heading, heading + 14, 3, 3, "توترات أميركية"),
            new ParagraphView(2, ParagraphKind.Body, null, second, Text.Length, 5, 5, "فقرة ثانية"),
        }));

        var h3 = cut.Find("[data-para='1'] h3");
        Assert.Equal("توترات أميركية", h3.TextContent);
        Assert.Empty(cut.FindAll("[data-para='1'] p"));
        Assert.Single(cut.FindAll("h3")); // body paragraphs stay paragraphs
        Assert.Equal("فقرة ثانية", cut.Find("[data-para='2'] p").TextContent);
    }

    [Fact]
    public void ReadingPane_Quote_NamesItsSpeaker_AndTheLegendExplainsTheMarking()
    {
        var quote = Source.IndexOf("العلاقات قوية", StringComparison.Ordinal);
        var marks = new List<TextMark> { new(quote, quote + "العلاقات قوية".Length, MarkKind.Quote, "vladimir-putin", "قول منسوب إلى فلاديمير بوتين") };
        var cut = RenderIn<ReadingPane>(UiLanguage.Arabic, p => p.Add(c => c.SourceText, Source).Add(c => c.Paragraphs, s_paragraphs).Add(c => c.Marks, marks));

        Assert.Equal("قول منسوب إلى فلاديمير بوتين", cut.Find(".quote").GetAttribute("title"));
        Assert.Contains("قول منسوب", cut.Find("[data-testid=reading-legend]").TextContent);
    }
}
