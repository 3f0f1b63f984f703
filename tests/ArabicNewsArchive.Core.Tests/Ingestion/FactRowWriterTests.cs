using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Topics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Tests.Ingestion;

/// <summary>
/// Ingestion writes new articles' facts straight into the tables under the views (<see cref="FactRowWriter"/>);
/// everything else (re-analysis, revisions, curators) writes through the views' triggers. Both must give the same rows.
/// </summary>
public sealed class FactRowWriterTests : IDisposable
{
    private const string Rumsfeld = "\n\nوقال وزير الدفاع الأمريكي دونالد رامسفيلد إن القوات ستبقى. وأضاف رامسفيلد أن الوضع تحسن.\n";

    private readonly TestStore _store = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _store.Dispose();
    }

    [Fact]
    public async Task BulkRows_AreTheRowsTheViewsTriggersWrite()
    {
        // The seeds and 40 of the benchmark's synthetic articles: people, quotes, topics with evidence, dated phrases.
        _store.WriteSynthetic(40);
        foreach (var seed in Seeds.Files)
        {
            File.Copy(seed, Path.Combine(_store.Folder, "in", Path.GetFileName(seed)));
        }

        await _store.Service().IngestAsync([Path.Combine(_store.Folder, "in")]);
        var bulk = await RowsAsync();

        // Re-analysis deletes every article's facts and inserts them again through the views (the same analysis).
        Assert.Equal(45, await _store.Service().ReanalyzeAsync());
        var throughViews = await RowsAsync();

        Assert.All(bulk, table => Assert.NotEmpty(table.Value));
        Assert.Equal(throughViews.Keys, bulk.Keys);
        foreach (var (table, rows) in throughViews)
        {
            Assert.Equal(rows, bulk[table]);
        }
    }

    [Fact]
    public async Task TopicEvidence_IsEncodedAsTheViewsTriggerEncodesIt()
    {
        // Pieces the seeds never give: an end that is not the start plus the phrase's length (a phrase matched over
        // marks), a start before the previous one, a weight on a half thousandth, a phrase of a character outside the
        // BMP (SQLite counts it as one).
        await _store.Service().IngestAsync([Seeds.File("000")]);
        await using var db = _store.Db();
        var id = await db.Articles.Select(a => a.Id).SingleAsync();
        var topic = await db.Topics.Select(t => t.Slug).FirstAsync();
        List<TopicEvidence> evidence =
        [
            new() { Start = 120, End = 126, Text = "نفط", Weight = 1.5 },
            new() { Start = 40, End = 43, Text = "غاز", Weight = 0.0005 },
            new() { Start = 3000, End = 3002, Text = "😀", Weight = 2.4445 },
            new() { Start = 3001, End = 3009, Text = "أوبك بلس", Weight = -0.25 },
        ];

        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("DELETE FROM TopicRows");
        using var inserter = new RowInserter(db);
        inserter.Insert(new ArticleTopic { ArticleId = id, TopicSlug = topic, Score = 3.25, Evidence = evidence });
        var throughView = await StoredEvidenceAsync(db);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM TopicRows");
        var doc = await db.Database.SqlQueryRaw<long>("SELECT RowId AS Value FROM SearchDocs").SingleAsync();
        new FactRowWriter(inserter).Write(doc, [], [], [new ArticleTopic { ArticleId = id, TopicSlug = topic, Score = 3.25, Evidence = evidence }], []);

        Assert.Equal(throughView, await StoredEvidenceAsync(db));
        var read = await db.ArticleTopics.AsNoTracking().SingleAsync();
        Assert.Equal(evidence.Select(e => (e.Start, e.End, e.Text)), read.Evidence.Select(e => (e.Start, e.End, e.Text)));
    }

    private static Task<string> StoredEvidenceAsync(ArchiveDbContext db) =>
        db.Database.SqlQueryRaw<string>("SELECT hex(Evidence) || '|' || Score AS Value FROM TopicRows").SingleAsync();

    [Fact]
    public async Task AFileRolledBack_LeavesNoNumberBehindForTheNextFile()
    {
        // Both files name a person the store does not know yet. The store refuses the first one's quotes, written
        // after its mentions added the person's number and the spellings' in its savepoint: the second file must add
        // the numbers again, not reuse ones the rollback removed.
        _store.Write("both/a.txt", Seeds.Text("000") + Rumsfeld);
        _store.Write("both/b.txt", Seeds.Text("001") + Rumsfeld);
        await using (var db = _store.Db())
        {
            await db.Database.ExecuteSqlRawAsync("""
                CREATE TRIGGER refuse_a BEFORE INSERT ON QuoteRows
                WHEN (SELECT ArticleId FROM SearchDocs WHERE RowId = NEW.Doc) = 'a'
                BEGIN SELECT RAISE(ABORT, 'refused for the test'); END
                """);
        }

        var run = await _store.Service().IngestAsync([Path.Combine(_store.Folder, "in", "both")]);

        Assert.Equal([IngestOutcome.Rejected, IngestOutcome.Imported], run.Files.Select(f => f.Outcome));
        // The second file's facts are those it has stored alone: no mention names another person, none is lost.
        using var alone = new TestStore();
        alone.Write("b.txt", Seeds.Text("001") + Rumsfeld);
        await alone.Service().IngestAsync([Path.Combine(alone.Folder, "in")]);
        Assert.Equal(await MentionsAsync(alone), await MentionsAsync(_store));
        Assert.Contains(await MentionsAsync(_store), m => m.Contains("رامسفيلد", StringComparison.Ordinal));
    }

    private static async Task<List<string>> MentionsAsync(TestStore store)
    {
        await using var db = store.Db();
        var rows = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM MentionRows").SingleAsync();
        var mentions = await db.Mentions.OrderBy(m => m.Start).Select(m => m.ArticleId + "|" + m.PersonSlug + "|" + m.Start + "|" + m.Text).ToListAsync();
        Assert.Equal(rows, mentions.Count);
        return mentions;
    }

    /// <summary>Each fact table as the views read it, and the topics' stored evidence bytes, per article.</summary>
    private async Task<Dictionary<string, List<string>>> RowsAsync()
    {
        await using var db = _store.Db();
        return new()
        {
            ["mentions"] = await db.Database.SqlQueryRaw<string>(
                "SELECT ArticleId || '|' || PersonSlug || '|' || Start || '|' || \"End\" || '|' || Text AS Value FROM Mentions ORDER BY 1").ToListAsync(),
            ["quotes"] = await db.Database.SqlQueryRaw<string>(
                "SELECT ArticleId || '|' || PersonSlug || '|' || Start || '|' || \"End\" || '|' || CueStart || '|' || CueEnd AS Value FROM Quotes ORDER BY 1").ToListAsync(),
            ["topics"] = await db.Database.SqlQueryRaw<string>(
                "SELECT ArticleId || '|' || TopicSlug || '|' || Score || '|' || Evidence AS Value FROM ArticleTopics ORDER BY 1").ToListAsync(),
            ["topic evidence bytes"] = await db.Database.SqlQueryRaw<string>(
                "SELECT d.ArticleId || '|' || t.Topic || '|' || hex(t.Evidence) AS Value FROM TopicRows t JOIN SearchDocs d ON d.RowId = t.Doc ORDER BY 1").ToListAsync(),
            ["dates"] = await db.Database.SqlQueryRaw<string>(
                "SELECT ArticleId || '|' || Start || '|' || \"End\" || '|' || Text || '|' || Meaning || '|' || MeaningAr AS Value FROM DateEvidence ORDER BY 1").ToListAsync(),
        };
    }
}
