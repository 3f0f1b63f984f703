using ArabicNewsArchive.Search;
using ArabicNewsArchive.Search.Fts5;
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

        // An OR of words and phrases is ranked from the index's pages by the service: the same hits, scores and order.
        var phrases = q is null ? [([SearchTerms.PersonToken("vladimir-putin")], SearchIndexSchema.PersonsColumns, false)] : query!.PlainPhrases();
        if (phrases is not null)
        {
            var fromPages = new List<(long RowId, double Score)>();
            Assert.True(Bm25Ranker.TryRankFromPages(connection, phrases, snap.Lengths, (rowId, score) => fromPages.Add((rowId, score))), match);
            Assert.Equal(expected.Keys.Order(), fromPages.Select(h => h.RowId));
            foreach (var (rowId, score) in fromPages)
            {
                Assert.True(Math.Abs(expected[rowId] - score) <= 1e-12 * Math.Abs(score), $"{match} from pages: row {rowId} {expected[rowId]} vs {score}");
            }
        }

        if (!disjunction)
        {
            return;
        }

        // Read in three rowid slices on three connections at once: the same scores (the IDFs come from the hits of
        // all slices), in the same rowid order as one read.
        await using var db2 = await factory.CreateDbContextAsync();
        await using var db3 = await factory.CreateDbContextAsync();
        await db2.Database.OpenConnectionAsync();
        await db3.Database.OpenConnectionAsync();
        var second = (SqliteConnection)db2.Database.GetDbConnection();
        var third = (SqliteConnection)db3.Database.GetDbConnection();
        Assert.True(Bm25Ranker.TryRegister(second) && Bm25Ranker.TryRegister(third));
        var cut = expected.Keys.Order().ToArray();
        var (a, b) = (cut[cut.Length / 3], cut[cut.Length * 2 / 3]);
        var sliced = new List<(long RowId, double Score)>();
        Bm25Ranker.Rank(
            [new(connection, long.MinValue, a), new(second, a + 1, b), new(third, b + 1, long.MaxValue)],
            match, snap.Lengths, disjunction, (rowId, score) => sliced.Add((rowId, score)));
        Assert.Equal(cut, sliced.Select(h => h.RowId));
        foreach (var (rowId, score) in sliced)
        {
            Assert.True(Math.Abs(expected[rowId] - score) <= 1e-12 * Math.Abs(score), $"{match} in slices: row {rowId} {expected[rowId]} vs {score}");
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

    /// <summary>
    /// A prefix is read off the index's pages (the index has no prefix index), ranked or sorted by date: the hits are
    /// those FTS5's own MATCH finds for the same expression.
    /// </summary>
    [Theory]
    [InlineData("الطا*", "relevance")]
    [InlineData("الطا*", "date")]
    [InlineData("مح*", "date")]
    [InlineData("نف* OR الطاقة", "relevance")]
    public async Task Search_PrefixFromPages_SameHitsAsFts5Match(string q, string sort)
    {
        var service = new SearchService(many.Test.Contexts, hitCacheSize: 0);
        var response = await service.SearchAsync(new SearchRequest { Q = q, Sort = sort, PageSize = 100 });
        Assert.Equal(1, service.PageReads);

        await using var db = await many.Test.Contexts.CreateDbContextAsync();
        var match = QueryParser.Parse(q).ToFts()!;
        var ids = await db.Database.SqlQueryRaw<string>(
            "SELECT d.ArticleId AS Value FROM ArticleSearch JOIN SearchDocs d ON d.RowId = ArticleSearch.rowid WHERE ArticleSearch MATCH {0}", match).ToListAsync();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, response.Total);
        Assert.Subset(ids.ToHashSet(), response.Items.Select(i => i.Id).ToHashSet());
    }

    /// <summary>
    /// <c>"a b"~N</c> alone is read off the pages (the tokens' postings matched as FTS5's NEAR), with FTS5's own hits;
    /// beside a typed name's person token it is still FTS5's. The scores are held to bm25() by Fts5RandomisedTests.
    /// </summary>
    [Theory]
    [InlineData("\"البيان المشترك\"~5", 1)]
    [InlineData("\"المشترك البيان\"~0", 1)]
    [InlineData("\"الطاقة التعاون\"~12", 1)]
    public async Task Search_NearFromPages_SameHitsAsFts5Near(string q, int pageReads)
    {
        var service = new SearchService(many.Test.Contexts, hitCacheSize: 0);
        var response = await service.SearchAsync(new SearchRequest { Q = q, PageSize = 100 });
        Assert.Equal(pageReads, service.PageReads);

        await using var db = await many.Test.Contexts.CreateDbContextAsync();
        var match = QueryParser.Parse(q).ToFts()!;
        Assert.Contains("NEAR(", match, StringComparison.Ordinal);
        var ids = await db.Database.SqlQueryRaw<string>(
            "SELECT d.ArticleId AS Value FROM ArticleSearch JOIN SearchDocs d ON d.RowId = ArticleSearch.rowid WHERE ArticleSearch MATCH {0}", match).ToListAsync();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, response.Total);
        Assert.Subset(ids.ToHashSet(), response.Items.Select(i => i.Id).ToHashSet());
    }

    /// <summary>
    /// The service reads the index of a large archive in slices at the same time; the results (order, scores' ties,
    /// totals, facets, snippets) are those of one read, for ranked and date-sorted text queries and exclusions.
    /// </summary>
    /// <param name="fromPages">Ranked from the index's pages (an OR of words), which reads no slices.</param>
    [Theory]
    [InlineData("الطاقة", "relevance", true)]
    [InlineData("محادثات OR النفط", "relevance", true)]
    [InlineData("\"البيان المشترك\"", "relevance", true)]
    [InlineData("الطاقة التعاون", "relevance", false)] // AND: one read (its IDFs need whole-index passes)
    [InlineData("الطاقة", "date", false)]
    [InlineData("الطا*", "relevance", true)] // a prefix: its terms added up off the pages
    [InlineData("الطا*", "date", true)]
    [InlineData("-النفط", "date", false)]
    public async Task Search_InSlices_SameAsOneRead(string q, string sort, bool fromPages)
    {
        var one = new SearchService(many.Test.Contexts, hitCacheSize: 0, parallelFrom: int.MaxValue);
        var sliced = new SearchService(many.Test.Contexts, hitCacheSize: 0, parallelFrom: 1, parts: 3);
        foreach (var page in new[] { 1, 3 })
        {
            var request = new SearchRequest { Q = q, Sort = sort, Page = page, PageSize = 50 };
            var expected = await one.SearchAsync(request);
            var actual = await sliced.SearchAsync(request);
            Assert.True(expected.Total > 50, $"{q}: {expected.Total} hits");
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.Items.Select(i => (i.Id, i.Snippet)), actual.Items.Select(i => (i.Id, i.Snippet)));
            Assert.Equal(expected.Facets.Months.Select(m => (m.Month, m.Count)), actual.Facets.Months.Select(m => (m.Month, m.Count)));
            Assert.Equal(expected.Facets.Topics.Select(t => (t.Slug, t.Count)), actual.Facets.Topics.Select(t => (t.Slug, t.Count)));
            Assert.Equal(expected.Facets.Persons.Select(p => (p.Slug, p.Count)), actual.Facets.Persons.Select(p => (p.Slug, p.Count)));
            Assert.Equal(expected.Facets.Outlets.Select(o => (o.Slug, o.Count)), actual.Facets.Outlets.Select(o => (o.Slug, o.Count)));
        }

        // A text query without filters counts its facets beside the page in the second service (from 0 hits), not in the first.
        Assert.Equal(0, one.FacetsBeside);
        Assert.Equal(q.StartsWith('-') ? 0 : 2, sliced.FacetsBeside); // exclusions alone go through the filter
        Assert.Equal(0, one.SlicedReads);
        Assert.Equal(q.Contains(' ') && !q.Contains("OR") && !q.Contains('"') || fromPages ? 0 : 2, sliced.SlicedReads);
        Assert.Equal(fromPages ? 2 : 0, one.PageReads);
        Assert.Equal(fromPages ? 2 : 0, sliced.PageReads);
    }

    /// <summary>Long candidate lists are filtered in parts at the same time: the same documents, order and facet counts.</summary>
    [Theory]
    [InlineData(null, true, false, false)]
    [InlineData(null, false, true, true)]
    [InlineData("الطاقة", false, true, false)]
    [InlineData("محادثات OR النفط", true, true, true)]
    [InlineData("-النفط", false, true, true)]
    public async Task Search_FilteredInParts_SameAsOneThread(string? q, bool topic, bool dates, bool outlet)
    {
        var one = new SearchService(many.Test.Contexts, hitCacheSize: 0, parallelFrom: int.MaxValue);
        var inParts = new SearchService(many.Test.Contexts, hitCacheSize: 0, parallelFrom: 1, parts: 3);
        var all = await one.SearchAsync(new SearchRequest());
        foreach (var sort in new[] { "relevance", "date" })
        {
            var request = new SearchRequest
            {
                Q = q,
                Sort = sort,
                Topics = topic ? [all.Facets.Topics[0].Slug] : [],
                From = dates ? new DateOnly(2022, 1, 2) : null,
                To = dates ? new DateOnly(2022, 1, 6) : null,
                Outlet = outlet ? all.Facets.Outlets[0].Slug : null,
                PageSize = 100,
            };
            var expected = await one.SearchAsync(request);
            var actual = await inParts.SearchAsync(request);
            Assert.True(expected.Total > 20 && expected.Total < 400, $"{q}: {expected.Total} hits");
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.Items.Select(i => i.Id), actual.Items.Select(i => i.Id));
            Assert.Equal(expected.Facets.Months.Select(m => (m.Month, m.Count)), actual.Facets.Months.Select(m => (m.Month, m.Count)));
            Assert.Equal(expected.Facets.Topics.Select(t => (t.Slug, t.Count)), actual.Facets.Topics.Select(t => (t.Slug, t.Count)));
            Assert.Equal(expected.Facets.Outlets.Select(t => (t.Slug, t.Count)), actual.Facets.Outlets.Select(t => (t.Slug, t.Count)));
        }
    }

    /// <summary>
    /// A prefix's sums by rowid and a ranked search's scores are kept in pools between searches and never cleared
    /// whole (a prefix sets back to 0 only the sums it listed as hits; a search reads only its hits' scores): after
    /// many other searches, each leaving its values in the arrays, and with a small cache dropping and handing out
    /// hits whose scores go back to the pool, every answer is still FTS5's own: the same hits, best bm25() first.
    /// </summary>
    [Fact]
    public async Task Search_Prefix_SameAsFts5_WithPooledArraysReusedAcrossQueries()
    {
        string[] queries = ["مح*", "نف*", "الطا*", "تع*", "نف* OR الطاقة", "الطاقة", "ثن*", "\"البيان المشترك\"", "من*", "المحادثات -النفط"];
        var reused = new SearchService(many.Test.Contexts, hitCacheSize: 2);
        var expected = new Dictionary<string, Dictionary<string, double>>();
        await using (var db = await many.Test.Contexts.CreateDbContextAsync())
        {
            await db.Database.OpenConnectionAsync();
            foreach (var q in queries)
            {
                await using var cmd = db.Database.GetDbConnection().CreateCommand();
                cmd.CommandText = $"SELECT d.ArticleId, bm25(ArticleSearch, {SearchIndex.Bm25Weights}) FROM ArticleSearch JOIN SearchDocs d ON d.RowId = ArticleSearch.rowid WHERE ArticleSearch MATCH $m";
                var match = new SqliteParameter("$m", SearchService.ExpandPeople(QueryParser.Parse(q), await SearchSnapshot.LoadAsync(db.Database.GetDbConnection(), default)).ToFts());
                cmd.Parameters.Add(match);
                var scores = expected[q] = [];
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    scores[reader.GetString(0)] = reader.GetDouble(1);
                }

                Assert.True(scores.Count > 0, q);
            }
        }

        Assert.NotEqual(expected["مح*"].Count, expected["نف*"].Count);
        var random = new Random(5);
        for (var round = 0; round < 4; round++)
        {
            foreach (var i in Enumerable.Range(0, queries.Length).OrderBy(_ => random.Next()))
            {
                // The query, another, then the query again: the last from the cache while the other's read reused the pool.
                foreach (var q in new[] { queries[i], queries[(i + 1) % queries.Length], queries[i] })
                {
                    foreach (var sort in new[] { "relevance", "date" })
                    {
                        var response = await reused.SearchAsync(new SearchRequest { Q = q, Sort = sort, PageSize = SearchRequest.MaxPageSize });
                        var scores = expected[q];
                        Assert.True(scores.Count == response.Total, $"{q} ({sort}, round {round}): {response.Total} hits, FTS5 {scores.Count}");
                        Assert.All(response.Items, item => Assert.Contains(item.Id, scores.Keys));
                        Assert.Equal(Math.Min(scores.Count, SearchRequest.MaxPageSize), response.Items.Count);
                        if (sort == "relevance")
                        {
                            var page = response.Items.Select(item => scores[item.Id]).ToList();
                            Assert.Equal(page.Order(), page);
                            Assert.All(scores.Where(s => !response.Items.Any(item => item.Id == s.Key)), s => Assert.True(s.Value >= page[^1], $"{q}: {s.Key} ({s.Value}) left off the page"));
                        }
                    }
                }
            }
        }

        Assert.True(reused.PageReads > 0);
    }
}
