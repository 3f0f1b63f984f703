using ArabicNewsArchive.Search;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Tests.Search;

/// <summary>
/// Relevance scores come from <see cref="Bm25Ranker"/> (bm25 recomputed in managed code with the document lengths
/// of the snapshot); they must be FTS5's own <c>bm25(ArticleSearch, 5.0, 1.0, 2.0)</c>, hit for hit.
/// </summary>
public sealed class Bm25RankerTests(SearchFixture fixture, SearchOrderTests.Store many)
    : IClassFixture<SearchFixture>, IClassFixture<SearchOrderTests.Store>
{
    [Theory]
    [InlineData("بوتين")]
    [InlineData("الرئيس الصيني")]
    [InlineData("\"البيان المشترك\"")]
    [InlineData("روسيا OR الصين")]
    [InlineData("الصي*")]
    [InlineData("بوتين -أوشاكوف")]
    [InlineData("Putin")]
    [InlineData("شي جين بينغ")]
    [InlineData(null)] // the person's token alone, column-filtered
    public Task Bm25Ranker_ScoresEqualFts5Bm25(string? q) => AssertScoresAsync(fixture.Factory, q);

    /// <summary>
    /// 400 articles: with five, every common word's IDF is floored to the same 1e-6 and a wrong document count
    /// would not show.
    /// </summary>
    [Theory]
    [InlineData("الطاقة")]
    [InlineData("الطاقة التعاون")]
    [InlineData("محادثات OR النفط")]
    [InlineData("\"البيان المشترك\"")]
    [InlineData("الطا*")]
    [InlineData("المحادثات -النفط")]
    public Task Bm25Ranker_ScoresEqualFts5Bm25_OnManyArticles(string q) => AssertScoresAsync(many.Test.Contexts, q);

    private static async Task AssertScoresAsync(IDbContextFactory<ArabicNewsArchive.Store.ArchiveDbContext> factory, string? q)
    {
        await using var db = await factory.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var snap = await SearchSnapshot.LoadAsync(connection, default);
        var query = q is null ? null : SearchService.ExpandPeople(QueryParser.Parse(q), snap);
        var match = query?.ToFts() ?? $"persons : \"{SearchTerms.PersonToken("vladimir-putin")}\"";
        var disjunction = query?.IsDisjunction ?? true;

        var expected = new Dictionary<long, double>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT rowid, bm25(ArticleSearch, {SearchIndex.Bm25Weights}) FROM ArticleSearch WHERE ArticleSearch MATCH $m";
            cmd.Parameters.AddWithValue("$m", match);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                expected[reader.GetInt64(0)] = reader.GetDouble(1);
            }
        }

        Assert.NotEmpty(expected);
        Assert.True(Bm25Ranker.TryRegister(connection));
        // With the snapshot's lengths, and with none (rows indexed after the snapshot: FTS5 is asked per row); for
        // an OR of phrases, with the phrases' document counts taken from the hits and from FTS5.
        foreach (var (lengths, counted) in new[] { (snap.Lengths, disjunction), ([], disjunction), (snap.Lengths, false) })
        {
            var actual = new Dictionary<long, double>();
            Bm25Ranker.Rank(connection, match, lengths, counted, (rowId, score) => actual.Add(rowId, score));
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (rowId, score) in expected)
            {
                Assert.True(Math.Abs(score - actual[rowId]) <= 1e-12 * Math.Abs(score), $"{match}: row {rowId} {score} vs {actual[rowId]}");
            }
        }
    }

    [Fact]
    public async Task Search_RanksTextQueriesThroughTheManagedBm25()
    {
        var service = new SearchService(fixture.Factory, hitCacheSize: 0);
        await service.SearchAsync(new SearchRequest { Q = "بوتين" });
        await service.SearchAsync(new SearchRequest { Q = "Putin" });
        await service.SearchAsync(new SearchRequest { Q = "بوتين", Sort = "date" });
        Assert.Equal(3, service.FtsReads);
        Assert.Equal(2, service.ManagedRankReads);
    }
}
