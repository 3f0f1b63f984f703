using ArabicNewsArchive.Search;
using ArabicNewsArchive.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Tests.Search;

/// <summary>
/// A page is cut from the best documents with a bounded heap (<see cref="ResultOrder"/>), not from a sort of every
/// hit: these tests hold it to the full order, ties included, on a store large enough to take that path.
/// </summary>
public sealed class SearchOrderTests : IClassFixture<SearchOrderTests.Store>
{
    private readonly Store _store;

    public SearchOrderTests(Store store) => _store = store;

    /// <summary>
    /// 400 articles made of a few paragraphs, so that many have exactly the same text and score (ties are broken by
    /// date, then id) and the common word matches far more than a page.
    /// </summary>
    public sealed class Store : IDisposable
    {
        private static readonly string[] s_paragraphs =
        [
            "بحث الرئيس الروسي مع نظيره الصيني العلاقات الثنائية والتعاون في مجال الطاقة.",
            "وأكد الجانبان أهمية الاستقرار في المنطقة وتعزيز التجارة بين البلدين.",
            "وقال المتحدث إن المحادثات كانت بناءة وتناولت ملف النفط والغاز.",
            "وأشار البيان المشترك إلى توافق في المواقف بشأن القضايا الدولية.",
        ];

        public Store()
        {
            for (var i = 0; i < 400; i++)
            {
                var body = string.Join("\n\n", Enumerable.Range(0, 1 + (i % 4)).Select(k => s_paragraphs[(i + k) % s_paragraphs.Length]));
                // Every seventh article has no date (it sorts last); the others share a few dates, so ties reach the id.
                var front = i % 7 == 0 ? "" : $"published: {new DateOnly(2022, 1, 1).AddDays(i % 9):yyyy-MM-dd}\n";
                var title = i % 5 == 0 ? "الطاقة والتعاون" : "محادثات ثنائية";
                Test.Write($"a{i:D3}.md", $"---\ntitle: \"{title}\"\noutlet: asharq\n{front}---\n\n{body}\n");
            }

            Test.Service().IngestAsync([Path.Combine(Test.Folder, "in")]).GetAwaiter().GetResult();
            Service = new SearchService(Test.Contexts);
        }

        public TestStore Test { get; } = new();

        public SearchService Service { get; }

        public void Dispose() => Test.Dispose();
    }

    [Theory]
    [InlineData("الطاقة", null)]
    [InlineData("الطاقة", "date")]
    [InlineData("المحادثات", null)]
    [InlineData("محادثات OR النفط", null)]
    [InlineData("\"البيان المشترك\"", null)]
    [InlineData("-النفط", null)]
    [InlineData(null, null)]
    public async Task Paging_ConcatenatedPagesEqualTheFullOrder(string? q, string? sort)
    {
        var expected = await ReferenceOrderAsync(q, sort);
        // Many pages; the single words and the OR match more than ResultOrder's full-sort threshold (256).
        Assert.True(expected.Count > 70, $"the query must match many pages, got {expected.Count}");

        var paged = new List<string>();
        for (var page = 1; ; page++)
        {
            var r = await _store.Service.SearchAsync(new SearchRequest { Q = q, Sort = sort, Page = page, PageSize = 7 });
            Assert.Equal(expected.Count, r.Total);
            if (r.Items.Count == 0)
            {
                break;
            }

            paged.AddRange(r.Items.Select(i => i.Id));
        }

        Assert.Equal(expected, paged);
        var export = await _store.Service.ExportAsync(new SearchRequest { Q = q, Sort = sort });
        Assert.Equal(expected, export.Select(i => i.Id));
    }

    [Theory]
    [InlineData("المحادثات", null)]
    [InlineData("محادثات OR النفط", "date")]
    [InlineData(null, null)]
    public async Task Export_StreamsBatchByBatch_TheRowsOfTheList(string? q, string? sort)
    {
        var request = new SearchRequest { Q = q, Sort = sort };
        var list = await _store.Service.ExportAsync(request);
        Assert.True(list.Count > 3 * 64, $"the query must match several batches, got {list.Count}");

        await using var export = await _store.Service.OpenExportAsync(request, batchSize: 64);
        Assert.Equal(list.Count, export.Total);
        var streamed = new List<ArticleSummary>();
        foreach (var batch in export.Batches())
        {
            // One batch is read from the store at a time, when the previous one is used up: a writer that sends
            // each before taking the next holds one batch, not the result.
            Assert.Equal(streamed.Count + batch.Count, export.RowsRead);
            Assert.InRange(batch.Count, 1, 64);
            streamed.AddRange(batch);
        }

        Assert.Equal(list.Select(Row), streamed.Select(Row));
        Assert.All(streamed, r => Assert.Equal("", r.Snippet));
        Assert.Contains(list, r => r.Snippet.Length > 0);

        static string Row(ArticleSummary a) => string.Join('|', a.Id, a.Title, a.Outlet?.Slug, a.Published, a.DatePrecision,
            a.PublishedRange, string.Join(';', a.Persons), string.Join(';', a.Topics));
    }

    [Fact]
    public async Task Reload_LetsTheOldSnapshotGoBeforeLoadingTheNew()
    {
        var service = new SearchService(_store.Test.Contexts);
        var before = await service.SearchAsync(new SearchRequest { Q = "الطاقة" });
        var old = OldSnapshot(service);

        await using (var db = _store.Test.Db())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE SearchMeta SET Version = Version + 1");
        }

