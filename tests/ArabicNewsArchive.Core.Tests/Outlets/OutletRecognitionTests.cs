using System.Text;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Outlets;
using ArabicNewsArchive.Tests.Ingestion;

namespace ArabicNewsArchive.Tests.Outlets;

public sealed class OutletRecognitionTests
{
    private static readonly OutletCatalog s_outlets = OutletCatalog.Load(Path.Combine(Seeds.Folder, "reference", "outlets.yaml"));

    private const string Body = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المنطقة يضم ثلاثمئة سرير وعددا من العيادات التخصصية.\nوقال المتحدث باسم الوزارة إن المستشفى سيبدأ استقبال المرضى الشهر المقبل بعد اكتمال التجهيزات.\n";

    private static ParsedFile Parse(string text, string file = "a.txt") => ArticleParser.Parse(file, Encoding.UTF8.GetBytes(text), s_outlets);

    private static string? OutletOf(string text, string file = "a.txt") => Parse(text, file).Article!.OutletSlug;

    [Fact]
    public void Catalogue_ListsTwoHundredOutletsEachWithKindAndCountry()
    {
        Assert.True(s_outlets.Entries.Count >= 200, $"{s_outlets.Entries.Count} outlets");
        Assert.All(s_outlets.Entries, e => Assert.Contains(e.Outlet.Kind, OutletKinds.All));
        Assert.All(s_outlets.Entries, e => Assert.NotNull(e.Outlet.Country));
        Assert.True(s_outlets.Places.Count > 200);
        // Today's slugs are kept: stored articles and links use them.
        foreach (var slug in new[] { "alwaght", "asharq", "almayadeen", "aljazeera", "alarabiya", "sputnik", "rt", "asharq-al-awsat", "reuters", "afp", "anadolu", "xinhua", "ria-novosti", "tass" })
        {
            Assert.NotNull(s_outlets.FindBySlug(slug));
        }
    }

    [Theory]
    [InlineData("عنوان الخبر هنا\nعين اليوم – الرياض\n", "3alyoum")]
    [InlineData("عنوان الخبر هنا\nالرياض – سبق\n", "sabq")]
    [InlineData("عنوان الخبر هنا\nسبق – الرياض\n", "sabq")]
    public void Dateline_EitherOrder_NamesTheOutletNeverTheCity(string head, string expected)
    {
        var parsed = Parse(head + Body);
        Assert.Equal(expected, parsed.Article!.OutletSlug);
        Assert.NotEqual("alriyadh", parsed.Article.OutletSlug);
    }

    [Theory]
    [InlineData("سبق – الرياض: ")]
    [InlineData("الرياض – سبق: ")]
    public void Dateline_GluedToTheFirstParagraph_InEitherOrder(string lead) =>
        Assert.Equal("sabq", OutletOf("عنوان الخبر هنا\n" + lead + Body));

    [Fact]
    public void Dateline_CityBesideAPersonIsNoOutlet() =>
        Assert.Null(OutletOf("عنوان الخبر هنا\nالرياض – محمد العتيبي\n" + Body));

    [Fact]
    public void AgencyCredit_IsTheAgencyNotTheOutlet()
    {
        var article = Parse("عنوان الخبر هنا\n" + Body + "(واس)\n").Article!;
        Assert.Null(article.OutletSlug);
        Assert.Equal("spa", article.AgencySlug);
        Assert.Equal("(واس)", article.SourceText[article.AgencyEvidenceStart!.Value..article.AgencyEvidenceEnd!.Value]);
    }

    [Fact]
    public void AgencyCredit_BesideAnOutletDateline_KeepsBoth()
    {
        var article = Parse("عنوان الخبر هنا\nبيروت (رويترز) - " + Body + "– سبق\n").Article!;
        Assert.Equal("reuters", article.AgencySlug);
        Assert.Equal("sabq", article.OutletSlug);
    }

    [Fact]
    public void AgencyOwnItem_ByItsDomain_IsBothOutletAndAgency()
    {
        var article = Parse("---\nurl: https://www.spa.gov.sa/1234\n---\nعنوان الخبر هنا\n" + Body + "(واس)\n", "a.md").Article!;
        Assert.Equal("spa", article.OutletSlug);
        Assert.Equal("spa", article.AgencySlug);
    }

