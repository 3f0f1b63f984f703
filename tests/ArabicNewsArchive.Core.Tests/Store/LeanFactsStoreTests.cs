using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Tests.Ingestion;
using ArabicNewsArchive.Topics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ArabicNewsArchive.Tests.Store;

/// <summary>
/// Mentions, quotes and topics are stored keyed by integers under views of their old names, a quote's text and a
/// topic phrase's text once (migration LeanFacts); stores of the old shape upgrade to that and back.
/// </summary>
public sealed class LeanFactsStoreTests : IDisposable
{
    private const string BeforeLeanFacts = "20261206210000_LeanRelationIds";

    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task QuoteText_IsTheSourceSliceTheAnalysisFound()
    {
        await _store.Service().IngestAsync([Seeds.Folder]);
        var analyzer = new ArticleAnalyzer(_store.Reference);
        var service = new SearchService(_store.Contexts);
        var compared = 0;
        await using var db = _store.Db();
        Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM pragma_table_info('QuoteRows') WHERE name = 'Text'").SingleAsync());
        foreach (var article in await db.Articles.AsNoTracking().OrderBy(a => a.Id).ToListAsync())
        {
            ArticleText.Fill(article.SourceText, article.Paragraphs);
            var found = analyzer.Analyze(article).Quotes.ToDictionary(q => (q.Start, q.End));
            for (var part = 0; part < ArticleParts.Split(article.SourceText).Count; part++)
            {
                var view = await service.GetArticleViewAsync(article.Id, part);
                foreach (var quote in view!.Extras.Quotes)
                {
                    Assert.Equal(found[(quote.Start, quote.End)].Text, quote.Text);
                    compared++;
                }
            }
        }

        Assert.True(compared > 0);
    }

    [Fact]
    public async Task Migration_KeepsEveryMentionQuoteTopicAndDigest()
    {
        await _store.Service().IngestAsync([Seeds.Folder]);
        Snapshot expected;
        await using (var db = _store.Db())
        {
            expected = await SnapshotAsync(db);
            Assert.NotEmpty(expected.Mentions);
            Assert.NotEmpty(expected.Quotes);
            Assert.Contains(expected.Topics, t => t.Contains("\"]", StringComparison.Ordinal));
            Assert.Equal("view", await TypeOfAsync(db, "Mentions"));
            Assert.Equal(32, await db.Database.SqlQueryRaw<int>("SELECT MIN(length(Sha256)) AS Value FROM Articles WHERE typeof(Sha256) = 'blob'").SingleAsync());

            // Down: the tables with text keys, and digests as hex, as the previous code wrote them.
            await db.GetService<IMigrator>().MigrateAsync(BeforeLeanFacts);
            Assert.Equal("table", await TypeOfAsync(db, "Mentions"));
            Assert.Equal("table", await TypeOfAsync(db, "Quotes"));
            Assert.Equal("table", await TypeOfAsync(db, "ArticleTopics"));
            Assert.Equal(
                expected.Digests,
                await db.Database.SqlQueryRaw<string>("SELECT Id || ' ' || Sha256 AS Value FROM Articles ORDER BY Id").ToListAsync());
            Assert.Equal(
                expected.Mentions,
                await db.Database.SqlQueryRaw<string>(
                    "SELECT Id || ' ' || ArticleId || ' ' || PersonSlug || ' ' || Start || ' ' || \"End\" || ' ' || Text AS Value FROM Mentions ORDER BY Id").ToListAsync());
            Assert.Equal(6, await VersionTriggersAsync(db));

            // Up again: every value as it was.
            await db.GetService<IMigrator>().MigrateAsync();
        }

        await using (var db = _store.Db())
        {
            var actual = await SnapshotAsync(db);
            Assert.Equal(expected.Mentions, actual.Mentions);
            Assert.Equal(expected.Quotes, actual.Quotes);
            Assert.Equal(expected.Topics, actual.Topics);
            Assert.Equal(expected.Digests, actual.Digests);
            Assert.Equal("view", await TypeOfAsync(db, "Quotes"));
            Assert.Equal(6, await VersionTriggersAsync(db));
        }
    }

