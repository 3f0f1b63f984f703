using ArabicNewsArchive.Store;
using ArabicNewsArchive.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ArabicNewsArchive.Tests.Store;

public sealed class ForeignKeysOffTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Begin_TurnsChecksOffForTheStep_AndPutsThemBackEvenWhenTheStepFails()
    {
        await using var db = _store.Db();
        await db.Database.OpenConnectionAsync();
        // The store relies on them (cascades from articles): the default must be on.
        Assert.Equal(1, await ForeignKeysAsync(db));

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var off = await ForeignKeysOff.BeginAsync(db, default);
            Assert.Equal(0, await ForeignKeysAsync(db));
            throw new InvalidOperationException("the step failed");
        });

        // Pooled connections serve the web process afterwards: they must check foreign keys again.
        Assert.Equal(1, await ForeignKeysAsync(db));
    }

    [Fact]
    public async Task Begin_InsideATransaction_Throws_BecauseSqliteWouldIgnoreIt()
    {
        await using var db = _store.Db();
        await db.Database.OpenConnectionAsync();
        await using var tx = await db.Database.BeginTransactionAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => ForeignKeysOff.BeginAsync(db, default));
        Assert.Equal(1, await ForeignKeysAsync(db));
    }

    private static async Task<long> ForeignKeysAsync(ArchiveDbContext db)
    {
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        cmd.CommandText = "PRAGMA foreign_keys";
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
