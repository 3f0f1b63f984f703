using ArabicNewsArchive.People;

namespace ArabicNewsArchive.Tests.People;

public class QuoteExtractorTests
{
    private static readonly QuoteExtractor s_quotes = new(PeopleTestData.Recognizer);

    [Fact]
    public void Extract_TitleThenNameThenBiAnna()
    {
        const string text = "وصرّح وزير الخارجية الروسي سيرغي لافروف، في وقت سابق، بأن \"العلاقات بين روسيا والصين وصلت إلى مستوى أكثر تقدماً من التحالف العسكري السياسي التقليدي\"، مشيراً إلى أن \"الولايات المتحدة تحاول معاقبة روسيا والصين\".";
        var quotes = s_quotes.Extract(text);
        Assert.Equal(2, quotes.Count);
        var first = quotes[0];
        Assert.Equal("sergey-lavrov", first.PersonSlug);
        Assert.Equal("العلاقات بين روسيا والصين وصلت إلى مستوى أكثر تقدماً من التحالف العسكري السياسي التقليدي", first.Text);
        Assert.Equal(text[first.Start..first.End], first.Text);
        Assert.Equal("وصرّح وزير الخارجية الروسي سيرغي لافروف", text[first.CueStart..first.CueEnd]);
        // The participle continues the same speaker.
        Assert.Equal("sergey-lavrov", quotes[1].PersonSlug);
        Assert.Equal("الولايات المتحدة تحاول معاقبة روسيا والصين", quotes[1].Text);
    }

    [Fact]
    public void Extract_PronounRefersToThePreviousSpeaker()
    {
        // Seed 000: "وأكد أوشاكوف أن" then a later "وأضاف أنه".
        const string text = "وأكد أوشاكوف أن \"الصين تدعم مطالب روسيا بشأن الضمانات الأمنية\".\nوأضاف أنه \"بعد المحادثات، تم التخطيط لمأدبة غداء\".";
        var quotes = s_quotes.Extract(text);
        Assert.Equal(["yuri-ushakov", "yuri-ushakov"], quotes.Select(q => q.PersonSlug));
        Assert.Equal("بعد المحادثات، تم التخطيط لمأدبة غداء", quotes[1].Text);
        Assert.Equal("وأضاف", text[quotes[1].CueStart..quotes[1].CueEnd]);
    }

    [Fact]
    public void Extract_SpeakerIsNotTheAddressee()
    {
        // Seed 003: Wang speaks to Patrushev (لنيكولاي، لـ “الرفيق”).
        var text = PeopleTestData.Seed("003_b3014ee5dfb3bcc9");
        var quotes = s_quotes.Extract(text);
        var wang = quotes.Where(q => q.PersonSlug == "wang-yi").Select(q => q.Text).ToList();
        Assert.Contains("يتطلع إلى مناقشات حول الأمن", wang);
        Assert.Contains(wang, q => q.StartsWith("العلاقات الصينية الروسية ناضجة في طبيعتها", StringComparison.Ordinal));
        Assert.Contains(quotes, q => q.PersonSlug == "nikolai-patrushev" && q.Text.StartsWith("أريد أن أؤكد", StringComparison.Ordinal));
        // "قال كبير الدبلوماسيين الصينيين لواحد من أقرب حلفاء الرئيس فلاديمير بوتين ... أن": not Putin's words.
        Assert.DoesNotContain(quotes, q => q.Text.StartsWith("علاقة بكين بموسكو", StringComparison.Ordinal));
        // "... بين وانغ وبوتين ، قائلا “هناك الكثير”": the participle is Peskov's, not the Putin just before it.
        Assert.Equal("dmitry-peskov", quotes.Single(q => q.Text == "هناك الكثير لنتحدث عنه").PersonSlug);
    }

    [Fact]
    public void Extract_SpeakerNamedBeforeTheVerb()
    {
        var text = PeopleTestData.Seed("000_222e9e8ff3339bbc");
        var denisov = Assert.Single(s_quotes.Extract(text), q => q.PersonSlug == "andrey-denisov");
        Assert.StartsWith("التعاون بين روسيا والصين في جميع المجالات", denisov.Text);
    }

    [Fact]
    public void Extract_ColonAndReportedSpeech()
    {
        var text = PeopleTestData.Seed("004_4e31ff7a3868a69f");
        var quotes = s_quotes.Extract(text);
        // "وقال بوتين لوانغ يي: "وضعنا هدفاً..."
        Assert.Contains(quotes, q => q.PersonSlug == "vladimir-putin" && q.Text.StartsWith("وضعنا هدفاً للوصول", StringComparison.Ordinal));
        // "وصرّح لافروف، بدوره، بأنّ العلاقات ..., مؤكّداً أنّ ...": reported speech ends at the participle.
        Assert.Contains(quotes, q => q.PersonSlug == "sergey-lavrov"
            && q.Text == "العلاقات بين روسيا والصين تتطور بشكل ديناميكي على الرغم من الاضطرابات الدولية");
        Assert.Contains(quotes, q => q.PersonSlug == "wang-yi" && q.Text == "العلاقات الروسية الصينية تحافظ على اندفاع عالٍ");
        Assert.All(quotes, q => Assert.Equal(text[q.Start..q.End], q.Text));
    }

    [Fact]
    public void Extract_UnnamedSpeakerIsNotGuessed()
    {
        // Seed 001: "وقال الرئيس الصيني إن ... مؤكدا أن" names no one; "وأضاف قائلا:" must not borrow a speaker.
        const string text = "وقال الرئيس الصيني إن بكين وموسكو تعملان معًا، مؤكدا أن \"الثقة السياسية مستمرة في النمو\"\nوأضاف قائلا: \"الطرفان يدعمان بقوة الجهود المبذولة\".";
        Assert.Empty(s_quotes.Extract(text));
    }

    [Fact]
    public void Extract_QuotesFromEverySeedHaveSpeakersAndExactOffsets()
    {
        var counts = new[] { "000_222e9e8ff3339bbc", "001_115f144be502b13d", "002_beaccfc0902c3d0e", "003_b3014ee5dfb3bcc9", "004_4e31ff7a3868a69f" }
            .Select(id =>
            {
                var text = PeopleTestData.Seed(id);
                var quotes = s_quotes.Extract(text);
                Assert.All(quotes, q =>
                {
                    Assert.Equal(text[q.Start..q.End], q.Text);
                    Assert.True(q.CueStart < q.CueEnd && q.CueEnd <= q.Start);
                });
                return quotes.Count;
            })
            .ToList();
        Assert.Equal([9, 8, 5, 8, 9], counts);
    }
}
