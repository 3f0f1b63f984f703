using ArabicNewsArchive.Web.Localization;

namespace ArabicNewsArchive.Web.Tests.Localization;

public class UiLanguageTests
{
    [Theory]
    [InlineData(0, "0 مقالة")]
    [InlineData(1, "مقالة واحدة")]
    [InlineData(2, "مقالتان")]
    [InlineData(3, "3 مقالات")]
    [InlineData(10, "10 مقالات")]
    [InlineData(11, "11 مقالة")]
    [InlineData(99, "99 مقالة")]
    [InlineData(100, "100 مقالة")]
    [InlineData(103, "103 مقالات")]
    [InlineData(111, "111 مقالة")]
    [InlineData(1005, "1٬005 مقالات")] // the Arabic thousands separator (U+066C)
    public void Articles_ArabicNounAgreesWithTheNumber(int count, string expected) =>
        Assert.Equal(expected, UiLanguage.Arabic.Articles(count));

    [Theory]
    [InlineData(1, "1 article")]
    [InlineData(2, "2 articles")]
    [InlineData(0, "0 articles")]
    public void Articles_EnglishSingularOnlyForOne(int count, string expected) =>
        Assert.Equal(expected, UiLanguage.English.Articles(count));

    [Fact]
    public void SharedArticles_UsesDualAndPlural()
    {
        Assert.Equal("مقالتان مشتركتان", UiLanguage.Arabic.SharedArticles(2));
        Assert.Equal("4 مقالات مشتركة", UiLanguage.Arabic.SharedArticles(4));
        Assert.Equal("1 shared article", UiLanguage.English.SharedArticles(1));
    }

    [Theory]
    [InlineData("2022-09-17", "2022-09-26", "days", "between 17 and 26 September 2022", "بين 17 و26 سبتمبر 2022")]
    [InlineData("2015-07-20", "2015-08-10", "month", "between 20 July and 10 August 2015", "بين 20 يوليو و10 أغسطس 2015")]
    [InlineData("2023-02-01", "2023-02-28", "month", "February 2023", "فبراير 2023")]
    [InlineData("2015-01-01", "2015-12-31", "year", "2015", "2015")]
    [InlineData("2022-02-02", "2022-02-02", "day", "2 February 2022", "2 فبراير 2022")]
    public void Date_ShowsTheIntervalAsAReaderSaysIt(string from, string to, string precision, string english, string arabic)
    {
        var (a, b) = (DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(english, UiLanguage.English.Date(a, b, precision));
        Assert.Equal(arabic, UiLanguage.Arabic.Date(a, b, precision));
    }
}
