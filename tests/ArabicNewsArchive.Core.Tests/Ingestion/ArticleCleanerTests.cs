using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Outlets;
using Markdig;

namespace ArabicNewsArchive.Tests.Ingestion;

public class ArticleCleanerTests
{
    private static readonly OutletCatalog s_outlets = OutletCatalog.Load(Path.Combine(Seeds.Folder, "reference", "outlets.yaml"));

    private static CleanedArticle Clean(string text) => ArticleCleaner.Clean("x", text, s_outlets);

    public static TheoryData<string> SeedPrefixes => new() { "000", "001", "002", "003", "004" };

    [Theory]
    [MemberData(nameof(SeedPrefixes))]
    public void Paragraphs_TileTheSourceWithoutGapsOrOverlaps(string seed)
    {
        var text = Seeds.Text(seed);
        var paragraphs = Clean(text).Paragraphs;
        var position = 0;
        var line = 1;
        foreach (var p in paragraphs)
        {
            Assert.Equal(position, p.SourceStart);
            Assert.Equal(line, p.FirstLine);
            Assert.True(p.SourceEnd > p.SourceStart);
            position = p.SourceEnd;
            line = p.LastLine + 1;
        }

        Assert.Equal(text.Length, position);
        Assert.Equal(text.Split('\n').Length, paragraphs[^1].LastLine);
        Assert.Equal(Enumerable.Range(0, paragraphs.Count), paragraphs.Select(p => p.Ordinal));
    }

    [Theory]
    [InlineData("002", "روسيا: تطوير شراكة استراتيجية مع الصين \"أولوية غير مشروطة\"")]
    [InlineData("003", "دبلوماسي صيني كبير يقول إن العلاقات بين روسيا “ صلبة ”")]
    [InlineData("004", "بوتين: العلاقات بين روسيا والصين تتطور.. وننتظر زيارة الرئيس الصيني")]
    public void Title_IsTheFirstLineWhenItReadsAsAHeadline(string seed, string expected)
    {
        var text = Seeds.Text(seed);
        var cleaned = Clean(text);
        Assert.Equal(expected, cleaned.Title);
        Assert.True(cleaned.TitleIsHeadline);
        Assert.Equal(expected, text[cleaned.TitleStart!.Value..cleaned.TitleEnd!.Value]);
        Assert.Equal(ParagraphKind.Title, cleaned.Paragraphs[0].Kind);
        Assert.DoesNotContain(expected, cleaned.BodyMarkdown);
    }

    [Theory]
    [InlineData("000", "صرّح مساعد الرئيس الروسي يوري أوشاكوف، اليوم الأربعاء، بأن")]
    [InlineData("001", "أكدت روسيا والصين أنهما يعملان لتطبيق تعددية حقيقية")]
    public void Title_IsDerivedFromTheFirstSentenceWhenThereIsNoHeadline(string seed, string start)
    {
        var text = Seeds.Text(seed);
        var cleaned = Clean(text);
        Assert.False(cleaned.TitleIsHeadline);
        Assert.StartsWith(start, cleaned.Title);
        Assert.InRange(cleaned.Title.Length, 20, ArticleCleaner.MaxDerivedTitleLength + 2);
        Assert.DoesNotContain("الوقت-", cleaned.Title);
        Assert.StartsWith(start, text[cleaned.TitleStart!.Value..cleaned.TitleEnd!.Value]);
        Assert.DoesNotContain(cleaned.Paragraphs, p => p.Kind == ParagraphKind.Title);
    }

    [Fact]
    public void Title_OfALongFirstSentenceIsCutAtAWordWithItsQuoteClosed()
    {
        var title = Clean(Seeds.Text("000")).Title;
        Assert.EndsWith("…\"", title);
        Assert.Equal(0, title.Count(c => c == '"') % 2);
    }

    [Fact]
    public void Bullets_ThatHoldTheTextAreTheBody()
    {
        // An article written as a list of points: the bullets are not picture captions beside a body.
        const string text = "أبرز ما جاء في القمة\n\n• اتفق البلدان على زيادة التبادل التجاري بينهما خلال العام المقبل.\n"
            + "• وقع الوزيران مذكرة تفاهم للتعاون في مجال الطاقة والبنية التحتية.\n• دعا الجانبان إلى حل سياسي للأزمة.\n";
        var cleaned = Clean(text);
        Assert.DoesNotContain(cleaned.Paragraphs, p => p.Kind == ParagraphKind.Boilerplate);
        Assert.Contains("مذكرة تفاهم", cleaned.BodyMarkdown, StringComparison.Ordinal);
        Assert.Equal("أبرز ما جاء في القمة", cleaned.Title);
    }

