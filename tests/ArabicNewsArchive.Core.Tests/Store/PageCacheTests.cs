using ArabicNewsArchive.Store;
using ArabicNewsArchive.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Tests.Store;

public sealed class PageCacheTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Widen_SetsTheCacheForTheStep_AndPutsTheDefaultBackEvenWhenTheStepFails()
    {
        await using var db = _store.Db();
        await db.Database.OpenConnectionAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var cache = await PageCache.WidenAsync(db, 64, default);
            Assert.Equal(-65536, await CacheSizeAsync(db));
            throw new InvalidOperationException("the step failed");
        });

        // Pooled connections serve the web process afterwards: it must not keep a bulk step's cache.
        Assert.Equal(-2000, await CacheSizeAsync(db));
    }

    private static async Task<long> CacheSizeAsync(ArchiveDbContext db)
    {
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = "PRAGMA cache_size";
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
