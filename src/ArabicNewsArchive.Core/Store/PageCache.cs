using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Store;

/// <summary>
/// A larger SQLite page cache for one bulk step on a context's open connection. SQLite's default is 2 MB, which a
/// store of tens of thousands of articles outgrows: rows keyed by hashed article ids land all over its indexes,
/// and every miss is a read and a page written again. The connection is pooled and the web process shares the pool,
/// so disposing puts the default back even when the step fails.
/// </summary>
internal sealed class PageCache : IAsyncDisposable
{
    private const int DefaultKibibytes = 2000;

    private readonly ArchiveDbContext _db;

    private PageCache(ArchiveDbContext db) => _db = db;

    public static async Task<PageCache> WidenAsync(ArchiveDbContext db, int megabytes, CancellationToken ct)
    {
        // A negative cache_size is in KiB. PRAGMA takes no parameters; the text is built from an int only.
        await db.Database.ExecuteSqlRawAsync(CacheSize(megabytes * 1024), ct);
        return new PageCache(db);
    }

    public async ValueTask DisposeAsync() => await _db.Database.ExecuteSqlRawAsync(CacheSize(DefaultKibibytes));

    private static string CacheSize(int kibibytes) =>
        "PRAGMA cache_size = -" + kibibytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
