using ArabicNewsArchive.Store;
using ArabicNewsArchive.Tests.Ingestion;
using ArabicNewsArchive.Topics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ArabicNewsArchive.Tests.Store;

/// <summary>
/// A topic's evidence is stored without its end where the end is the start plus the phrase's length, and date
/// evidence by article and meaning number (migration LeanStoryTables); both read back through views as before.
/// </summary>
public sealed class LeanStoryTablesTests : IDisposable
{
    private const string BeforeLeanStoryTables = "20261207002354_StoryTermNumbers";

    // "أمس" is 3 characters; an end of 9 is not the start (2) plus that, as a phrase holding a character outside the
    // BMP would have (two UTF-16 units in .NET, one character in SQLite).
    private const string OddEvidence = """[[2,9,1.5,"أمس"],[20,23,0.1,"أمس"]]""";

    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task TopicEvidence_IsStoredWithoutTheEndItsPhraseGives_AndReadsBackAsWritten()
    {
        await _store.Service().IngestAsync([Seeds.Folder]);
        await using var db = _store.Db();
        var stored = (await db.Database.SqlQueryRaw<byte[]>("SELECT Evidence AS Value FROM TopicRows").ToListAsync())
            .SelectMany(b => System.Text.Json.JsonDocument.Parse(TopicEvidenceBlob.ToLeanJson(b)).RootElement.EnumerateArray().Select(e => e.GetArrayLength())).ToList();
        Assert.NotEmpty(stored);
        // Every piece of evidence the analysis finds is its phrase's slice: three numbers each, no end.
        Assert.All(stored, n => Assert.Equal(3, n));

        var (id, topic) = await UnusedTopicAsync(db);
        await db.Database.ExecuteSqlAsync($"INSERT INTO ArticleTopics (ArticleId, TopicSlug, Score, Evidence) VALUES ({id}, {topic}, 0.5, {OddEvidence})");
        Assert.Equal(
            """[[2,1.5,{0},9],[20,0.1,{0}]]""".Replace("{0}", await PhraseNumberAsync(db, "أمس"), StringComparison.Ordinal),
            await StoredEvidenceAsync(db, id, topic));
        var read = await db.ArticleTopics.AsNoTracking().SingleAsync(t => t.ArticleId == id && t.TopicSlug == topic);
        Assert.Equal(OddEvidence, TopicEvidenceJson.Write(read.Evidence));
        Assert.Equal(OddEvidence, await ViewEvidenceAsync(db, id, topic));

        // An update through the view writes the same form.
        await db.Database.ExecuteSqlAsync($"UPDATE ArticleTopics SET Evidence = {"""[[5,8,2,"أمس"]]"""} WHERE ArticleId = {id} AND TopicSlug = {topic}");
        Assert.Equal("[[5,2,{0}]]".Replace("{0}", await PhraseNumberAsync(db, "أمس"), StringComparison.Ordinal), await StoredEvidenceAsync(db, id, topic));
        Assert.Equal("""[[5,8,2,"أمس"]]""", await ViewEvidenceAsync(db, id, topic));
    }

    [Fact]
    public async Task Migration_LeanStoryTables_KeepsEveryTopicAndItsEvidence_AndBackAgain()
    {
        await _store.Service().IngestAsync([Seeds.Folder]);
        List<string> expected;
        await using (var db = _store.Db())
        {
            var (id, topic) = await UnusedTopicAsync(db);
            await db.Database.ExecuteSqlAsync($"INSERT INTO ArticleTopics (ArticleId, TopicSlug, Score, Evidence) VALUES ({id}, {topic}, 0.5, {OddEvidence})");
            expected = await SnapshotAsync(db);
            Assert.Contains(expected, t => t.Contains(OddEvidence, StringComparison.Ordinal));
            var phrases = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM EvidencePhrases").SingleAsync();

            // Down: [start, end, weight, phrase number] again, every end written out.
            await db.GetService<IMigrator>().MigrateAsync(BeforeLeanStoryTables);
            var stored = await db.Database.SqlQueryRaw<string>("SELECT e.value AS Value FROM TopicRows t, json_each(t.Evidence) e").ToListAsync();
            Assert.All(stored, s => Assert.Equal(3, s.Count(c => c == ',')));
            Assert.Equal(
                """[[2,9,1.5,{0}],[20,23,0.1,{0}]]""".Replace("{0}", await PhraseNumberAsync(db, "أمس"), StringComparison.Ordinal),
                await StoredEvidenceAsync(db, id, topic));
            Assert.Equal(expected, await SnapshotAsync(db));
            Assert.Equal(3, await TopicTriggersAsync(db));

            // Up again: every value as it was, ends only where the phrase does not give them.
            await db.GetService<IMigrator>().MigrateAsync();
            Assert.Equal(
                """[[2,1.5,{0},9],[20,0.1,{0}]]""".Replace("{0}", await PhraseNumberAsync(db, "أمس"), StringComparison.Ordinal),
                await StoredEvidenceAsync(db, id, topic));
            Assert.Equal(phrases, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM EvidencePhrases").SingleAsync());
        }

        await using (var db = _store.Db())
        {
            Assert.Equal(expected, await SnapshotAsync(db));
            Assert.Equal(3, await TopicTriggersAsync(db));
        }
    }

    [Fact]
    public async Task DateEvidence_IsStoredByNumber_AndARevisionReplacesExactlyItsRows()
    {
        await _store.Service().IngestAsync([Seeds.Folder]);
        var path = _store.Write("story.txt", Seeds.Text("003"));
        await _store.Service().IngestAsync([path]);
        await File.WriteAllTextAsync(path, Seeds.Text("004"));
        await _store.Service().IngestAsync([path]);

        // The revised article's evidence is what a store that only ever saw the new text holds (its story partners'
        // dates included).
        using var fresh = new TestStore();
        await fresh.Service().IngestAsync([Seeds.Folder]);
        var freshPath = fresh.Write("story.txt", Seeds.Text("004"));
        await fresh.Service().IngestAsync([freshPath]);
        List<string> expected;
        await using (var db = fresh.Db())
        {
            expected = await DatesAsync(db, await db.Articles.Where(a => a.SourceFile.EndsWith("story.txt")).Select(a => a.Id).SingleAsync());
        }

        Assert.NotEmpty(expected);
        await using (var db = _store.Db())
        {
            Assert.Equal("view", await db.Database.SqlQueryRaw<string>("SELECT type AS Value FROM sqlite_master WHERE name = 'DateEvidence'").SingleAsync());
            var id = await db.Articles.Where(a => a.Revision == 2).Select(a => a.Id).SingleAsync();
            Assert.Equal(expected, await DatesAsync(db, id));
            Assert.Equal(await CountAsync(db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM DateRows")), await db.DateEvidence.CountAsync());
            Assert.Equal(await CountAsync(db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM DateRows")), await CountAsync(db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM DateRows r JOIN SearchDocs d ON d.RowId = r.Doc JOIN DateMeanings m ON m.No = r.Meaning")));
            // A meaning is stored once however many pieces name it.
            Assert.True(await CountAsync(db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM DateMeanings")) < await CountAsync(db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM DateRows")));

            // Deleting the article deletes its rows (through its SearchDocs row), no others.
            var before = await CountAsync(db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM DateRows"));
            await db.Articles.Where(a => a.Id == id).ExecuteDeleteAsync();
            Assert.Empty(await DatesAsync(db, id));
            Assert.Equal(before - expected.Count, await CountAsync(db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM DateRows")));
        }
    }

    [Fact]
    public async Task Migration_LeanStoryTables_KeepsEveryDateEvidence_AndBackAgain()
    {
        await _store.Service().IngestAsync([Seeds.Folder]);
        await using var db = _store.Db();
        var expected = await AllDatesAsync(db);
        Assert.NotEmpty(expected);

        // Down: the table with text ids and meanings, its ids kept.
        await db.GetService<IMigrator>().MigrateAsync(BeforeLeanStoryTables);
        Assert.Equal("table", await db.Database.SqlQueryRaw<string>("SELECT type AS Value FROM sqlite_master WHERE name = 'DateEvidence'").SingleAsync());
        Assert.Equal(0, await CountAsync(db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sqlite_master WHERE name IN ('DateRows', 'DateMeanings')")));
        Assert.Equal(1, await CountAsync(db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sqlite_master WHERE name = 'IX_DateEvidence_ArticleId'")));
        Assert.Equal(expected, await AllDatesAsync(db));

        // Up again: every row as it was, under the same ids.
        await db.GetService<IMigrator>().MigrateAsync();
        Assert.Equal(expected, await AllDatesAsync(db));
        Assert.Equal(expected.Count, await CountAsync(db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM DateRows")));
    }

    // An article with topics, and a topic it does not have.
    private static async Task<(string Id, string Topic)> UnusedTopicAsync(ArchiveDbContext db)
    {
        var id = await db.ArticleTopics.OrderBy(t => t.ArticleId).Select(t => t.ArticleId).FirstAsync();
        var topic = await db.Topics.Where(t => !db.ArticleTopics.Any(a => a.ArticleId == id && a.TopicSlug == t.Slug)).OrderBy(t => t.Slug).Select(t => t.Slug).FirstAsync();
        return (id, topic);
    }

    // Each topic with its score's bits and its evidence as the model writes it (weights to the last bit: Write keeps
    // the shortest round-trip form).
    private static async Task<List<string>> SnapshotAsync(ArchiveDbContext db) =>
        [.. (await db.ArticleTopics.AsNoTracking().OrderBy(t => t.ArticleId).ThenBy(t => t.TopicSlug).ToListAsync())
            .Select(t => $"{t.ArticleId} {t.TopicSlug} {BitConverter.DoubleToInt64Bits(t.Score)} {TopicEvidenceJson.Write(t.Evidence)}")];

    private static Task<string> PhraseNumberAsync(ArchiveDbContext db, string text) =>
        db.Database.SqlQuery<string>($"SELECT CAST(No AS TEXT) AS Value FROM EvidencePhrases WHERE Text = {text}").SingleAsync();

    // As LeanStoryTables' JSON: the varints (migration CompactTopicEvidence) decoded, the JSON of an older store as it is.
    private static async Task<string> StoredEvidenceAsync(ArchiveDbContext db, string articleId, string topic)
    {
        var hex = await db.Database.SqlQuery<string>($"""
            SELECT CASE typeof(t.Evidence) WHEN 'blob' THEN hex(t.Evidence) ELSE '"' || t.Evidence END AS Value FROM TopicRows t
            WHERE t.Doc = (SELECT RowId FROM SearchDocs WHERE ArticleId = {articleId}) AND t.Topic = (SELECT No FROM TopicNumbers WHERE Slug = {topic})
            """).SingleAsync();
        return hex.StartsWith('"') ? hex[1..] : TopicEvidenceBlob.ToLeanJson(Convert.FromHexString(hex));
    }

    private static Task<string> ViewEvidenceAsync(ArchiveDbContext db, string articleId, string topic) =>
        db.Database.SqlQuery<string>($"SELECT Evidence AS Value FROM ArticleTopics WHERE ArticleId = {articleId} AND TopicSlug = {topic}").SingleAsync();

    private static async Task<List<string>> DatesAsync(ArchiveDbContext db, string articleId) =>
        [.. (await db.DateEvidence.AsNoTracking().Where(e => e.ArticleId == articleId).OrderBy(e => e.Start).ThenBy(e => e.End).ToListAsync())
            .Select(e => $"{e.Start} {e.End} {e.Text} {e.Meaning} {e.MeaningAr}")];

    private static async Task<List<string>> AllDatesAsync(ArchiveDbContext db) =>
        [.. (await db.DateEvidence.AsNoTracking().OrderBy(e => e.Id).ToListAsync())
            .Select(e => $"{e.Id} {e.ArticleId} {e.Start} {e.End} {e.Text} {e.Meaning} {e.MeaningAr}")];

    private static Task<int> CountAsync(IQueryable<int> count) => count.SingleAsync();

    // The SearchMeta version triggers of TopicRows (insert, update, delete) stay in both directions.
    private static Task<int> TopicTriggersAsync(ArchiveDbContext db) =>
        db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'SearchMeta_ArticleTopics_%'").SingleAsync();
}