    [Fact]
    public async Task DeletingAnArticle_DeletesItsFacts()
    {
        await _store.Service().IngestAsync([Seeds.Folder]);
        await using var db = _store.Db();
        var id = await db.Quotes.Select(q => q.ArticleId).FirstAsync();
        Assert.True(await db.Mentions.AnyAsync(m => m.ArticleId == id));
        Assert.True(await db.ArticleTopics.AnyAsync(t => t.ArticleId == id));
        var lean = await LeanRowsAsync(db);

        await db.Articles.Where(a => a.Id == id).ExecuteDeleteAsync();

        Assert.False(await db.Mentions.AnyAsync(m => m.ArticleId == id));
        Assert.False(await db.Quotes.AnyAsync(q => q.ArticleId == id));
        Assert.False(await db.ArticleTopics.AnyAsync(t => t.ArticleId == id));
        Assert.True(await LeanRowsAsync(db) < lean);
        Assert.Equal(await LeanRowsAsync(db), await db.Mentions.CountAsync() + await db.Quotes.CountAsync() + await db.ArticleTopics.CountAsync());
    }

    [Fact]
    public async Task TopicEvidence_IsStoredWithPhraseNumbersAndReadWithTheirText()
    {
        await _store.Service().IngestAsync([Seeds.Folder]);
        await using var db = _store.Db();
        // Numbers only (varints since migration CompactTopicEvidence): no phrase's text.
        var stored = await db.Database.SqlQueryRaw<byte[]>("SELECT Evidence AS Value FROM TopicRows").ToListAsync();
        Assert.NotEmpty(stored);
        Assert.All(stored, s => Assert.DoesNotContain("\"", TopicEvidenceBlob.ToLeanJson(s), StringComparison.Ordinal));
        var topics = await db.ArticleTopics.AsNoTracking().ToListAsync();
        var sources = await db.Articles.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.SourceText);
        var phrases = topics.SelectMany(t => t.Evidence.Select(e => (t.ArticleId, e))).ToList();
        Assert.NotEmpty(phrases);
        Assert.All(phrases, p => Assert.Equal(sources[p.ArticleId][p.e.Start..p.e.End], p.e.Text));
    }

    private sealed record Snapshot(List<string> Mentions, List<string> Quotes, List<string> Topics, List<string> Digests);

    private static async Task<Snapshot> SnapshotAsync(ArchiveDbContext db)
    {
        var sources = await db.Articles.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.SourceText);
        return new Snapshot(
            [.. (await db.Mentions.AsNoTracking().OrderBy(m => m.Id).ToListAsync()).Select(m => $"{m.Id} {m.ArticleId} {m.PersonSlug} {m.Start} {m.End} {m.Text}")],
            [.. (await db.Quotes.AsNoTracking().OrderBy(q => q.Id).ToListAsync())
                .Select(q => $"{q.Id} {q.ArticleId} {q.PersonSlug} {q.Start} {q.End} {q.CueStart} {q.CueEnd} {ArticleText.Slice(sources[q.ArticleId], q.Start, q.End)}")],
            [.. (await db.ArticleTopics.AsNoTracking().OrderBy(t => t.ArticleId).ThenBy(t => t.TopicSlug).ToListAsync())
                .Select(t => $"{t.ArticleId} {t.TopicSlug} {BitConverter.DoubleToInt64Bits(t.Score)} {TopicEvidenceJson.Write(t.Evidence)}")],
            [.. (await db.Articles.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.Sha256 }).ToListAsync()).Select(a => $"{a.Id} {a.Sha256}")]);
    }

    private static Task<string> TypeOfAsync(ArchiveDbContext db, string name) =>
        db.Database.SqlQueryRaw<string>("SELECT type AS Value FROM sqlite_master WHERE name = {0}", name).SingleAsync();

    // The SearchMeta version triggers of mentions and topics (insert, update, delete) survive both directions.
    private static Task<int> VersionTriggersAsync(ArchiveDbContext db) =>
        db.Database.SqlQueryRaw<int>(
            "SELECT COUNT(*) AS Value FROM sqlite_master WHERE type = 'trigger' AND (name LIKE 'SearchMeta_Mentions_%' OR name LIKE 'SearchMeta_ArticleTopics_%')").SingleAsync();

    private static Task<int> LeanRowsAsync(ArchiveDbContext db) =>
        db.Database.SqlQueryRaw<int>(
            "SELECT (SELECT COUNT(*) FROM MentionRows) + (SELECT COUNT(*) FROM QuoteRows) + (SELECT COUNT(*) FROM TopicRows) AS Value").SingleAsync();
}
