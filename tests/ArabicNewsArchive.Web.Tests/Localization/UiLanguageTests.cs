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
}
