using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Store;

/// <summary>
/// Foreign-key enforcement off on a context's open connection for one bulk rewrite whose references hold by
/// construction; disposing puts back the setting it found, even when the rewrite fails. The connection is pooled
/// and the web process shares the pool, so the setting must not outlive the rewrite.
/// </summary>
/// <remarks>
/// SQLite ignores <c>PRAGMA foreign_keys</c> inside a transaction: create this before the transaction and dispose
/// it after (an <c>await using</c> declared first is disposed last).
/// </remarks>
internal sealed class ForeignKeysOff : IAsyncDisposable
{
    private readonly ArchiveDbContext _db;
    private readonly long _was;

    private ForeignKeysOff(ArchiveDbContext db, long was) => (_db, _was) = (db, was);

    public static async Task<ForeignKeysOff> BeginAsync(ArchiveDbContext db, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("foreign keys cannot be switched inside a transaction");
        }

        var was = await db.Database.SqlQueryRaw<long>("SELECT foreign_keys AS Value FROM pragma_foreign_keys").SingleAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF", ct);
        return new ForeignKeysOff(db, was);
    }

    public async ValueTask DisposeAsync() =>
        await _db.Database.ExecuteSqlRawAsync(_was == 0 ? "PRAGMA foreign_keys = OFF" : "PRAGMA foreign_keys = ON");
}
