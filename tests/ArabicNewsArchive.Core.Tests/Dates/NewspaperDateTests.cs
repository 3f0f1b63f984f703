using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Dates;

namespace ArabicNewsArchive.Tests.Dates;

/// <summary>
/// What newspapers write (datelines, Hijri dates, "الموافق" pairs, the month names of every family) and what only
/// looks like a date (a year in a name, a name that looks like a future verb). Made-up sentences in the style of
/// real news, so they always run.
/// </summary>
public sealed class NewspaperDateTests
{
    private static readonly PublicationDateInference s_inference =
        new(DatedEventCatalog.Load(SeedFiles.Reference("dated-events.yaml")));

    [Theory]
    [InlineData("وقال الوزير إن المملكة ستحقق أهداف رؤية 2030 قبل موعدها.", 2030)]
    [InlineData("وسيشارك المنتخب في كأس العالم 2022 بتشكيلة جديدة.", 2022)]
    [InlineData("وافتتح الوزير معرض أديبك 2015 بحضور عدد من المسؤولين.", 2015)]
    [InlineData("وستعرض الهيئة مشروع السعودية 2050 على المستثمرين.", 2050)]
    [InlineData("وزار الوفد موقع إكسبو 2020 في دبي.", 2020)]
    [InlineData("وخسر المنتخب نهائي كأس القارات 2017 أمام ألمانيا.", 2017)]
    public void Extract_YearInAName_IsNoDate(string text, int year)
    {
        Assert.DoesNotContain(DateExpressionExtractor.Extract(text), e => e.Year == year);
    }

    [Fact]
    public void Extract_YearAfterAPreposition_IsADate()
    {
        // The same year after "في" or "بحلول" is a time the sentence speaks of.
        Assert.Contains(DateExpressionExtractor.Extract("وستحقق المملكة أهدافها في 2030."), e => e.Year == 2030);
        Assert.Contains(DateExpressionExtractor.Extract("وتريد الشركة مضاعفة إنتاجها بحلول 2035."), e => e.Year == 2035);
    }

    [Fact]
    public void Infer_FutureCueAfterANameYear_BoundsTheDateFromAbove()
    {
        // "بطولة العالم 2022 المقررة": the event named with its year is ahead, so writing is in 2022 or before; with
        // "منذ عام 2022" and today a Wednesday: a Wednesday of 2022, not more.
        var r = s_inference.Infer("قال المدير اليوم الأربعاء إن الاستعدادات جارية منذ عام 2022 لتنظيم بطولة العالم 2022 المقررة في الدوحة.");
        Assert.Equal(DatePrecision.Year, r.Fact.Precision);
        Assert.Equal((new DateOnly(2022, 1, 5), new DateOnly(2022, 12, 28)), (r.Fact.From!.Value, r.Fact.To!.Value));
        Assert.Contains(r.Fact.Evidence, e => e.Text.StartsWith("العالم 2022", StringComparison.Ordinal));
    }

    [Fact]
    public void Infer_HijriDateline_IsConvertedByUmmAlQura()
    {
        // 25 Shawwal 1436 is 10 August 2015 in the Umm al-Qura calendar; a Hijri date alone keeps a day either side.
        var r = s_inference.Infer("أمير المنطقة يفتتح المعرض\nالرياض 25 شوال 1436 هـ (واس)\nافتتح أمير المنطقة المعرض الدولي للكتاب بحضور عدد من المسؤولين.");
        Assert.Equal(DatePrecision.Days, r.Fact.Precision);
        Assert.Equal((new DateOnly(2015, 8, 9), new DateOnly(2015, 8, 11)), (r.Fact.From!.Value, r.Fact.To!.Value));
        Assert.Contains(r.Fact.Evidence, e => e.Meaning.Contains("Shawwal 1436", StringComparison.Ordinal));
    }

    [Fact]
    public void Infer_MuwafiqDateline_GivesTheGregorianDay()
    {
        var r = s_inference.Infer("أمير المنطقة يفتتح المعرض\nالرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م (واس)\nافتتح أمير المنطقة المعرض الدولي للكتاب.");
        Assert.Equal((new DateOnly(2015, 8, 10), new DateOnly(2015, 8, 10), DatePrecision.Day), (r.Fact.From!.Value, r.Fact.To!.Value, r.Fact.Precision));
        var evidence = Assert.Single(r.Fact.Evidence);
        Assert.Equal("25 شوال 1436 هـ الموافق 10 أغسطس 2015", evidence.Text);
    }

    [Fact]
    public void Infer_MuwafiqPairThatDisagrees_DatesNothing()
    {
        var r = s_inference.Infer("أمير المنطقة يفتتح المعرض\nالرياض 25 شوال 1436 هـ الموافق 10 سبتمبر 2015 م (واس)\nافتتح أمير المنطقة المعرض.");
        Assert.Equal(DatePrecision.Unknown, r.Fact.Precision);
    }