    [Theory]
    [InlineData("002", 3, "reading-time widget")]
    [InlineData("002", 4, "image caption (printed twice)")]
    [InlineData("002", 5, "image caption (printed twice)")]
    [InlineData("002", 38, "related link (اقرأ أيضاً)")]
    [InlineData("002", 40, "category/tag list")]
    [InlineData("004", 4, "bullet caption")]
    [InlineData("004", 16, "related link (اقرأ أيضاً)")]
    [InlineData("004", 34, "related link (اقرأ أيضاً)")]
    [InlineData("004", 36, "source line (المصدر)")]
    public void Boilerplate_IsKeptVisibleWithItsReasonAndOutOfTheBody(string seed, int line, string reason)
    {
        var text = Seeds.Text(seed);
        var cleaned = Clean(text);
        var paragraph = Assert.Single(cleaned.Paragraphs, p => p.FirstLine == line);
        Assert.Equal(ParagraphKind.Boilerplate, paragraph.Kind);
        Assert.Equal(reason, paragraph.Reason);
        var lineText = text.Split('\n')[line - 1].Trim();
        Assert.Equal(lineText, paragraph.Text);
        Assert.DoesNotContain(lineText, cleaned.BodyMarkdown);
    }

    [Fact]
    public void Boilerplate_NothingElseInTheSeedsIsFurniture()
    {
        var count = new[] { "000", "001", "002", "003", "004" }.Sum(s => Clean(Seeds.Text(s)).Paragraphs.Count(p => p.Kind == ParagraphKind.Boilerplate));
        Assert.Equal(9, count);
    }

    [Theory]
    [InlineData("اقرأ أيضاً:")]
    [InlineData("اقرأ أيضا: عنوان مقال آخر")]
    [InlineData("إقرأ أيضاً : عنوان")]
    [InlineData("  • صورة من الأرشيف")]
    [InlineData("المصدر: وكالات")]
    [InlineData("التصنيفات: سياسة، اقتصاد")]
    [InlineData("time reading iconدقائق القراءة - 7")]
    [InlineData("بوتين وشي في بكين - رويترز")]
    public void Boilerplate_RulesAreGeneral(string line) => Assert.NotNull(ArticleCleaner.BoilerplateReason(line));

    [Theory]
    [InlineData("وقال بوتين إن العلاقات متينة.")]
    [InlineData("مواقف متقاربة")]
    [InlineData("المصادر المطلعة قالت إن الزيارة ستتم")]
    public void Boilerplate_LeavesProseAlone(string line) => Assert.Null(ArticleCleaner.BoilerplateReason(line));

    [Fact]
    public void Headings_ShortStandAloneLinesBecomeMarkdownHeadings()
    {
        var body = Clean(Seeds.Text("002")).BodyMarkdown;
        Assert.Contains("\n\n## مواقف متقاربة\n\n", body);
        Assert.Contains("## زيارة شي؟", Clean(Seeds.Text("003")).BodyMarkdown);
    }

    [Fact]
    public void Dateline_IsMarkedAndNamesTheOutlet()
    {
        var text = Seeds.Text("002");
        var cleaned = Clean(text);
        Assert.Equal(ParagraphKind.Dateline, Assert.Single(cleaned.Paragraphs, p => p.FirstLine == 6).Kind);
        Assert.Equal("asharq", cleaned.Outlet!.Known!.Outlet.Slug);
        Assert.Equal("دبي- الشرق", cleaned.Outlet.Evidence);
        Assert.Equal("دبي- الشرق", text[cleaned.Outlet.Start..cleaned.Outlet.End]);
        Assert.DoesNotContain("دبي- الشرق", cleaned.BodyMarkdown);
    }

