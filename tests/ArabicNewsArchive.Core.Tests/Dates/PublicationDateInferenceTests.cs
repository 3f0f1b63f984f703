using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Dates;

namespace ArabicNewsArchive.Tests.Dates;

public sealed class PublicationDateInferenceTests
{
    private static readonly PublicationDateInference s_inference =
        new(DatedEventCatalog.Load(SeedFiles.Reference("dated-events.yaml")));

    [Fact]
    public void Infer_WeekdayAndStatedDates_FixTheDay()
    {
        // Thursday; talks on the 10th of the current month (March) ahead; a meeting on 7 March 2022 behind; a visit
        // in May 2022 ahead. Only Thursday 10 March 2022 fits.
        var r = s_inference.Infer("أعلن الوزير اليوم الخميس أن المفاوضات ستجري في 10 آذار الجاري. وكان قد التقى نظيره في 7 آذار 2022، وسيزور موسكو في أيار 2022.");
        Assert.Equal(DatePrecision.Day, r.Fact.Precision);
        Assert.Equal(new DateOnly(2022, 3, 10), r.Fact.Published);
    }

    [Fact]
    public void Infer_TwoPossibleDaysInOneMonth_SaysMonth()
    {
        // A Thursday of March on or before the 10th, in 2022 (since 2022, a visit ahead in May 2022): 3 or 10 March.
        // The day is not guessed: the interval is both days and what lies between.
        var r = s_inference.Infer("أعلن الوزير اليوم الخميس أن المفاوضات ستجري في 10 آذار الجاري. ويتفاوض البلدان منذ عام 2022، وسيزور موسكو في أيار 2022.");
        Assert.Equal(DatePrecision.Days, r.Fact.Precision);
        Assert.Equal((new DateOnly(2022, 3, 3), new DateOnly(2022, 3, 10)), (r.Fact.From!.Value, r.Fact.To!.Value));
    }

    [Fact]
    public void Infer_DatesSpanningMonths_SaysYear()
    {
        var r = s_inference.Infer("وكان البلدان قد وقعا الاتفاق في 3 مارس 2021، ومن المقرر أن يلتقي الوزيران في 5 نوفمبر 2021.");
        Assert.Equal(DatePrecision.Year, r.Fact.Precision);
        Assert.Equal((new DateOnly(2021, 3, 3), new DateOnly(2021, 11, 5)), (r.Fact.From!.Value, r.Fact.To!.Value));
    }

    [Fact]
    public void Infer_WeekdayWithoutYear_IsUnknown()
    {
        var r = s_inference.Infer("قال الرئيس اليوم الأربعاء إن المحادثات كانت مثمرة.");
        Assert.Equal(DatePrecision.Unknown, r.Fact.Precision);
        Assert.Null(r.Fact.Published);
    }

    [Fact]
    public void Infer_Seed000_AWednesdayOfTheMonthBeforeTheGames()
    {
        // "Today Wednesday", the Games (4 February 2022) ahead and taken as within the month: a Wednesday from
        // 5 January to 2 February 2022. "يوم الـ 4 من شباط" ahead says nothing of how near it is, so no day is
        // picked (it was, as "within the week": a habit real text breaks).
        var text = SeedFiles.Seed("000");
        var r = s_inference.Infer(text);
        Assert.Equal((new DateOnly(2022, 1, 5), new DateOnly(2022, 2, 2), DatePrecision.Month), (r.Fact.From!.Value, r.Fact.To!.Value, r.Fact.Precision));
        var today = Assert.Single(r.Fact.Evidence, e => e.Text == "اليوم الأربعاء");
        Assert.Equal("اليوم الأربعاء", text[today.Start..today.End]);
        Assert.All(r.Fact.Evidence, e => Assert.Equal(e.Text, text[e.Start..e.End]));
    }

    [Fact]
    public void Infer_Seed002_DaysAfterTheDatedSummit_Is17To26September2022()
    {
        var r = s_inference.Infer(SeedFiles.Seed("002"));
        Assert.Equal((new DateOnly(2022, 9, 17), new DateOnly(2022, 9, 26), DatePrecision.Days), (r.Fact.From!.Value, r.Fact.To!.Value, r.Fact.Precision));
        Assert.Contains(r.Fact.Evidence, e => e.Text == "قبل أيام");
    }

    [Fact]
    public void Infer_Seed003_YearAfterTheInvasion_IsFebruary2023()
    {
        var r = s_inference.Infer(SeedFiles.Seed("003"));
        Assert.Equal((new DateOnly(2023, 2, 1), DatePrecision.Month), (r.Fact.Published!.Value, r.Fact.Precision));
    }

    [Fact]
    public void RefineWithStory_Seed001TakesTheDayOf000()
    {
        var alone = s_inference.Infer(SeedFiles.Seed("001"));
        Assert.Equal(DatePrecision.Month, alone.Fact.Precision);
        var partner = s_inference.Infer(SeedFiles.Seed("000"));
        var refined = PublicationDateInference.RefineWithStory(alone, [("000", partner)]);
        Assert.Equal((new DateOnly(2022, 2, 4), DatePrecision.Day), (refined.Fact.Published!.Value, refined.Fact.Precision));
        Assert.Contains(refined.Fact.Evidence, e => e.Meaning.Contains("same story as 000", StringComparison.Ordinal));
    }

    [Fact]
    public void RefineWithStory_Seed004_UnknownAloneMonthWith003()
    {
        var alone = s_inference.Infer(SeedFiles.Seed("004"));
        Assert.Equal(DatePrecision.Unknown, alone.Fact.Precision);
        var refined = PublicationDateInference.RefineWithStory(alone, [("003", s_inference.Infer(SeedFiles.Seed("003")))]);
        Assert.Equal((new DateOnly(2023, 2, 1), DatePrecision.Month), (refined.Fact.Published!.Value, refined.Fact.Precision));
    }

    [Fact]
    public void RefineWithStory_PartnerOutsideOwnConstraints_ChangesNothing()
    {
        // 002 (September 2022) cannot move 003, whose own text fixes February 2023.
        var own = s_inference.Infer(SeedFiles.Seed("003"));
        var refined = PublicationDateInference.RefineWithStory(own, [("002", s_inference.Infer(SeedFiles.Seed("002")))]);
        Assert.Same(own, refined);
    }
}
