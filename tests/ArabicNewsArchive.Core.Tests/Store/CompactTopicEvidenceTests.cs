using ArabicNewsArchive.Store;
using ArabicNewsArchive.Tests.Ingestion;
using ArabicNewsArchive.Topics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ArabicNewsArchive.Tests.Store;

/// <summary>A topic's evidence is stored as varints and read through the view as before (migration CompactTopicEvidence).</summary>
public sealed class CompactTopicEvidenceTests : IDisposable
{
    private const string BeforeCompactTopicEvidence = "20261207084745_LeanLookups";

    // An end the phrase does not give (9 is not 2 + 3), a start before the previous one, a weight below zero.
    private const string OddEvidence = """[[20,23,0.1,"أمس"],[2,9,1.5,"أمس"],[40,43,-2.125,"أمس"]]""";

    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Evidence_IsStoredAsVarints_AndReadsBackThroughTheViewAsWritten()
    {
        await _store.Service().IngestAsync([Seeds.Folder]);
        await using var db = _store.Db();
        Assert.Equal(["blob"], await db.Database.SqlQueryRaw<string>("SELECT DISTINCT typeof(Evidence) AS Value FROM TopicRows").ToListAsync());
        var (id, topic) = await UnusedTopicAsync(db);
        await db.Database.ExecuteSqlAsync($"INSERT INTO ArticleTopics (ArticleId, TopicSlug, Score, Evidence) VALUES ({id}, {topic}, 0.5, {OddEvidence})");
        var read = await db.ArticleTopics.AsNoTracking().SingleAsync(t => t.ArticleId == id && t.TopicSlug == topic);
        Assert.Equal(OddEvidence, TopicEvidenceJson.Write(read.Evidence));
        var phrase = await db.Database.SqlQuery<string>($"SELECT CAST(No AS TEXT) AS Value FROM EvidencePhrases WHERE Text = {"أمس"}").SingleAsync();
        Assert.Equal("[[20,0.1,{0}],[2,1.5,{0},9],[40,-2.125,{0}]]".Replace("{0}", phrase, StringComparison.Ordinal), TopicEvidenceBlob.ToLeanJson(await StoredAsync(db, id, topic)));

        // What the analysis wrote reads back as the model wrote it: each piece its phrase's slice of the source.
        var sources = await db.Articles.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.SourceText);
        var pieces = (await db.ArticleTopics.AsNoTracking().ToListAsync()).Where(t => t.ArticleId != id || t.TopicSlug != topic)
            .SelectMany(t => t.Evidence.Select(e => (t.ArticleId, e))).ToList();
        Assert.True(pieces.Count > 20);
        Assert.All(pieces, p => Assert.Equal(sources[p.ArticleId][p.e.Start..p.e.End], p.e.Text));

        // The topic page's count: every piece of the topic, by phrase number.
        var counts = new Dictionary<int, int>();
        foreach (var stored in await db.Database.SqlQueryRaw<byte[]>("SELECT Evidence AS Value FROM TopicRows").ToListAsync())
        {
            TopicEvidenceBlob.CountPhrases(stored, counts);
        }

        Assert.Equal(pieces.Count + 3, counts.Values.Sum());
        Assert.Equal(3 + pieces.Count(p => p.e.Text == "أمس"), counts[int.Parse(phrase, System.Globalization.CultureInfo.InvariantCulture)]);
    }

    [Fact]
    public async Task Migration_CompactTopicEvidence_KeepsEveryTopicAndItsEvidence_AndBackAgain()
    {
        await _store.Service().IngestAsync([Seeds.Folder]);
        await using var db = _store.Db();
        var (id, topic) = await UnusedTopicAsync(db);
        await db.Database.ExecuteSqlAsync($"INSERT INTO ArticleTopics (ArticleId, TopicSlug, Score, Evidence) VALUES ({id}, {topic}, 0.5, {OddEvidence})");
        var expected = await SnapshotAsync(db);
        var blobs = await db.Database.SqlQueryRaw<string>("SELECT Doc || ' ' || Topic || ' ' || hex(Evidence) AS Value FROM TopicRows ORDER BY Doc, Topic").ToListAsync();
        var lean = (await db.Database.SqlQueryRaw<byte[]>("SELECT Evidence AS Value FROM TopicRows ORDER BY Doc, Topic").ToListAsync())
            .Select(b => TopicEvidenceBlob.ToLeanJson(b)).ToList();
        Assert.True(expected.Count > 5);

        // Down: LeanStoryTables' JSON, decoded in SQL, as the C# decoder reads the varints.
        await db.GetService<IMigrator>().MigrateAsync(BeforeCompactTopicEvidence);
        Assert.Equal(["text"], await db.Database.SqlQueryRaw<string>("SELECT DISTINCT typeof(Evidence) AS Value FROM TopicRows").ToListAsync());
        Assert.Equal(lean, await db.Database.SqlQueryRaw<string>("SELECT Evidence AS Value FROM TopicRows ORDER BY Doc, Topic").ToListAsync());
        Assert.Equal(expected, await SnapshotAsync(db));
        Assert.Equal(3, await TopicTriggersAsync(db));

        // Up again: the same bytes.
        await db.GetService<IMigrator>().MigrateAsync();
        Assert.Equal(blobs, await db.Database.SqlQueryRaw<string>("SELECT Doc || ' ' || Topic || ' ' || hex(Evidence) AS Value FROM TopicRows ORDER BY Doc, Topic").ToListAsync());
        Assert.Equal(expected, await SnapshotAsync(db));
        Assert.Equal(3, await TopicTriggersAsync(db));
    }

    private static async Task<(string Id, string Topic)> UnusedTopicAsync(ArchiveDbContext db)
    {
        var id = await db.ArticleTopics.OrderBy(t => t.ArticleId).Select(t => t.ArticleId).FirstAsync();
        var topic = await db.Topics.Where(t => !db.ArticleTopics.Any(a => a.ArticleId == id && a.TopicSlug == t.Slug)).OrderBy(t => t.Slug).Select(t => t.Slug).FirstAsync();
        return (id, topic);
    }

    private static Task<byte[]> StoredAsync(ArchiveDbContext db, string articleId, string topic) =>
        db.Database.SqlQuery<byte[]>($"""
            SELECT t.Evidence AS Value FROM TopicRows t
            WHERE t.Doc = (SELECT RowId FROM SearchDocs WHERE ArticleId = {articleId}) AND t.Topic = (SELECT No FROM TopicNumbers WHERE Slug = {topic})
            """).SingleAsync();

    // Each topic with its score's bits and its evidence as the model writes it (weights to the last bit).
    private static async Task<List<string>> SnapshotAsync(ArchiveDbContext db) =>
        [.. (await db.ArticleTopics.AsNoTracking().OrderBy(t => t.ArticleId).ThenBy(t => t.TopicSlug).ToListAsync())
            .Select(t => $"{t.ArticleId} {t.TopicSlug} {BitConverter.DoubleToInt64Bits(t.Score)} {TopicEvidenceJson.Write(t.Evidence)}")];

    private static Task<int> TopicTriggersAsync(ArchiveDbContext db) =>
        db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'SearchMeta_ArticleTopics_%'").SingleAsync();
}