    [Fact]
    public void Outlet_LeadingCueIsFoundAndLeftOutOfTheBody()
    {
        var text = Seeds.Text("000");
        var cleaned = Clean(text);
        Assert.Equal("alwaght", cleaned.Outlet!.Known!.Outlet.Slug);
        Assert.Equal("الوقت-", text[cleaned.Outlet.Start..cleaned.Outlet.End]);
        Assert.StartsWith("صرّح مساعد", cleaned.BodyMarkdown);
    }

    [Fact]
    public void Outlet_TrailingSourceLineIsFound()
    {
        var text = Seeds.Text("004");
        var cleaned = Clean(text);
        Assert.Equal("almayadeen", cleaned.Outlet!.Known!.Outlet.Slug);
        Assert.Equal("المصدر: الميادين نت", text[cleaned.Outlet.Start..cleaned.Outlet.End]);
    }

    [Theory]
    [InlineData("001")]
    [InlineData("003")]
    public void Outlet_IsNotInventedWhenTheTextNamesNone(string seed) => Assert.Null(Clean(Seeds.Text(seed)).Outlet);

    [Fact]
    public void Outlet_DatelineNamesTheCatalogueOutletBesideItsCity()
    {
        var cleaned = Clean("عنوان الخبر هنا\nالقاهرة- الأهرام\nنص الخبر الأول وفيه تفاصيل كثيرة عن الحدث.");
        Assert.Equal("al-ahram", cleaned.Outlet!.Known!.Outlet.Slug);
        Assert.Equal("eg", cleaned.Outlet.PlaceCountry);
    }

    [Fact]
    public void Outlet_UnknownNameInADatelineIsNotAnOutlet()
    {
        // Beside a city, an unknown name is as often the reporter as an outlet: not guessed.
        Assert.Null(Clean("عنوان الخبر هنا\nالقاهرة- صوت الجنوب\nنص الخبر الأول وفيه تفاصيل كثيرة عن الحدث.").Outlet);
        var outlet = OutletCatalog.CreateUnknown("صوت الجنوب");
        Assert.Equal("swt-aljnwb", outlet.Slug);
        Assert.Equal("صوت الجنوب", outlet.NameAr);
    }

    [Fact]
    public void Outlet_UnknownWordBeforeADashOnTheFirstLineIsACityNotAnOutlet()
    {
        Assert.Null(Clean("موسكو- قال الكرملين اليوم إن المحادثات ستجري في موعدها المقرر بعد ظهر الغد.").Outlet);
    }

    [Fact]
    public void Crlf_ParagraphTextAndBodyHaveNoCarriageReturns()
    {
        var text = Seeds.Text("002").Replace("\n", "\r\n");
        var cleaned = Clean(text);
        Assert.DoesNotContain('\r', cleaned.BodyMarkdown);
        Assert.All(cleaned.Paragraphs, p => Assert.DoesNotContain('\r', p.Text));
        Assert.Equal(text.Length, cleaned.Paragraphs[^1].SourceEnd);
        Assert.Equal(Clean(Seeds.Text("002")).BodyMarkdown, cleaned.BodyMarkdown);
    }

    [Fact]
    public void Body_IsNfcWhileTheSourceKeepsItsOwnForm()
    {
        // Alef + combining hamza above (decomposed) composes to أ under NFC.
        var decomposed = "عنوان\nقال الرئيس \u0627\u0654ن المحادثات كانت مثمرة وبناءة جدا.";
        var cleaned = Clean(decomposed);
        Assert.Contains("\u0623ن", cleaned.BodyMarkdown, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0627\u0654", cleaned.BodyMarkdown, StringComparison.Ordinal);
        Assert.Contains("\u0627\u0654", decomposed, StringComparison.Ordinal);
    }

    [Fact]
    public void Body_MarkupInTheTextIsEscapedNotRendered()
    {
        var cleaned = Clean("عنوان الخبر\nنص <script>alert(1)</script> و[رابط](javascript:x) و**غامق** و&amp; في الخبر.\n# ليس عنوانا\n1. ليست قائمة");
        var html = Markdown.ToHtml(cleaned.BodyMarkdown, new MarkdownPipelineBuilder().DisableHtml().Build());
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<a ", html);
        Assert.DoesNotContain("<strong>", html);
        Assert.DoesNotContain("<h1>", html);
        Assert.DoesNotContain("<ol>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("&amp;amp;", html);
        Assert.Contains("**غامق**", html);
    }
}
