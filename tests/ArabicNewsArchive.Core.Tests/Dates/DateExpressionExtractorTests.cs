using ArabicNewsArchive.Dates;

namespace ArabicNewsArchive.Tests.Dates;

public sealed class DateExpressionExtractorTests
{
    [Theory]
    // Levantine / Iraqi
    [InlineData("وصل الوفد في 3 كانون الثاني", 3, 1)]
    [InlineData("عقد الاجتماع في 12 شباط", 12, 2)]
    [InlineData("في 5 آذار", 5, 3)]
    [InlineData("في 6 نيسان", 6, 4)]
    [InlineData("في 7 أيار", 7, 5)]
    [InlineData("في 8 حزيران", 8, 6)]
    [InlineData("في 9 تموز", 9, 7)]
    [InlineData("في 10 آب", 10, 8)]
    [InlineData("في 11 أيلول", 11, 9)]
    [InlineData("في 13 تشرين الأول", 13, 10)]
    [InlineData("في 14 تشرين الثاني", 14, 11)]
    [InlineData("في 15 كانون الأول", 15, 12)]
    // Egyptian / Gulf, with spelling variants
    [InlineData("في 1 يناير", 1, 1)]
    [InlineData("في 24 فبراير", 24, 2)]
    [InlineData("في 2 مارس", 2, 3)]
    [InlineData("في 3 أبريل", 3, 4)]
    [InlineData("في 3 إبريل", 3, 4)]
    [InlineData("في 4 مايو", 4, 5)]
    [InlineData("في 5 يونيو", 5, 6)]
    [InlineData("في 5 يونيه", 5, 6)]
    [InlineData("في 6 يوليو", 6, 7)]
    [InlineData("في 6 يوليه", 6, 7)]
    [InlineData("في 7 أغسطس", 7, 8)]
    [InlineData("في 16 سبتمبر", 16, 9)]
    [InlineData("في 8 أكتوبر", 8, 10)]
    [InlineData("في 9 نوفمبر", 9, 11)]
    [InlineData("في 10 ديسمبر", 10, 12)]
    // Maghrebi
    [InlineData("في 11 جانفي", 11, 1)]
    [InlineData("في 12 فيفري", 12, 2)]
    [InlineData("في 13 أفريل", 13, 4)]
    [InlineData("في 14 ماي", 14, 5)]
    [InlineData("في 15 جوان", 15, 6)]
    [InlineData("في 16 جويلية", 16, 7)]
    [InlineData("في 17 أوت", 17, 8)]
    public void Extract_DayMonth_EveryMonthFamily(string text, int day, int month)
    {
        var e = Assert.Single(DateExpressionExtractor.Extract(text), x => x.Kind == DateExpressionKind.DayMonth);
        Assert.Equal(day, e.Day);
        Assert.Equal(month, e.Month);
        Assert.Equal(e.Text, text[e.Start..e.End]);
    }

    [Theory]
    [InlineData("بكين، يوم الـ 4 من شباط/فبراير.", "يوم الـ 4 من شباط/فبراير")]
    [InlineData("في الـ4 من شباط/ فبراير.", "الـ4 من شباط/ فبراير")]
    [InlineData("حتى 20 شباط/ فبراير الجاري.", "20 شباط/ فبراير الجاري")]
    public void Extract_CombinedMonthForm_IsOnePhrase(string text, string phrase)
    {
        var e = Assert.Single(DateExpressionExtractor.Extract(text));
        Assert.Equal(DateExpressionKind.DayMonth, e.Kind);
        Assert.Equal(2, e.Month);
        Assert.Equal(phrase, e.Text);
        Assert.Equal(phrase, text[e.Start..e.End]);
    }

    [Fact]
    public void Extract_FullDate_WithArabicIndicDigits()
    {
        var e = Assert.Single(DateExpressionExtractor.Extract("في سمرقند - ١٦ سبتمبر ٢٠٢٢."));
        Assert.True(e.IsFullDate);
        Assert.Equal((16, 9, 2022), (e.Day!.Value, e.Month!.Value, e.Year!.Value));
    }

    [Theory]
    [InlineData("مارس الضغط على الحكومة")]
    [InlineData("قال إن آب العائلة حضر")]
    [InlineData("اتفق الاثنين على الخطة")]
    public void Extract_AmbiguousWordsWithoutContext_AreNotDates(string text) =>
        Assert.Empty(DateExpressionExtractor.Extract(text));

    [Theory]
    [InlineData("صرح اليوم الأربعاء بأن", DayOfWeek.Wednesday, 0)]
    [InlineData("خلال اجتماع أمس الثلاثاء", DayOfWeek.Tuesday, -1)]
    [InlineData("قال يوم الثلاثاء إن", DayOfWeek.Tuesday, null)]
    [InlineData("وتنطلق اليوم الجمعة الألعاب", DayOfWeek.Friday, 0)]
    public void Extract_Weekday_TiedToToday(string text, DayOfWeek day, int? fromToday)
    {
        var e = Assert.Single(DateExpressionExtractor.Extract(text), x => x.Kind == DateExpressionKind.Weekday);
        Assert.Equal(day, e.Weekday);
        Assert.Equal(fromToday, e.DaysFromToday);
    }

    [Theory]
    [InlineData("التقيا قبل أيام في", RelativeDate.DaysAgo)]
    [InlineData("في العام الماضي وصلنا", RelativeDate.LastYear)]
    [InlineData("خلال الشهر الماضي", RelativeDate.LastMonth)]
    [InlineData("أكد يوم أمس أن", RelativeDate.Yesterday)]
    [InlineData("في الأشهر المقبلة", RelativeDate.ComingMonths)]
    public void Extract_RelativePhrases(string text, RelativeDate kind) =>
        Assert.Equal(kind, Assert.Single(DateExpressionExtractor.Extract(text)).Relative);

    [Fact]
    public void Extract_Tense_FromFutureVerbAndPastCue()
    {
        var found = DateExpressionExtractor.Extract("وسيعقد الاجتماع في 4 شباط. وكان قد التقاه يوم الـ 27 من الشهر الماضي. ويجريان منذ عام 2012 مناورات.");
        Assert.Equal(DateTense.Upcoming, found.Single(e => e.Day == 4).Tense);
        Assert.Equal(-1, found.Single(e => e.Day == 27).MonthOffset);
        Assert.True(found.Single(e => e.Kind == DateExpressionKind.Year).Since);
    }
}
