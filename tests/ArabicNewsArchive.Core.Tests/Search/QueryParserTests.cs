using ArabicNewsArchive.Search;
using ArabicNewsArchive.Text;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Tests.Search;

public sealed class QueryParserTests(SearchFixture fixture) : IClassFixture<SearchFixture>
{
    public static TheoryData<string> Hostile() =>
    [
        "\"", "\"\"", "\"بوتين", "بوتين\"", "\"a\" \"", "(", ")", "((بوتين", "[x]", "{title}: x", "title:بوتين",
        "AND", "OR", "NOT", "NEAR", "NEAR(a b)", "a AND", "OR بوتين", "بوتين OR", "OR OR", "- -", "-", "*", "**", "^", "^بوتين",
        "بوتين*", "*بوتين", "-\"\"", "'; DROP TABLE Articles; --", "1' OR '1'='1", "<script>alert(1)</script>",
        "a\0b", "\0", "بوتينPutin", "Путин 普京 بوتين", "\u202Eبوتين", "ـــ", "َُ", new string('ب', 10_000),
        string.Join(' ', Enumerable.Repeat("بوتين OR", 500)),
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Parser_HostileInputGivesValidFts(string input)
    {
        var parsed = QueryParser.Parse(input);
        await using var db = await fixture.Factory.CreateDbContextAsync();
        foreach (var fts in new[] { parsed.ToFts(), parsed.ExclusionsToFts() })
        {
            if (fts is not null)
            {
                // Throws SqliteException on any FTS5 syntax error.
                await db.Database.SqlQueryRaw<long>("SELECT rowid AS Value FROM ArticleSearch WHERE ArticleSearch MATCH {0}", fts).ToListAsync();
            }
        }

        await fixture.Service.SearchAsync(new SearchRequest { Q = input });
    }

    [Fact]
    public void Parser_ReadsTheLanguage()
    {
        var q = QueryParser.Parse("بوتين \"البيان المشترك\" -أوشاكوف أولم* تايوان OR سمرقند");
        Assert.Equal(4, q.Groups.Count);
        Assert.Equal(["بوت"], q.Groups[0].Alternatives[0].Terms);
        Assert.Equal(ArabicTokenizer.Tokenize("البيان المشترك").Select(t => t.Stem), q.Groups[1].Alternatives[0].Terms);
        Assert.True(q.Groups[2].Alternatives[0].Prefix);
        Assert.Equal(2, q.Groups[3].Alternatives.Count);
        Assert.Single(q.Exclusions);
    }

    [Fact]
    public void Parser_OperatorsAloneAreIgnoredAndReported()
    {
        foreach (var junk in new[] { "OR", "AND", "NEAR", "NOT", "OR OR", "-", "((( \" -*", "* - ^ \"", "=" })
        {
            var q = QueryParser.Parse(junk);
            Assert.True(q.IsJunk, junk);
            Assert.NotEmpty(q.Ignored);
        }

        Assert.Equal(["(((", "\"", "-*"], QueryParser.Parse("(((\"-*").Ignored);
        // Lower case they are words like any other.
        Assert.Equal(["or"], QueryParser.Parse("or").Groups.Single().Alternatives.Single().Terms);
    }

    [Fact]
    public void Parser_CapsLength()
    {
        var q = QueryParser.Parse(string.Join(' ', Enumerable.Range(0, 200).Select(i => "w" + i)));
        Assert.Equal(QueryParser.MaxTerms, q.Groups.Count);
    }
}