    [Theory]
    [InlineData("aawsat", "asharq-al-awsat", "الشرق الأوسط")]
    [InlineData("3alyoum", "3alyoum", "عين اليوم")]
    [InlineData("SkyNews", "sky-news-arabia", "سكاي نيوز عربية")]
    [InlineData("sabq.org", "sabq", "سبق")]
    public void FrontMatterCode_MapsToTheCatalogueName(string code, string slug, string nameAr)
    {
        var parsed = Parse($"---\noutlet: {code}\n---\nعنوان الخبر هنا\n" + Body, "a.md");
        Assert.Equal(slug, parsed.Article!.OutletSlug);
        Assert.Equal(nameAr, parsed.Outlet!.NameAr);
        Assert.Equal(FactSource.Stated, parsed.Article.OutletSource);
    }

    [Fact]
    public void FrontMatterUnknownOutlet_IsKeptAsGiven()
    {
        var parsed = Parse("---\noutlet: Gazette du Sahel\n---\nعنوان الخبر هنا\n" + Body, "a.md");
        Assert.Equal("Gazette du Sahel", parsed.Outlet!.NameAr);
        Assert.Equal("Gazette du Sahel", parsed.Outlet.NameEn);
    }

    [Theory]
    [InlineData("---\nurl: https://www.al-jazirah.com/2015/20150103/x.htm\n---\n", "al-jazirah")]
    [InlineData("---\nurl: https://www.aljazeera.net/news/2015/1/3/x\n---\n", "aljazeera")]
    [InlineData("---\noutlet: الجزيرة\nurl: http://www.jazirah.com/x\n---\n", "al-jazirah")]
    [InlineData("---\noutlet: الجزيرة\n---\n", "aljazeera")]
    public void SameNamedOutlets_ToldApartByDomain(string front, string slug) =>
        Assert.Equal(slug, OutletOf(front + "عنوان الخبر هنا\n" + Body, "a.md"));

    [Theory]
    [InlineData("الرياض – الجزيرة", "al-jazirah")]
    [InlineData("الدوحة – الجزيرة", "aljazeera")]
    public void SameNamedOutlets_ToldApartByTheDatelinesCountry(string dateline, string slug) =>
        Assert.Equal(slug, OutletOf("عنوان الخبر هنا\n" + dateline + "\n" + Body));

    [Fact]
    public void AgencyAfterAPlaceAtTheStart_IsCredited()
    {
        var article = Parse("عنوان الخبر هنا\nالرياض 12 ربيع الأول 1436 هـ الموافق 03 يناير 2015 م واس\n" + Body).Article!;
        Assert.Equal("spa", article.AgencySlug);
        Assert.Null(article.OutletSlug);
    }

    [Theory]
    // A place of two words, fifteen words, then the agency: the sixteenth word after the place, the last one read.
    [InlineData("أبو ظبي", 15, "spa")]
    [InlineData("أبو ظبي", 16, null)]
    [InlineData("الرياض", 15, "spa")]
    [InlineData("الرياض", 16, null)]
    public void AgencyAfterAPlace_IsLookedForInTheSixteenWordsAfterIt(string place, int before, string? agency)
    {
        var words = string.Join(' ', Enumerable.Repeat("كلمة", before));
        var article = Parse($"عنوان الخبر هنا\n{place} {words} واس في خبر طويل يتابع بعد ذلك بكلمات كثيرة\n" + Body).Article!;
        Assert.Equal(agency, article.AgencySlug);
    }

    [Fact]
    public void OutletInBracketsClosingASentence_IsTheStorysSourceNotThePublisher() =>
        Assert.Null(OutletOf("عنوان الخبر هنا\n" + Body + "وهذا ما أكده مسؤول لشبكة (سكاي نيوز)\n"));

    [Fact]
    public void BracketedCreditAfterAPlaceAndItsCountry_NamesTheOutlet() =>
        Assert.Equal("cnn-arabic", OutletOf("عنوان الخبر هنا\nدبي، الإمارات العربية المتحدة (CNN) -- " + Body));

    [Fact]
    public void BracketedOutletInsideTheOpeningSentence_IsNotADateline() =>
        Assert.Null(OutletOf("عنوان الخبر هنا\nمنعت مراسلة لشبكة (سي إن إن) من دخول القاعة بعد الاجتماع الطويل.\n" + Body));
}
