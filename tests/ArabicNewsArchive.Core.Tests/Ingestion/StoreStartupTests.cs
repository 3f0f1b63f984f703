using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ArabicNewsArchive.Tests.Ingestion;

/// <summary>
/// Start-up (migrations, reference sync, re-analysis) and ingestion share the store's writer lock, so a web start
/// and an ingest run started together take turns: neither migrates under the other's writes, neither fails. A store
/// start-up creates is laid out in <see cref="ArchiveStartup.NewStorePageSize"/> pages (rows of ~1 KB left a sixth
/// of 4 KB pages empty); a store that already has pages keeps its own, which SQLite cannot change in WAL mode.
/// </summary>
public sealed class StoreStartupTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ana-lock-" + Guid.NewGuid().ToString("N"));

    public StoreStartupTests() => Directory.CreateDirectory(_folder);

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

    [Fact]
    public async Task Prepare_MigratesOnlyUnderTheWriterLock()
    {
        var contexts = Contexts();
        var held = await IngestLock.AcquireAsync(DbPath, TimeSpan.Zero);

        var prepare = ArchiveStartup.PrepareStoreAsync(contexts, Seeds.Folder, lockWait: TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromMilliseconds(800));

        Assert.False(prepare.IsCompleted);
        await using (var db = await contexts.CreateDbContextAsync())
        {
            Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());
        }

        held.Dispose();
        await prepare.WaitAsync(TimeSpan.FromSeconds(60));
        await using (var db = await contexts.CreateDbContextAsync())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
    }

    [Fact]
    public async Task IsPrepared_OnlyForAMigratedStoreOfTheSameReferenceData()
    {
        var contexts = Contexts();
        Assert.False(await ArchiveStartup.IsPreparedAsync(contexts, Seeds.Folder));

        await ArchiveStartup.PrepareStoreAsync(contexts, Seeds.Folder);
        var otherSeeds = Path.Combine(_folder, "seeds");
        Directory.CreateDirectory(Path.Combine(otherSeeds, "reference"));
        await File.WriteAllTextAsync(Path.Combine(otherSeeds, "reference", "people.yaml"), "[]\n");

        Assert.True(await ArchiveStartup.IsPreparedAsync(contexts, Seeds.Folder));
        Assert.False(await ArchiveStartup.IsPreparedAsync(contexts, otherSeeds));
    }

    [Fact]
    public async Task WebStartAndIngest_StartedTogether_BothFinishWithEverythingStored()
    {
        var files = Path.Combine(_folder, "in");
        Directory.CreateDirectory(files);
        for (var i = 0; i < 20; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(files, $"{i:D3}.txt"), $"مقال رقم {i}\n\nقال الرئيس فلاديمير بوتين في موسكو إن المحادثات مع الصين كانت بناءة رقم {i}.\n");
        }

        async Task<IngestRun> IngestCommandAsync()
        {
            var contexts = Contexts();
            var reference = await ArchiveStartup.PrepareStoreAsync(contexts, Seeds.Folder);
            return await new IngestionService(contexts, reference).IngestAsync([files]);
        }

        var web = ArchiveStartup.SeedAsync(Contexts(), Seeds.Folder);
        var ingest = IngestCommandAsync();
        var runs = await Task.WhenAll(web, ingest).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.All(runs, r => Assert.Null(r.Deferred));
        Assert.DoesNotContain(runs.SelectMany(r => r.Files), f => f.Outcome == IngestOutcome.Rejected);
        await using var db = await Contexts().CreateDbContextAsync();
        Assert.Equal(25, await db.Articles.CountAsync());
    }

    [Fact]
    public async Task WebStart_WhileAnIngestHoldsAPreparedStore_ServesAndDefersTheSeeds()
    {
        await ArchiveStartup.PrepareStoreAsync(Contexts(), Seeds.Folder);
        using var ingestRun = await IngestLock.AcquireAsync(DbPath, TimeSpan.Zero);

        var seeding = await ArchiveStartup.SeedAsync(Contexts(), Seeds.Folder, busyWait: TimeSpan.FromMilliseconds(300))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(seeding.Files);
        Assert.StartsWith("another ingest is writing to this store", seeding.Deferred);
    }

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
