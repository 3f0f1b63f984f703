using System.Globalization;
using ArabicNewsArchive.Stories;
using ArabicNewsArchive.Tests.Ingestion;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Tests.Stories;

/// <summary>
/// The full regroup was made cheaper (numbered stems, dense dot products, raw prepared statements, indexes rebuilt
/// after the rows, re-dating beside the writes) without changing what it finds: these compare it with the grouping
/// as it was (<see cref="ReferenceStoryClusterer"/>) on synthetic archives large enough for ties, caps and chains.
/// </summary>
public sealed class StoryRegroupEquivalenceTests
{
    [Fact]
    public void Group_SyntheticArchive_SameRelationsGroupsAndKeysAsTheReference()
    {
        var articles = SyntheticArticles(3000, new Random(7));

        var grouping = new StoryClusterer().Group(articles, out var df, out var keys);
        var expected = new ReferenceStoryClusterer().Group(articles, out var expectedDf, out var expectedKeys);

        Assert.True(expected.Relations.Count > 10_000 && expected.Groups.Count > 100, "the archive should have stories to find");
        Assert.Equal(Rows(expected.Relations), Rows(grouping.Relations));
        Assert.Equal(expected.Groups.Select(g => g.Label + "|" + string.Join(",", g.ArticleIds)), grouping.Groups.Select(g => g.Label + "|" + string.Join(",", g.ArticleIds)));
        Assert.Equal(expectedDf.OrderBy(kv => kv.Key, StringComparer.Ordinal), df.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(expectedKeys.Select(k => string.Join(" ", k)), keys.Select(k => string.Join(" ", k)));
    }

    [Fact]
    public void Group_PairsFoundInSmallChunks_SameRelationsAndGroupsAsTheReference()
    {
        // Chunks of 7 first articles: many chunk boundaries, each cutting through pairs and stories.
        var articles = SyntheticArticles(1000, new Random(11));

        var grouping = new StoryClusterer { PairChunk = 7 }.Group(articles);
        var expected = new ReferenceStoryClusterer().Group(articles, out _, out _);

        Assert.True(expected.Relations.Count > 1_000 && expected.Groups.Count > 20, "the archive should have stories to find");
        Assert.Equal(Rows(expected.Relations), Rows(grouping.Relations));
        Assert.Equal(expected.Groups.Select(g => g.Label + "|" + string.Join(",", g.ArticleIds)), grouping.Groups.Select(g => g.Label + "|" + string.Join(",", g.ArticleIds)));
    }

    [Fact]
    public void Group_CountsBeyondTheCompactForm_AndWeekdayMarks_SameRelationsAndGroupsAsTheReference()
    {
        // The full regroup keeps a count as a ushort and computes each weight where it is used (StoryVectors): rows
        // with a count it cannot hold keep their weights, and weekday marks weigh nothing. Archive large enough for
        // the lead floor and the weekday rule (2,000 articles or more).
        var articles = SyntheticArticles(2400, new Random(5));
        for (var i = 0; i < articles.Count; i++)
        {
            var terms = articles[i].TermCounts!;
            if (i % 40 == 3)
            {
                // A stem written tens of thousands of times (a body stem, and in some rows a lead stem).
                var stem = terms.Keys.First(t => !t.StartsWith(StoryClusterer.LeadPrefix, StringComparison.Ordinal));
                terms[stem] = StoryVectors.MaxCount + 1 + i;
                if (i % 80 == 3)
                {
                    var lead = terms.Keys.First(t => t.StartsWith(StoryClusterer.LeadPrefix, StringComparison.Ordinal));
                    terms[lead] = 40_000;
                }
            }

            if (i % 3 == 0)
            {
                terms[StoryClusterer.WeekdayPrefix + (i % 7 == 0 ? "3" : "4")] = 1 + (i % 2);
            }
        }

        var grouping = new StoryClusterer().Group(articles, out var df, out var keys);
        var expected = new ReferenceStoryClusterer().Group(articles, out var expectedDf, out var expectedKeys);

        Assert.True(expected.Relations.Count > 5_000 && expected.Groups.Count > 50, "the archive should have stories to find");
        Assert.Contains(expected.Relations, r => articles.First(a => a.Id == r.ArticleId).TermCounts!.Values.Any(c => c > StoryVectors.MaxCount));
        Assert.Equal(Rows(expected.Relations), Rows(grouping.Relations));
        Assert.Equal(expected.Groups.Select(g => g.Label + "|" + string.Join(",", g.ArticleIds)), grouping.Groups.Select(g => g.Label + "|" + string.Join(",", g.ArticleIds)));
        Assert.Equal(expectedDf.OrderBy(kv => kv.Key, StringComparer.Ordinal), df.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(expectedKeys.Select(k => string.Join(" ", k)), keys.Select(k => string.Join(" ", k)));
    }

    [Fact]
    public async Task Regroup_SyntheticStore_StoresWhatTheReferenceGroupingGives()
    {
        using var store = new TestStore();
        store.WriteSynthetic(400);
        // WAL, as the app runs: the re-dating then reads beside the writes.
        await using (var connection = new SqliteConnection($"Data Source={store.DbPath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL";
            Assert.Equal("wal", await wal.ExecuteScalarAsync());
        }

        await store.Service().IngestAsync([Path.Combine(store.Folder, "in")]);
        await StoryService.RegroupAsync(store.Contexts, store.Reference);

        await using var db = store.Db();
        var features = await db.Set<ArticleStoryFeatures>().AsNoTracking().ToListAsync();
        var articles = features.Select(f => new StoryArticle(f.ArticleId, "", f.Earliest, f.Latest, ArticleStoryFeatures.ParsePersons(f.Persons))
        {
            TermCounts = ArticleStoryFeatures.ParseTerms(f.Terms),
        }).ToList();
        var names = store.Reference.People.ToDictionary(p => p.Slug, p => p.NameAr, StringComparer.Ordinal);
        var expected = new ReferenceStoryClusterer { PersonName = s => names.GetValueOrDefault(s, s) }.Group(articles, out var df, out var keys);
        Assert.True(expected.Groups.Count > 10, "the archive should have stories to find");

        var relations = await db.ArticleRelations.AsNoTracking().ToListAsync();
        Assert.Equal(Rows(expected.Relations).Order(StringComparer.Ordinal), Rows(relations).Order(StringComparer.Ordinal));
        var labels = await db.Stories.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Label);
        var stored = (await db.Articles.AsNoTracking().Where(a => a.StoryId != null).Select(a => new { a.Id, a.StoryId }).ToListAsync())
            .GroupBy(a => a.StoryId!.Value).OrderBy(g => g.Key)
            .Select(g => labels[g.Key] + "|" + string.Join(",", g.Select(a => a.Id).Order(StringComparer.Ordinal)));
        // Stories are numbered in the grouping's order.
        Assert.Equal(expected.Groups.Select(g => g.Label + "|" + string.Join(",", g.ArticleIds)), stored);
        Assert.Equal(labels.Count, expected.Groups.Count);

        var posted = keys.SelectMany(k => k).GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var terms = await db.Set<StoryTerm>().AsNoTracking().ToListAsync();
        Assert.Equal(
            // Ordered as formatted: a key that is another's prefix ("^1", "^10") sorts by what follows it.
            df.Keys.Union(posted.Keys).Select(k => $"{k}:{df.GetValueOrDefault(k)}:{posted.GetValueOrDefault(k)}").Order(StringComparer.Ordinal),
            terms.Select(t => $"{t.Key}:{t.Df}:{t.Posted}").Order(StringComparer.Ordinal));
        var postings = await db.Database.SqlQueryRaw<string>("SELECT t.Key || '>' || d.ArticleId AS Value FROM StoryKeys k JOIN StoryTerms t ON t.Id = k.Term JOIN SearchDocs d ON d.RowId = k.Doc").ToListAsync();
        Assert.Equal(
            articles.SelectMany((a, i) => keys[i].Where(k => posted[k] <= 200).Select(k => k + ">" + a.Id)).Order(StringComparer.Ordinal),
            postings.Order(StringComparer.Ordinal));
        // No index by article (each article's list of posted keys, StoryPostedKeyLists), and the lists name every posting.
        var indexes = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'index' AND name IN ('IX_ArticleRelations_RelatedId', 'IX_StoryKeys_Doc')").ToListAsync();
        Assert.Empty(indexes);
        Assert.Equal(postings.Count, await db.Database.SqlQueryRaw<int>("SELECT IFNULL(SUM((length(Keys) - 1) / 3), 0) AS Value FROM StoryPostedKeys").SingleAsync());
    }

    [Fact]
    public async Task Regroup_ReDatingBesideTheWrites_SameDatesAsInline()
    {
        // One store in WAL mode (re-dating on its own connection during the writes), one in rollback-journal mode
        // (re-dating after them, on the step's connection): the same files must get the same dates and evidence.
        using var beside = new TestStore();
        using var inline = new TestStore();
        beside.WriteSynthetic(300);
        inline.WriteSynthetic(300);
        await using (var connection = new SqliteConnection($"Data Source={beside.DbPath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL";
            await wal.ExecuteScalarAsync();
        }

        await beside.Service().IngestAsync([Path.Combine(beside.Folder, "in")]);
        await inline.Service().IngestAsync([Path.Combine(inline.Folder, "in")]);

        var (datesBeside, evidenceBeside) = await DatesAsync(beside);
        var (datesInline, evidenceInline) = await DatesAsync(inline);
        Assert.Contains(datesBeside, d => d.Contains(":Inferred:", StringComparison.Ordinal));
        Assert.Equal(datesInline, datesBeside);
        Assert.Equal(evidenceInline, evidenceBeside);
    }

    [Fact]
    public async Task Regroup_StoredTermsThatDoNotParse_FailTheStep_WithoutHangingOrWritingAnything()
    {
        using var store = new TestStore();
        store.WriteSynthetic(400);
        await store.Service().IngestAsync([Path.Combine(store.Folder, "in")]);
        var before = await StateAsync(store);
        // The first row read: the reader still has hundreds to give, far more than the parser's queue holds.
        await using (var db = store.Db())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE ArticleStoryFeatures SET Terms = 'روسيا:x' WHERE rowid = (SELECT min(rowid) FROM ArticleStoryFeatures)");
        }

        var regroup = StoryService.RegroupAsync(store.Contexts, store.Reference);

        await Assert.ThrowsAsync<FormatException>(() => regroup.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(before, await StateAsync(store));
    }

    /// <summary>Everything the story step writes: relations, story links, dates, the story index and the version trigger.</summary>
    private static async Task<List<string>> StateAsync(TestStore store)
    {
        await using var db = store.Db();
        var (dates, evidence) = await DatesAsync(store);
        return
        [
            .. Rows(await db.ArticleRelations.AsNoTracking().ToListAsync()).Order(StringComparer.Ordinal),
            .. (await db.Articles.AsNoTracking().Select(a => a.Id + ">" + a.StoryId).ToListAsync()).Order(StringComparer.Ordinal),
            .. dates,
            .. evidence,
            .. (await db.Database.SqlQueryRaw<string>("SELECT t.Key || '>' || d.ArticleId AS Value FROM StoryKeys k JOIN StoryTerms t ON t.Id = k.Term JOIN SearchDocs d ON d.RowId = k.Doc").ToListAsync()).Order(StringComparer.Ordinal),
            .. await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'trigger' ORDER BY name").ToListAsync(),
        ];
    }

    private static async Task<(List<string> Dates, List<string> Evidence)> DatesAsync(TestStore store)
    {
        await using var db = store.Db();
        var dates = (await db.Articles.AsNoTracking().Select(a => new { a.Id, a.Published, a.DatePrecision, a.DateSource }).ToListAsync())
            .Select(a => $"{a.Id}:{a.Published}:{a.DatePrecision}:{a.DateSource}:").Order(StringComparer.Ordinal).ToList();
        var evidence = (await db.DateEvidence.AsNoTracking().ToListAsync())
            .Select(e => $"{e.ArticleId}:{e.Start}:{e.End}:{e.Text}:{e.Meaning}").Order(StringComparer.Ordinal).ToList();
        return (dates, evidence);
    }

    private static IEnumerable<string> Rows(IEnumerable<ArticleRelation> relations) =>
        relations.Select(r => $"{r.ArticleId}>{r.RelatedId}:{r.Score.ToString("R", CultureInfo.InvariantCulture)}:{r.SameStory}");

    /// <summary>
    /// Articles reporting one of n/4 events: each has its event's own stems, a draw of common stems, its people and a
    /// window around the event's day (to the day, a month, a year or open). Some are copies of an earlier one, so
    /// scores tie exactly.
    /// </summary>
    private static List<StoryArticle> SyntheticArticles(int n, Random rng)
    {
        var slugs = new[] { "vladimir-putin", "xi-jinping", "wang-yi", "sergey-lavrov", "dmitry-peskov", "yuri-ushakov" };
        var articles = new List<StoryArticle>();
        for (var i = 0; i < n; i++)
        {
            var id = $"a{rng.Next(1_000_000):D6}_{i}";
            if (i > 10 && rng.Next(20) == 0)
            {
                var copy = articles[rng.Next(articles.Count)];
                articles.Add(copy with { Id = id });
                continue;
            }

            var ev = rng.Next(n / 4);
            var evRng = new Random(ev);
            var day = new DateOnly(2021, 1, 1).AddDays(evRng.Next(600) + rng.Next(-2, 3));
            var terms = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var k = 0; k < 3; k++)
            {
                terms[$"ev{ev}x{k}"] = 1 + rng.Next(3);
            }

            // The lead: the event's words and a common one, as StoryClusterer.CountTerms marks them.
            terms[$"{StoryClusterer.LeadPrefix}ev{ev}x{rng.Next(2)}"] = 1;
            terms[$"{StoryClusterer.LeadPrefix}ev{ev}x2"] = 1;
            terms[$"{StoryClusterer.LeadPrefix}w{rng.Next(1, 9)}"] = 1;

            for (var k = rng.Next(20, 50); k > 0; k--)
            {
                var common = $"w{(int)Math.Pow(rng.Next(1, 60), 2)}";
                terms[common] = terms.GetValueOrDefault(common) + 1;
            }

            var persons = slugs.Where(_ => rng.Next(4) == 0).Append(slugs[evRng.Next(slugs.Length)]).Distinct().ToArray();
            var (earliest, latest) = rng.Next(10) switch
            {
                < 5 => ((DateOnly?)day, (DateOnly?)day),
                < 7 => (new DateOnly(day.Year, day.Month, 1), new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1)),
                < 9 => (new DateOnly(day.Year, 1, 1), new DateOnly(day.Year, 12, 31)),
                _ => (null, null),
            };
            articles.Add(new StoryArticle(id, "", earliest, latest, persons) { TermCounts = terms });
        }

        return articles;
    }
}
