using ArabicNewsArchive.Topics;

namespace ArabicNewsArchive.Tests.Topics;

public sealed class WholeWordTopicTests
{
    private static readonly TopicClassifier s_seedRules = new(TopicCatalog.Load(
        [Dates.SeedFiles.Reference("iptc-topics.yaml"), Dates.SeedFiles.Reference("topics.yaml")]));

    private static List<string> TopicsOf(string text) => [.. s_seedRules.Classify(text).Select(f => f.TopicSlug)];

    [Fact]
    public void FootballTraining_IsNotMilitary()
    {
        const string text = "واصل المنتخب تدريباته استعدادا للمباراة، وخاض اللاعبون تدريبات بدنية مكثفة. "
            + "وأجرى الفريق تدريبات على الكرات الثابتة، ثم تدريبات خفيفة، وتدريبات أخرى في الملعب الرئيسي.";
        Assert.DoesNotContain("military", TopicsOf(text));
    }

    [Fact]
    public void MilitaryExercises_AreMilitary() =>
        Assert.Contains("military", TopicsOf("أجرت القوات تدريبات عسكرية مشتركة ومناورات عسكرية بحضور وزارة الدفاع."));

    [Fact]
    public void Exile_AndTheWesternRegion_AreNotTheWest()
    {
        const string text = "تحدث الشاعر عن الغربة والحنين، وعن سنوات الغربة في المنطقة الغربية، وعن غربته الطويلة. "
            + "وزار المنطقة الغربية مرة أخرى ووصف الغربة بأنها قاسية.";
        Assert.DoesNotContain("united-states-west", TopicsOf(text));
    }

    [Fact]
    public void SocialAffairs_AreNotSummits()
    {
        const string text = "ناقش مجلس الشؤون الاجتماعية البرامج الاجتماعية والخدمات الاجتماعية والرعاية الاجتماعية، والتنمية الاجتماعية.";
        Assert.DoesNotContain("visits-summits", TopicsOf(text));
    }

    [Fact]
    public void AnyOlympics_IsNotTheBeijingWinterGames()
    {
        const string text = "تأهل العداء إلى أولمبياد طوكيو، وقال إن الألعاب الأولمبية حلم كل رياضي، وإن الأولمبياد المقبل في باريس.";
        Assert.DoesNotContain("winter-olympics", TopicsOf(text));
    }

    [Fact]
    public void IptcTriggers_FindWeatherWithEvidence()
    {
        const string text = "توقعت الأرصاد الجوية هطول أمطار غزيرة وانخفاض درجات الحرارة مع رياح نشطة.";
        var weather = Assert.Single(s_seedRules.Classify(text), f => f.TopicSlug == "weather");
        Assert.All(weather.Evidence, e => Assert.Equal(e.Text, text[e.Start..e.End]));
        Assert.Contains(weather.Evidence, e => e.Text == "الأرصاد الجوية");
    }

    [Theory]
    [InlineData("والغرب", "غرب")]
    [InlineData("للمنتخب", "منتخب")]
    [InlineData("تدريبات", "تدريبات")]
    [InlineData("الغربيه", "غربيه")]
    public void WordKey_StripsTheArticleOnly(string normalized, string key) => Assert.Equal(key, WordKey.Of(normalized));
}
