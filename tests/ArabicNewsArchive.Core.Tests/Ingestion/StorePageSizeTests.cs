using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ArabicNewsArchive.Tests.Ingestion;

/// <summary>
/// A store start-up creates is laid out in <see cref="ArchiveStartup.NewStorePageSize"/> pages (rows of ~1 KB left
/// a sixth of 4 KB pages empty); a store that already has pages keeps its own, which SQLite cannot change in WAL mode.
/// </summary>
public sealed class StorePageSizeTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ana-pages-" + Guid.NewGuid().ToString("N"));

    public StorePageSizeTests() => Directory.CreateDirectory(_folder);

    private string DbPath => Path.Combine(_folder, "archive.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }

    private PooledDbContextFactory<ArchiveDbContext> Contexts() =>
        new(new DbContextOptionsBuilder<ArchiveDbContext>().UseSqlite($"Data Source={DbPath};Pooling=False").Options);

    private async Task<(long PageSize, string JournalMode)> LayoutAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        var pageSize = (long)(await command.ExecuteScalarAsync())!;
        command.CommandText = "PRAGMA journal_mode";
        return (pageSize, (string)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task ANewStore_IsLaidOutInLargerPages_InWalMode()
    {
        Assert.NotEqual(4096, ArchiveStartup.NewStorePageSize);

        await ArchiveStartup.PrepareStoreAsync(Contexts(), Seeds.Folder);

        // Read on a connection of its own: the pragma alone would hold only for the connection that set it.
        Assert.Equal((ArchiveStartup.NewStorePageSize, "wal"), await LayoutAsync());
        await using var db = await Contexts().CreateDbContextAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task AStoreWithPages_KeepsItsPageSize_AndIsMigrated()
    {
        // A store an older build created: SQLite's default page size, already in WAL mode.
        await using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL";
            await command.ExecuteNonQueryAsync();
        }

        await ArchiveStartup.PrepareStoreAsync(Contexts(), Seeds.Folder);

        Assert.Equal((4096L, "wal"), await LayoutAsync());
        await using var db = await Contexts().CreateDbContextAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.People.Select(p => p.Slug).ToListAsync());
    }
}