    [Fact]
    public void Infer_DatelineWithAMaghrebiMonth_IsTheDay()
    {
        var r = s_inference.Infer("الحكومة تعلن إجراءات جديدة\nتونس - 12 أفريل 2016 (وات)\nأعلنت الحكومة اليوم عن إجراءات جديدة لدعم الاستثمار.");
        Assert.Equal((new DateOnly(2016, 4, 12), DatePrecision.Day), (r.Fact.From!.Value, r.Fact.Precision));
    }

    [Theory]
    [InlineData("استضاف البرنامج اليوم الأربعاء 18 جانفي 2017 أبطال الفيلم.", 2017, 1, 18)]
    [InlineData("وقال الوزير اليوم الخميس 6 جويلية 2017 إن الموسم سينطلق قريبا.", 2017, 7, 6)]
    [InlineData("انطلقت أمس الثلاثاء 8 أوت 2017 فعاليات المهرجان.", 2017, 8, 9)]
    public void Infer_TodayWithAMaghrebiDate_IsThatDay(string text, int year, int month, int day)
    {
        var r = s_inference.Infer(text);
        Assert.Equal((new DateOnly(year, month, day), DatePrecision.Day), (r.Fact.From!.Value, r.Fact.Precision));
    }

    [Fact]
    public void Infer_WeekdayWithNoMonth_IsAConstraintNotAClaim()
    {
        // "Today Wednesday" and a target "بحلول عام 2030": every Wednesday before 2030 fits. The search window once
        // made that "2029".
        var r = s_inference.Infer("قال الوزير اليوم الأربعاء إن الحكومة ستضاعف الإنتاج بحلول عام 2030.");
        Assert.Equal(DatePrecision.Unknown, r.Fact.Precision);
        Assert.Null(r.Fact.From);
    }

    [Fact]
    public void Infer_DayAndMonthAheadWithoutYear_AreNotAssumedWithinTheWeek()
    {
        // "12 ماي القادم" in an article of late April is weeks away: with no imminence cue the day is not guessed.
        var r = s_inference.Infer("قال المنظمون اليوم الجمعة إن المهرجان سينطلق يوم 12 ماي القادم، وكانت الدورة السابقة قد أقيمت في 2016.");
        Assert.NotEqual(DatePrecision.Day, r.Fact.Precision);
    }

    [Fact]
    public void Extract_NameThatLooksLikeAFutureVerb_IsNotOne()
    {
        Assert.False(DateLexicon.IsFutureVerb("ستيفان"));
        Assert.True(DateLexicon.IsFutureVerb("ستعقد"));
        var month = Assert.Single(DateExpressionExtractor.Extract("وقال ستيفان دوجاريك إن الاجتماع عقد في مارس 2015."), e => e.Kind == DateExpressionKind.Month);
        Assert.NotEqual(DateTense.Upcoming, month.Tense);
    }

    [Fact]
    public void Infer_DaysAgoBeforeAnAnniversary_IsNotDaysAgo()
    {
        // "قبل أيام من الذكرى" counts back from the anniversary, not from the day of writing.
        var r = s_inference.Infer("وجاءت التحذيرات قبل أيام فقط من ذكرى الزلزال الذي وقع في 17 أغسطس 1999.");
        Assert.Equal(DatePrecision.Unknown, r.Fact.Precision);
    }

    [Theory]
    [InlineData("تعيينات الحكام\nمقابلات الذهاب 9 أفريل 2017 - الساعة : الثانية و النصف بتوقيت تونس\nكشفت اللجنة عن التعيينات.")]
    [InlineData("برنامج الجولة\nالأحد 5 فيفري 2017 : الساعة 14:00 المجموعة الأولى\nتدور المقابلات في الملاعب.")]
    [InlineData("ظاهرة فلكية\nتعيش تونس، يوم 9 ماي 2016، ظاهرة فلكية نادرة\nوأوضحت الجمعية ذلك.")]
    public void Extract_FixtureOrSentenceDate_IsNoDateline(string text)
    {
        Assert.DoesNotContain(DateExpressionExtractor.Extract(text), e => e.Dateline);
    }

    [Fact]
    public void Infer_TimelineDateInTheBody_IsNoDateline()
    {
        const string text = "البرلمان يقر القانون\nوكانت السلطات قد سمحت للنساء بقيادة السيارة بعد سنوات من الجدل الطويل حول هذه المسألة في البلاد، "
            + "وسمحت لهن بحضور المباريات في الملاعب بعد ذلك بأشهر قليلة في خطوة وصفت بأنها تاريخية، وتبعتها خطوات أخرى كثيرة في الأشهر التالية.\n"
            + "14 فبراير/شباط 2018\nأقر البرلمان قانونا يجرم العنف ضد المرأة.";
        Assert.DoesNotContain(DateExpressionExtractor.Extract(text), e => e.Dateline);
    }
}
