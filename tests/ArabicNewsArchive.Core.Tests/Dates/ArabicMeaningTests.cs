using System.Text.RegularExpressions;
using ArabicNewsArchive.Dates;

namespace ArabicNewsArchive.Tests.Dates;

/// <summary>
/// Every date phrase's meaning comes in Arabic too: the Arabic interface shows it beside the phrase, and an English
/// sentence there reads as a bug to the archive's readers.
/// </summary>
public sealed partial class ArabicMeaningTests
{
    private static readonly PublicationDateInference s_inference =
        new(DatedEventCatalog.Load(SeedFiles.Reference("dated-events.yaml")));

    // Texts that between them reach every kind of phrase and every consequence the inference draws.
    public static TheoryData<string> Texts => new()
    {
        "أعلن الوزير اليوم الخميس أن المفاوضات ستجري في 10 آذار الجاري. وكان قد التقى نظيره في 7 آذار 2022، وسيزور موسكو في أيار 2022.",
        "وقع البلدان الاتفاق في 3 مارس 2021، ومن المقرر أن يلتقي الوزيران في 5 نوفمبر 2021.",
        "قال أمس الثلاثاء إن الزيارة ستتم غداً الخميس، بعد لقاء عقد يوم الـ 27 من الشهر الماضي.",
        "ويتعاون البلدان منذ عام 2012، ويسعيان إلى مضاعفة التجارة قبل 2024 كما أعلنا العام الماضي والأسبوع الماضي.",
        "وتأتي الزيارة بعد عام من الغزو الروسي لأوكرانيا، وقبل أيام من قمة شنغهاي في شباط/فبراير 2023.",
        "وسيلتقي الرئيسان في 4 فيفري المقبل خلال الأشهر المقبلة، كما التقيا في 24 فبراير مع الغزو الروسي لأوكرانيا في 24 فبراير.",
        "افتتاح أولمبياد بكين 2022 المقبل يوم الجمعة، وكانت المحادثات في يناير الماضي.",
        SeedFiles.Seed("000"),
        SeedFiles.Seed("002"),
        SeedFiles.Seed("003"),
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Extract_EveryPhrase_HasAnArabicMeaning(string text)
    {
        var found = DateExpressionExtractor.Extract(text);
        Assert.NotEmpty(found);
        Assert.All(found, e => AssertArabic(e.MeaningAr, e.Meaning));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Infer_EveryEvidence_HasAnArabicMeaning(string text)
    {
        var evidence = s_inference.Infer(text).Fact.Evidence;
        Assert.All(evidence, e => AssertArabic(e.MeaningAr, e.Meaning));
    }

    [Fact]
    public void RefineWithStory_PartnerEvidence_SaysSoInArabic()
    {
        var alone = s_inference.Infer(SeedFiles.Seed("001"));
        var refined = PublicationDateInference.RefineWithStory(alone, [("000", s_inference.Infer(SeedFiles.Seed("000")))]);
        var partner = Assert.Single(refined.Fact.Evidence, e => e.Meaning.StartsWith("same story as 000", StringComparison.Ordinal));
        // The id is isolated left-to-right (U+2066 … U+2069) so that "000_222e…" does not show as "222e…_000".
        // 000's own text leaves a Wednesday from 5 January to 2 February 2022: the partner is named with its interval.
        Assert.StartsWith("من قصة المقالة \u2066000\u2069 المؤرخة بين 5 يناير 2022 و2 فبراير 2022", partner.MeaningAr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("اليوم الأربعاء", "اليوم الأربعاء")]
    [InlineData("في 12 شباط/فبراير 2022", "12 فبراير 2022 (الشهر مكتوب بتسميتيه الشامية والمصرية والخليجية)")]
    [InlineData("منذ عام 2012", "منذ 2012، فقد كُتب في 2012 أو بعده")]
    [InlineData("قبل أيام", "قبل الكتابة بأيام")]
    public void Extract_ArabicMeaning_SaysWhatThePhraseSays(string text, string meaningAr)
    {
        var e = Assert.Single(DateExpressionExtractor.Extract(text));
        Assert.Equal(meaningAr, e.MeaningAr);
    }

    private static void AssertArabic(string meaningAr, string meaning)
    {
        Assert.False(string.IsNullOrWhiteSpace(meaningAr), $"no Arabic for \"{meaning}\"");
        Assert.Matches(ArabicLetter(), meaningAr);
        // Latin letters only inside an article id (the story partner's) are allowed.
        Assert.DoesNotMatch(EnglishWord(), meaningAr);
    }

    [GeneratedRegex(@"\p{IsArabic}")]
    private static partial Regex ArabicLetter();

    [GeneratedRegex(@"(?<![0-9_])\b[A-Za-z]{2,}\b")]
    private static partial Regex EnglishWord();
}
