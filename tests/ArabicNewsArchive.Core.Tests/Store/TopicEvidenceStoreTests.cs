using ArabicNewsArchive.Tests.Ingestion;
using ArabicNewsArchive.Topics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ArabicNewsArchive.Tests.Store;

/// <summary>Topic evidence lives in its topic's row (a JSON array), and stores that kept it in a table upgrade to that.</summary>
public sealed class TopicEvidenceStoreTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Ingestion_WritesNoRowPerEvidencePhrase()
    {
        await _store.Service().IngestAsync([Seeds.Folder]);
        await using var db = _store.Db();
        Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sqlite_master WHERE name = 'TopicEvidence'").SingleAsync());
        var topics = await db.ArticleTopics.AsNoTracking().ToListAsync();
        Assert.True(topics.Sum(t => t.Evidence.Count) > topics.Count);
    }

    [Fact]
    public async Task Migration_MovesEvidenceRowsIntoTheirTopicAndBack()
    {
        await _store.Service().IngestAsync([Seeds.Folder]);
        List<ArticleTopic> expected;
        await using (var db = _store.Db())
        {
            expected = await db.ArticleTopics.AsNoTracking().OrderBy(t => t.ArticleId).ThenBy(t => t.TopicSlug).ToListAsync();
            // Down: one row per phrase again, in the order of the topic's list.
            await db.GetService<IMigrator>().MigrateAsync("20261123035604_SearchIndexAsciiTokenizer");
            var rows = await db.Database.SqlQueryRaw<string>(
                "SELECT ArticleId || '|' || TopicSlug || '|' || Start || '|' || \"End\" || '|' || Text || '|' || printf('%!.17g', Weight) AS Value FROM TopicEvidence ORDER BY Id").ToListAsync();
            Assert.Equal(
                expected.SelectMany(t => t.Evidence.Select(e => $"{t.ArticleId}|{t.TopicSlug}|{e.Start}|{e.End}|{e.Text}|{e.Weight:R}")),
                rows.Select(r => r[..r.LastIndexOf('|')] + "|" + double.Parse(r[(r.LastIndexOf('|') + 1)..], System.Globalization.CultureInfo.InvariantCulture).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(3, await ArticleTopicTriggersAsync(db));
            // A weight that needs all 17 digits: kept to a thousandth since migration CompactTopicEvidence (no page
            // or API shows it; the IPTC model rounds its weights so, the rules write one decimal).
            await db.Database.ExecuteSqlRawAsync("UPDATE TopicEvidence SET Weight = 1.0 / 3 WHERE Id = (SELECT MIN(Id) FROM TopicEvidence)");
            expected.First(t => t.Evidence.Count > 0).Evidence[0].Weight = 333 / 1000.0;

            // Up: the rows become each topic's list again, phrase for phrase, the other weights to the last bit.
            await db.GetService<IMigrator>().MigrateAsync();
        }

        await using (var db = _store.Db())
        {
            var actual = await db.ArticleTopics.AsNoTracking().OrderBy(t => t.ArticleId).ThenBy(t => t.TopicSlug).ToListAsync();
            Assert.Equal(expected.Count, actual.Count);
            Assert.True(expected.Sum(t => t.Evidence.Count) > expected.Count);
            Assert.Equal(expected.Select(t => TopicEvidenceJson.Write(t.Evidence)), actual.Select(t => TopicEvidenceJson.Write(t.Evidence)));
            Assert.Equal(
                expected.SelectMany(t => t.Evidence).Select(e => BitConverter.DoubleToInt64Bits(e.Weight)),
                actual.SelectMany(t => t.Evidence).Select(e => BitConverter.DoubleToInt64Bits(e.Weight)));
            Assert.Equal(3, await ArticleTopicTriggersAsync(db));
        }
    }

    // The SearchMeta version triggers of ArticleTopics (insert, update, delete) survive both directions (on the
    // lean TopicRows since migration LeanFacts, which made ArticleTopics a view).
    private static Task<int> ArticleTopicTriggersAsync(ArabicNewsArchive.Store.ArchiveDbContext db) =>
        db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'SearchMeta_ArticleTopics_%'").SingleAsync();
}