        // Checked while the new snapshot is about to be built: the old one is nobody's (this test holds none).
        bool? collectedBeforeLoad = null;
        service.BeforeSnapshotLoad = () => collectedBeforeLoad = WaitCollected(old);
        var after = await service.SearchAsync(new SearchRequest { Q = "الطاقة" });
        Assert.Equal(before.Total, after.Total);
        Assert.True(collectedBeforeLoad, "the service held the old snapshot while it built the new one");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference OldSnapshot(SearchService service) => new(service.CurrentSnapshot);

    private static bool WaitCollected(WeakReference reference)
    {
        for (var i = 0; i < 5 && reference.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return !reference.IsAlive;
    }

    [Fact]
    public async Task Paging_PastTheEndIsEmptyWithTheTotal()
    {
        var r = await _store.Service.SearchAsync(new SearchRequest { Q = "الطاقة", Page = 1000, PageSize = 20 });
        Assert.Empty(r.Items);
        Assert.Equal((await ReferenceOrderAsync("الطاقة", null)).Count, r.Total);
    }

    [Fact]
    public async Task HitCache_PagingAndFacetClicksReuseTheHits_UntilTheStoreChanges()
    {
        var cached = new SearchService(_store.Test.Contexts);
        var uncached = new SearchService(_store.Test.Contexts, hitCacheSize: 0);
        var requests = new[]
        {
            new SearchRequest { Q = "الطاقة" },
            new SearchRequest { Q = "الطاقة", Page = 3, PageSize = 7 },
            new SearchRequest { Q = "الطاقة", Outlet = "asharq", Sort = "date" },
            new SearchRequest { Q = "الطاقة", From = new DateOnly(2022, 1, 3), To = new DateOnly(2022, 1, 5) },
        };

        foreach (var request in requests)
        {
            var a = await cached.SearchAsync(request);
            var b = await uncached.SearchAsync(request);
            Assert.Equal(b.Total, a.Total);
            Assert.Equal(b.Items.Select(i => i.Id), a.Items.Select(i => i.Id));
            Assert.Equal(b.Facets.Months.Select(m => (m.Month, m.Count)), a.Facets.Months.Select(m => (m.Month, m.Count)));
        }

        Assert.Equal(1, cached.FtsReads);
        Assert.Equal(requests.Length, uncached.FtsReads);

        // Any write moves SearchMeta.Version (triggers); the cached hits belong to the old snapshot.
        await using (var db = _store.Test.Db())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE SearchMeta SET Version = Version + 1");
        }

        await cached.SearchAsync(requests[0]);
        Assert.Equal(2, cached.FtsReads);
    }

    [Fact]
    public void ResultOrder_BestEqualsThePrefixOfTheFullSort()
    {
        var rng = new Random(3);
        for (var round = 0; round < 50; round++)
        {
            var n = rng.Next(1, 3000);
            // Few distinct scores: most comparisons are ties that the date position must break.
            var rank = Enumerable.Range(0, n).Select(_ => -(double)rng.Next(0, 6)).ToArray();
            var datePos = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
            var docs = Enumerable.Range(0, n).Where(_ => rng.Next(3) > 0).OrderBy(_ => rng.Next()).ToList();
            var full = docs.OrderBy(d => rank[d]).ThenBy(d => datePos[d]).ToList();
            var byDate = docs.OrderBy(d => datePos[d]).ToList();
            foreach (var take in new[] { 0, 1, 20, 60, docs.Count / 3, docs.Count, docs.Count + 5 })
            {
                Assert.Equal(full.Take(take), ResultOrder.Best(docs, rank, datePos, take));
                Assert.Equal(byDate.Take(take), ResultOrder.Best(docs, null, datePos, take));
            }
        }
    }

    /// <summary>
    /// The order the service promises, computed here the slow way: every hit with its bm25 score from FTS5, sorted by
    /// score, then newest first (unknown dates last), then id descending.
    /// </summary>
    private async Task<List<string>> ReferenceOrderAsync(string? q, string? sort)
    {
        await using var db = _store.Test.Db();
        var articles = await db.Articles.AsNoTracking().Select(a => new { a.Id, a.Published, a.PublishedTo }).ToListAsync();
        // Equal first days put the narrower interval first (SearchSnapshot): an undated article a story partner has
        // dated gets a few days' interval starting on a day others hold exactly.
        var dateOrder = articles
            .OrderByDescending(a => a.Published?.DayNumber ?? int.MinValue)
            .ThenBy(a => a.Published is { } from && a.PublishedTo is { } to ? to.DayNumber - from.DayNumber : 0)
            .ThenByDescending(a => a.Id, StringComparer.Ordinal)
            .Select((a, i) => (a.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

        var parsed = QueryParser.Parse(q);
        if (parsed.ToFts() is not { } match)
        {
            var excluded = parsed.ExclusionsToFts() is { } ex ? await ScoresAsync(db, ex) : [];
            return [.. dateOrder.Keys.Where(id => !excluded.ContainsKey(id)).OrderBy(id => dateOrder[id])];
        }

        var scores = await ScoresAsync(db, match);
        return sort == "date"
            ? [.. scores.Keys.OrderBy(id => dateOrder[id])]
            : [.. scores.Keys.OrderBy(id => scores[id]).ThenBy(id => dateOrder[id])];
    }

    private static async Task<Dictionary<string, double>> ScoresAsync(ArabicNewsArchive.Store.ArchiveDbContext db, string match)
    {
        await db.Database.OpenConnectionAsync();
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = $"SELECT d.ArticleId, bm25(ArticleSearch, {SearchIndex.Bm25Weights}) FROM ArticleSearch JOIN SearchDocs d ON d.RowId = ArticleSearch.rowid WHERE ArticleSearch MATCH $m";
        var p = cmd.CreateParameter();
        p.ParameterName = "$m";
        p.Value = match;
        cmd.Parameters.Add(p);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = reader.GetDouble(1);
        }

        return result;
    }
}
