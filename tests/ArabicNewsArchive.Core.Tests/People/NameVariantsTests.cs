using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.People;

namespace ArabicNewsArchive.Tests.People;

public class NameVariantsTests
{
    private static readonly Lazy<NameLexicon> s_names = new(() => ReferenceData.Load(Path.Combine(PeopleTestData.Root, "seeds", "reference")).Names);

    // Each pair seen as two people in the ANT corpus.
    [Theory]
    [InlineData("هاري كين", "هاري كاين")]
    [InlineData("هيذر نويرت", "هيذر ناورت")]
    [InlineData("مارك زوكربيرغ", "مارك زوكربرغ")]
    [InlineData("عثمان ديمبلي", "عثمان ديمبيلي")]
    [InlineData("هيكتور كوبر", "هكتور كوبر")]
    [InlineData("هيكتور\u00A0كوبر", "هكتور\tكوبر")] // as written in the text, with a no-break space or a tab
    public void SpellingsThatDifferInLongVowelsAreOneName(string a, string b)
    {
        Assert.Equal(NameVariants.LooseKey(NameKey.Identity(a)), NameVariants.LooseKey(NameKey.Identity(b)));
        Assert.True(NameVariants.AreVariants(a, b, s_names.Value));
        Assert.True(NameVariants.AreVariants(b, a, s_names.Value));
    }

    [Theory]
    [InlineData("محمد حسن", "محمد حسين")] // Hassan and Hussein: common given names
    [InlineData("خالد الفيصل", "خلود الفيصل")] // a man's given name and a woman's
    [InlineData("أندرو برانسون", "أندرو برونسون")] // Wikidata: Branson and Bronson
    [InlineData("علي حامد", "علي حميد")] // Wikidata: Hamed and Hamid
    [InlineData("محمد العويس", "محمد العيسى")] // Arabic family names: Al-Owais and Al-Issa
    [InlineData("محمد الزواري", "محمد الوزيري")]
    [InlineData("جون غلين", "جون غاليانو")] // John Glenn and John Galliano: vowels added in three places
    [InlineData("خالد قدور", "خالد قويدر")] // Kaddour and Kouider: the vowel moved
    [InlineData("جوان محمد", "جنا محمد")]
    [InlineData("عوض القرني", "عائض القرني")] // a hamza inside tells Arabic names apart
    [InlineData("أحمد أبوزيد", "أحمد أبازيد")]
    [InlineData("كاين", "كين")] // one word: too little to go on
    public void SpellingsThatNameOtherPeopleAreNot(string a, string b)
    {
        Assert.False(NameVariants.AreVariants(a, b, s_names.Value));
    }

    [Fact]
    public void TheSpellingWhoseWordsTheLexiconKnowsIsShown()
    {
        // زوكربيرغ is Wikidata's spelling of Zuckerberg, زكربيرغ nobody's.
        Assert.True(NameVariants.BetterKnown("مارك زوكربيرغ", "مارك زكربيرغ", s_names.Value));
        Assert.False(NameVariants.BetterKnown("مارك زكربيرغ", "مارك زوكربيرغ", s_names.Value));
        Assert.False(NameVariants.BetterKnown("هيذر ناورت", "هيذر نويرت", s_names.Value));
    }

    [Fact]
    public void NoWordAlikeIsNoVariant()
    {
        // Both words differ only in their vowels, but no word is spelled alike: not enough to join two people.
        Assert.Equal(NameVariants.LooseKey(NameKey.Identity("هيذر نويرت")), NameVariants.LooseKey(NameKey.Identity("هيذار ناورت")));
        Assert.False(NameVariants.AreVariants("هيذر نويرت", "هيذار ناورت", s_names.Value));
    }
}
