using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Tests.Text;

public class ArabicNormalizerTests
{
    // Every vector of Lucene's TestArabicNormalizationFilter (apache/lucene, analysis/common, ar).
    [Theory]
    [InlineData("آجن", "اجن")] // testAlifMadda
    [InlineData("أحمد", "احمد")] // testAlifHamzaAbove
    [InlineData("إعاذ", "اعاذ")] // testAlifHamzaBelow
    [InlineData("بنى", "بني")] // testAlifMaksura
    [InlineData("فاطمة", "فاطمه")] // testTehMarbuta
    [InlineData("روبرـــــت", "روبرت")] // testTatweel
    [InlineData("مَبنا", "مبنا")] // testFatha
    [InlineData("علِي", "علي")] // testKasra
    [InlineData("بُوات", "بوات")] // testDamma
    [InlineData("ولداً", "ولدا")] // testFathatan
    [InlineData("ولدٍ", "ولد")] // testKasratan
    [InlineData("ولدٌ", "ولد")] // testDammatan
    [InlineData("نلْسون", "نلسون")] // testSukun
    [InlineData("هتميّ", "هتمي")] // testShaddah
    [InlineData("", "")] // testEmptyTerm
    public void Normalize_AgreesWithLuceneVectors(string input, string expected) =>
        Assert.Equal(expected, ArabicNormalizer.Normalize(input));

    // Deliberate differences from Lucene (docs/arabic-text.md): each asserts this analyser's behaviour.
    [Theory]
    [InlineData("ٱلله", "الله")] // alef wasla folds (Lucene keeps it)
    [InlineData("مسؤول", "مسءول")] // ؤ and ئ fold to ء, so Egyptian مسئول ...
    [InlineData("مسئول", "مسءول")] // ... and the standard مسؤول meet (Lucene keeps both seats)
    [InlineData("شئون", "شءون")]
    [InlineData("رحمٰن", "رحمن")] // superscript alef stripped (Lucene keeps it)
    [InlineData("ذَٰلِكَ", "ذلك")]
    [InlineData("الرَّحِيمِ۝", "الرحيم")] // Quranic end-of-ayah mark
    [InlineData("٢٠٢٢", "2022")] // Arabic-Indic digits (Lucene: a separate filter)
    [InlineData("۲۰۲۳", "2023")] // Persian digits
    [InlineData("کی", "كي")] // Persian keheh and yeh
    [InlineData("ﻻ", "لا")] // presentation form, through NFKC
    [InlineData("English", "english")] // case folding
    [InlineData("Xi Jinping", "xi jinping")]
    public void Normalize_DiffersFromLuceneOnPurpose(string input, string expected) =>
        Assert.Equal(expected, ArabicNormalizer.Normalize(input));

    [Fact]
    public void Normalize_LoneSurrogate_BecomesReplacementCharacter()
    {
        // In code, not theory data: xunit's serialisation of theory data would mend the strings first.
        // A presentation form (so the NFKC pass runs) beside half an emoji, on either side.
        foreach (var input in new[] { "\uFEFB\uD83D", "\uDE00\uFEFB" })
        {
            var result = ArabicNormalizer.Normalize(input);

            Assert.Contains("لا", result);
            Assert.Contains('\uFFFD', result);
            Assert.DoesNotContain(result, char.IsSurrogate);
        }
    }

    [Fact]
    public void Normalize_ComposesHamzaMarkBeforeFolding()
    {
        // و + U+0654 (hamza above) is ؤ under NFKC, so it folds like ؤ instead of losing the hamza.
        Assert.Equal(ArabicNormalizer.Normalize("مسؤول"), ArabicNormalizer.Normalize("مسو\u0654ول"));
    }

    [Fact]
    public void Normalize_StripsZeroWidthJoiners() =>
        Assert.Equal("بوتين", ArabicNormalizer.Normalize("بو\u200Cتين"));
}
