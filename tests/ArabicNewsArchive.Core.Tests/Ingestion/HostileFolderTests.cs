using System.Diagnostics;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ArabicNewsArchive.Tests.Ingestion;

/// <summary>
/// A folder as a careless user or an attacker leaves it: one bad entry never stops the run nor hangs it. Linux only
/// (mkfifo, /proc), as CI is.
/// </summary>
public sealed class HostileFolderTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    private static string Article(int i) => $"عنوان الخبر رقم {i}\nنص الخبر رقم {i} وفيه تفاصيل كافية عن الحدث الذي وقع في المدينة.\n";

    private string In(string relative) => Path.Combine(_store.Folder, "in", relative);

    private static void Mkfifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>A run that hangs fails the test instead of the suite.</summary>
    private static async Task<IngestRun> Bounded(Task<IngestRun> run)
    {
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(finished == run, "the ingest did not finish within 60 s");
        return await run;
    }

    [Fact]
    public async Task Folder_WithBadEntries_ImportsEveryGoodFileInBoundedTime()
    {
        _store.Write("mixed/a.txt", Article(1));
        _store.Write("mixed/sub/b.txt", Article(2));
        _store.Write("mixed/z.md", Article(3));
        var outsideFolder = Path.Combine(_store.Folder, "outside");
        Directory.CreateDirectory(outsideFolder);
        File.WriteAllText(Path.Combine(outsideFolder, "secret.txt"), Article(9));
        File.CreateSymbolicLink(In("mixed/dangling.txt"), "nowhere.txt");
        File.CreateSymbolicLink(In("mixed/loop.txt"), "loop.txt");
        File.CreateSymbolicLink(In("mixed/ping.txt"), "pong.txt");
        File.CreateSymbolicLink(In("mixed/pong.txt"), "ping.txt");
        File.CreateSymbolicLink(In("mixed/device.txt"), "/dev/zero");
        File.CreateSymbolicLink(In("mixed/outside.txt"), Path.Combine(outsideFolder, "secret.txt"));
        File.CreateSymbolicLink(In("mixed/inside.txt"), In("mixed/a.txt"));
        Directory.CreateSymbolicLink(In("mixed/linked-folder"), outsideFolder);
        Directory.CreateSymbolicLink(In("mixed/sub/up"), In("mixed"));
        Mkfifo(In("mixed/pipe.txt"));

        var run = await Bounded(_store.Service().IngestAsync([In("mixed")]));

        var byName = run.Files.ToDictionary(f => Path.GetRelativePath(In("mixed"), f.Path).Replace('\\', '/'));
        Assert.Equal(IngestOutcome.Imported, byName["a.txt"].Outcome);
        Assert.Equal(IngestOutcome.Imported, byName["sub/b.txt"].Outcome);
        Assert.Equal(IngestOutcome.Imported, byName["z.md"].Outcome);
        // A link inside the folder is read (same bytes as a.txt, another id).
        Assert.Equal(IngestOutcome.Imported, byName["inside.txt"].Outcome);
        Assert.Equal("dangling symbolic link (to nowhere.txt, which does not exist)", byName["dangling.txt"].Detail);
        Assert.Equal("symbolic link loop", byName["loop.txt"].Detail);
        Assert.Equal("symbolic link loop", byName["ping.txt"].Detail);
        Assert.Equal("symbolic link to a file outside the folder given: not followed", byName["device.txt"].Detail);
        Assert.Equal("not a regular file: a named pipe", byName["pipe.txt"].Detail);
        Assert.Equal("symbolic link to a file outside the folder given: not followed", byName["outside.txt"].Detail);
        Assert.Equal("symbolic link to a folder: not followed", byName["linked-folder"].Detail);
        Assert.Equal("symbolic link to a folder: not followed", byName["sub/up"].Detail);
        Assert.DoesNotContain(run.Files, f => f.Path.Contains("secret", StringComparison.Ordinal));
        await using var db = _store.Db();
        Assert.Equal(["a", "b", "inside", "z"], await db.Articles.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync());
    }

    [Fact]
    public async Task NamedFiles_PipeDeviceAndUnreadable_AreRejectedBesideGoodOnes()
    {
        var good = _store.Write("good.txt", Article(1));
        var pipe = In("pipe.txt");
        Mkfifo(pipe);
        // Root reads a chmod 000 file anyway: a file whose read fails (EIO) stands in for an unreadable one.
        var unreadable = In("unreadable.txt");
        File.CreateSymbolicLink(unreadable, "/proc/self/mem");

        // A link named on the command line is followed wherever it leads, but only to a regular file.
        var device = In("device.txt");
        File.CreateSymbolicLink(device, "/dev/zero");

        var run = await Bounded(_store.Service().IngestAsync([pipe, unreadable, good, device]));

        Assert.Equal("not a regular file: a named pipe", run.Files[0].Detail);
        Assert.Equal(IngestOutcome.Rejected, run.Files[1].Outcome);
        Assert.StartsWith("unreadable: ", run.Files[1].Detail);
        Assert.Equal(IngestOutcome.Imported, run.Files[2].Outcome);
        Assert.Equal("not a regular file: a device", run.Files[3].Detail);
    }

    [Fact]
    public async Task TwoIngestsAtOnce_OneWaitsForTheOther_NoFalseRejections()
    {
        for (var i = 0; i < 60; i++)
        {
            _store.Write($"many/{i:D3}.txt", Article(i));
        }

        var first = _store.Service().IngestAsync([In("many")]);
        var second = _store.Service().IngestAsync([In("many")]);
        var runs = await Task.WhenAll(Bounded(first), Bounded(second));

        Assert.DoesNotContain(runs.SelectMany(r => r.Files), f => f.Outcome == IngestOutcome.Rejected);
        Assert.Equal(60, runs.Sum(r => r.Count(IngestOutcome.Imported)));
        Assert.Equal(60, runs.Sum(r => r.Count(IngestOutcome.Unchanged)));
    }

    [Fact]
    public async Task LockHeldTooLong_RefusesClearly()
    {
        var file = _store.Write("a.txt", Article(1));
        using var held = await IngestLock.AcquireAsync(_store.DbPath, TimeSpan.Zero);
        var service = new IngestionService(_store.Contexts, _store.Reference) { LockWait = TimeSpan.FromMilliseconds(300) };

        var refused = await Assert.ThrowsAsync<IngestStoreException>(() => service.IngestAsync([file]));

        Assert.Equal(StoreFailure.Busy, refused.Failure);
        Assert.StartsWith("another ingest is writing to this store", refused.Message);
    }

    [Fact]
    public async Task DiskFull_EndsTheRunWithOneClearError()
    {
        for (var i = 0; i < 40; i++)
        {
            _store.Write($"big/{i:D3}.txt", string.Concat(Enumerable.Repeat(Article(i), 200)));
        }

        // SQLite answers SQLITE_FULL past max_page_count, as it does when the disk is full.
        var options = new DbContextOptionsBuilder<ArchiveDbContext>()
            .UseSqlite($"Data Source={_store.DbPath};Pooling=False")
            .AddInterceptors(new PageLimit())
            .Options;
        var service = new IngestionService(new PooledDbContextFactory<ArchiveDbContext>(options), _store.Reference);

        var full = await Assert.ThrowsAsync<IngestStoreException>(() => service.IngestAsync([In("big")]));

        Assert.Equal(StoreFailure.DiskFull, full.Failure);
        Assert.StartsWith("the store's disk is full", full.Message);
    }

    [Fact]
    public async Task ReadOnlyStore_EndsTheRunWithOneClearError()
    {
        var file = _store.Write("a.txt", Article(1));
        var options = new DbContextOptionsBuilder<ArchiveDbContext>()
            .UseSqlite($"Data Source={_store.DbPath};Mode=ReadOnly;Pooling=False").Options;
        var service = new IngestionService(new PooledDbContextFactory<ArchiveDbContext>(options), _store.Reference);

        var readOnly = await Assert.ThrowsAsync<IngestStoreException>(() => service.IngestAsync([file]));

        Assert.Equal(StoreFailure.ReadOnly, readOnly.Failure);
        Assert.StartsWith("the store is read-only", readOnly.Message);
    }

    private sealed class PageLimit : DbConnectionInterceptor
    {
        public override void ConnectionOpened(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData) => Limit(connection);

        public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Limit(connection);
            return Task.CompletedTask;
        }

        private static void Limit(System.Data.Common.DbConnection connection)
        {
            using var command = (SqliteCommand)connection.CreateCommand();
            command.CommandText = "SELECT page_count FROM pragma_page_count()";
            var pages = (long)command.ExecuteScalar()!;
            command.CommandText = $"PRAGMA max_page_count = {pages + 20}";
            command.ExecuteNonQuery();
        }
    }
}
