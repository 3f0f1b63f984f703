using System.Text;
using System.Text.Json;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Tests.Ingestion;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Tests.Search;

/// <summary>
/// Ingestion takes an article's index terms from the analysis's tokens instead of reading the text again: the terms
/// must be the ones the text gives, word for word, whatever the paragraphs around the body are.
/// </summary>
public sealed class IndexTermsTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void TermsFromTheAnalysis_AreTheTextsTerms()
    {
        _store.WriteSynthetic(40);
        var files = Seeds.Files.Concat(Directory.GetFiles(Path.Combine(_store.Folder, "in")).Order(StringComparer.Ordinal)).ToList();
        var articles = files
            .Select(f => ArticleParser.Parse(Path.GetFileName(f), File.ReadAllBytes(f), _store.Reference.OutletCatalog).Article!)
            .Concat(Handmade().Select(Parse))
            .ToList();
        var analyzer = new ArticleAnalyzer(_store.Reference);
        foreach (var article in articles)
        {
            var facts = analyzer.Analyze(article, out var terms);
            Assert.Equal(SearchIndex.Terms(article), terms);
            Assert.Equal(JsonSerializer.Serialize(analyzer.Analyze(article)), JsonSerializer.Serialize(facts));
        }

        // The handmade texts do have what they are for: blanked lines beside the body, a dateline, a caption.
        Assert.Contains(articles, a => a.Paragraphs.Any(p => p.Kind == ParagraphKind.Boilerplate));
        Assert.Contains(articles, a => a.Paragraphs.Any(p => p.Kind == ParagraphKind.Dateline));
    }

    [Fact]
    public void AParagraphEdgeInsideAWord_IsReadFromTheText()
    {
        const string text = "قال الرئيس الروسي فلاديمير بوتين إن المحادثات مع الصين مثمرة";
        var tokens = ArabicTokenizer.Tokenize(text);
        // Body paragraphs cut inside "فلاديمير" and inside "المحادثات": the tokens there are not the paragraphs' words.
        var inWord = text.IndexOf("فلاديمير", StringComparison.Ordinal) + 3;
        var inOther = text.IndexOf("المحادثات", StringComparison.Ordinal) + 4;
        List<Paragraph> paragraphs =
        [
            new() { Ordinal = 0, Kind = ParagraphKind.Body, SourceStart = 0, SourceEnd = inWord },
            new() { Ordinal = 1, Kind = ParagraphKind.Body, SourceStart = inWord, SourceEnd = inOther },
            new() { Ordinal = 2, Kind = ParagraphKind.Body, SourceStart = inOther, SourceEnd = text.Length },
        ];

        var fromTokens = SearchIndex.Terms("", text, null, paragraphs, tokens);
        var fromText = SearchIndex.Terms("", text, null, paragraphs, null);

        Assert.Equal(fromText, fromTokens);
        Assert.Contains("فلا", fromText.Body.Split(' '));
    }

    [Fact]
    public void BodySpans_AreTheBodysParagraphsInSourceOrder()
    {
        var text = new string('x', 100);
        List<Paragraph> paragraphs =
        [
            new() { Kind = ParagraphKind.Body, SourceStart = 60, SourceEnd = 80 },
            new() { Kind = ParagraphKind.Title, SourceStart = 0, SourceEnd = 10 },
            new() { Kind = ParagraphKind.Heading, SourceStart = 40, SourceEnd = 50 },
            new() { Kind = ParagraphKind.Boilerplate, SourceStart = 50, SourceEnd = 60 },
            // The headline as a body paragraph (the title starts inside it) is the title's, not the body's.
            new() { Kind = ParagraphKind.Body, SourceStart = 10, SourceEnd = 25 },
            new() { Kind = ParagraphKind.Dateline, SourceStart = 25, SourceEnd = 40 },
            // Past the text: clamped to nothing, left out.
            new() { Kind = ParagraphKind.Body, SourceStart = 120, SourceEnd = 130 },
            new() { Kind = ParagraphKind.Body, SourceStart = 80, SourceEnd = 140 },
        ];

        Assert.Equal([(25, 40), (40, 50), (60, 80), (80, 100)], SearchIndex.BodySpans(text, 12, paragraphs));
        Assert.Equal([(10, 25), (25, 40), (40, 50), (60, 80), (80, 100)], SearchIndex.BodySpans(text, null, paragraphs));
        // No paragraphs at all (an article stored before segmentation): the whole text.
        Assert.Equal([(0, 100)], SearchIndex.BodySpans(text, null, []));
    }

    private ArabicNewsArchive.Articles.Article Parse(string text, int i) =>
        ArticleParser.Parse($"handmade-{i}.txt", Encoding.UTF8.GetBytes(text), _store.Reference.OutletCatalog).Article!;

    private static IEnumerable<string> Handmade() =>
    [
        "وزير الخارجية يزور موسكو\n\nدبي - الشرق: وصل وزير الخارجية السعودي إلى موسكو اليوم الأربعاء.\n\nاقرأ أيضاً: ولي العهد يستقبل الرئيس الفرنسي\n\nوقال الوزير إن المحادثات تناولت أسعار النفط.\n\n• صورة الوزير في المطار - رويترز\n\nالمصدر: وكالة الأنباء السعودية",
        "---\ntitle: قمة الرياض\ndate: 2024-05-02\n---\n\nالرياض (واس) - افتتح خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز القمة.\n\nدقائق للقراءة 3\n\nوأكد الملك أن المملكة تدعم الحلول السلمية. Café «Ténéré» 2024م.\n\nالوسوم: السعودية، القمة",
    ];
}
