using ArabicNewsArchive.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Tests.Search;

/// <summary>
/// <c>SearchMeta.Version</c> tells every process's cached snapshot to reload. Bulk ingestion moves it once per batch
/// instead of once per inserted row, and leaves the triggers as it found them for every other writer.
/// </summary>
public sealed class SearchVersionTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    private long Version()
    {
        using var db = _store.Db();
        return db.Database.SqlQueryRaw<long>("SELECT Version AS Value FROM SearchMeta").AsEnumerable().Single();
    }

    private int TriggerCount()
    {
        using var db = _store.Db();
        return db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sqlite_master WHERE type = 'trigger'").AsEnumerable().Single();
    }

    [Fact]
    public async Task Ingest_MovesTheSearchVersionOncePerBatchAndKeepsTheTriggers()
    {
        var before = Version();
        var triggers = TriggerCount();
        long? stored = null;

        // Five articles with their mentions, topics and new people, one batch; read once the files are stored (the
        // story step after them updates articles, which moves the version again).
        await _store.Service().IngestAsync([Seeds.Folder], p => stored ??= p.Done == p.Total ? Version() : null);

        Assert.Equal(before + 1, stored);
        Assert.Equal(triggers, TriggerCount());
    }

    [Fact]
    public async Task Ingest_RefusedFileFallsBackAndStillMovesTheVersionOnce()
    {
        await using (var db = _store.Db())
        {
            // Refuses one seed's index document: the batch is written again with a savepoint per file.
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER RefuseOne BEFORE INSERT ON SearchDocs WHEN NEW.ArticleId = '002_beaccfc0902c3d0e' BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
        }

        var before = Version();
        var triggers = TriggerCount();
        long? stored = null;

        var run = await _store.Service().IngestAsync([Seeds.Folder], p => stored ??= p.Done == p.Total ? Version() : null);

        Assert.Equal(4, run.Count(ArabicNewsArchive.Ingestion.IngestOutcome.Imported));
        Assert.Equal(before + 1, stored);
        Assert.Equal(triggers, TriggerCount());
    }
}
