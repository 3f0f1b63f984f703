using ArabicNewsArchive.Tests.Ingestion;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Tests.Text;

public class ArabicTokenizerTests
{
    [Fact]
    public void Tokenize_WithWordCache_GivesTheSameTokens()
    {
        // The analysis keeps a word cache from one article to the next: a cached word must come back with its own
        // surface, normal form and stem, never another word's, and a full cache must stop growing.
        var texts = Seeds.Files.Select(File.ReadAllText)
            .Append("وَقَالَ الرَّئِيسُ لِبُوتِيــــن وقال الرئيس لبوتين ﺍﻟﺴﻼﻡ السلام أحمد احمد G20 g20")
            .ToList();
        var words = new WordCache();
        var small = new WordCache(capacity: 50);
        foreach (var pass in new[] { 1, 2 })
        {
            foreach (var text in texts)
            {
                var expected = ArabicTokenizer.Tokenize(text);
                Assert.Equal(expected, ArabicTokenizer.Tokenize(text, words));
                Assert.Equal(expected, ArabicTokenizer.Tokenize(text, small));
            }
        }

        Assert.True(words.Count > 1000);
        Assert.Equal(50, small.Count);
    }

    [Fact]
    public void WordCache_KeepsAWordTheSecondTimeItIsMet()
    {
        // Kept the first time, a bounded cache fills with words met once in the whole archive.
        var words = new WordCache(capacity: 2);
        ArabicTokenizer.Tokenize("نادرة", words);
        Assert.Equal(0, words.Count);
        ArabicTokenizer.Tokenize("كلمة نادرة", words);
        Assert.NotNull(words.Find("نادرة"));
        Assert.Null(words.Find("كلمة"));
    }

    [Fact]
    public void Tokenize_OffsetsPointAtSourceWithHarakatTatweelAndClitics()
    {
        const string text = "وَقَالَ الرَّئِيسُ لِبُوتِيــــن: «الـ4 من G20 في ٢٠٢٢» Putin-بوتين";
        var tokens = ArabicTokenizer.Tokenize(text);
        foreach (var t in tokens)
        {
            Assert.Equal(t.Surface, text[t.Start..t.End]);
        }

        Assert.Equal(
            ["وقال", "الرءيس", "لبوتين", "ال", "4", "من", "g20", "في", "2022", "putin", "بوتين"],
            tokens.Select(t => t.Normalized));
        Assert.Equal("لِبُوتِيــــن", tokens[2].Surface);
        Assert.Equal(text.IndexOf('ل', text.IndexOf(':') - 14), tokens[2].Start);
        Assert.Equal(Enumerable.Range(0, tokens.Count), tokens.Select(t => t.Index));
    }

    [Fact]
    public void Tokenize_SplitsArabicFromDigitsAndLatin()
    {
        var tokens = ArabicTokenizer.Tokenize("بكين2022 وCOVID19");
        Assert.Equal(["بكين", "2022", "و", "covid19"], tokens.Select(t => t.Normalized));
        Assert.Equal([0, 4, 9, 10], tokens.Select(t => t.Start));
    }

    [Fact]
    public void Tokenize_StemsClitics()
    {
        var tokens = ArabicTokenizer.Tokenize("والصين وبالعلاقات للصحافيين");
        Assert.Equal(["صين", "علاق", "صحاف"], tokens.Select(t => t.Stem));
    }

    [Fact]
    public void Tokenize_LeadingMarkIsNotAToken()
    {
        var tokens = ArabicTokenizer.Tokenize("ـ ً روسيا");
        var token = Assert.Single(tokens);
        Assert.Equal("روسيا", token.Surface);
        Assert.Equal(4, token.Start);
    }

    [Fact]
    public void Tokenize_PresentationFormsNormaliseButKeepOffsets()
    {
        const string text = "ﻻ شيء";
        var tokens = ArabicTokenizer.Tokenize(text);
        Assert.Equal(["لا", "شيء"], tokens.Select(t => t.Normalized));
        Assert.Equal((0, 1), (tokens[0].Start, tokens[0].End));
        Assert.Equal((2, 5), (tokens[1].Start, tokens[1].End));
    }
}
