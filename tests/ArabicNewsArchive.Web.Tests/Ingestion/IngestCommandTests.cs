using System.Text;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Web.Ingestion;

namespace ArabicNewsArchive.Web.Tests.Ingestion;

public sealed class IngestCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ana-cli-" + Guid.NewGuid().ToString("N"));

    public IngestCommandTests() => Directory.CreateDirectory(_folder);

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "archive.db")};Pooling=False";

    private static string SeedsFolder => ArchiveStartup.FindSeedsPath(AppContext.BaseDirectory)!;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(int Code, string[] Output, string Errors)> RunAsync(params string[] paths)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await IngestCommand.RunAsync(paths, ConnectionString, SeedsFolder, output, errors);
        return (code, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), errors.ToString());
    }

    [Fact]
    public async Task Ingest_SeedsTwice_ImportsThenChangesNothing()
    {
        var first = await RunAsync(SeedsFolder);

        Assert.Equal(0, first.Code);
        Assert.Equal(6, first.Output.Length);
        Assert.All(first.Output[..5], line => Assert.StartsWith("imported  ", line));
        Assert.Contains("[002_beaccfc0902c3d0e]", first.Output[2]);
        Assert.Equal("total: 5 files, 5 imported, 0 updated, 0 unchanged, 0 rejected", first.Output[5]);
        Assert.Matches(@"progress: 5/5 files, [\d.]+ files/s, ETA \d\d:\d\d:\d\d", first.Errors);

        var second = await RunAsync(SeedsFolder);

        Assert.Equal(0, second.Code);
        Assert.All(second.Output[..5], line => Assert.StartsWith("unchanged ", line));
        Assert.Equal("total: 5 files, 0 imported, 0 updated, 5 unchanged, 0 rejected", second.Output[5]);
    }

    [Fact]
    public async Task Ingest_ARejectedFileGivesExitCodeOneAndItsReason()
    {
        var good = Path.Combine(_folder, "good.txt");
        var bad = Path.Combine(_folder, "bad.txt");
        await File.WriteAllTextAsync(good, "عنوان الخبر\nنص الخبر وفيه تفاصيل كافية عن الحدث.", Encoding.UTF8);
        await File.WriteAllBytesAsync(bad, [0x00, 0x01, 0x02]);

        var (code, output, _) = await RunAsync(good, bad);

        Assert.Equal(1, code);
        Assert.StartsWith("imported  ", output[0]);
        Assert.Equal($"rejected  {bad}: binary: contains NUL bytes", output[1]);
        Assert.Equal("total: 2 files, 1 imported, 0 updated, 0 unchanged, 1 rejected", output[^1]);
    }

    [Fact]
    public async Task Ingest_WithoutPathsPrintsUsage()
    {
        var (code, _, errors) = await RunAsync();

        Assert.Equal(2, code);
        Assert.StartsWith("usage: ingest PATH", errors);
    }

    [Fact]
    public void Progress_ShowsRateAndTimeLeft()
    {
        var last = new IngestFileResult("a.txt", "a", IngestOutcome.Imported, null);
        var line = IngestCommand.FormatProgress(new IngestProgress(250, 1000, TimeSpan.FromSeconds(10), last));

        Assert.Equal("progress: 250/1000 files, 25.0 files/s, ETA 00:00:30", line);
    }

    [Fact]
    public async Task Ingest_ReadOnlyStore_ExitsWithCodeFourAndOneClearLine()
    {
        // A store created and migrated first, then opened read-only (root writes a chmod 444 file anyway).
        Assert.Equal(0, (await RunAsync(SeedsFolder)).Code);
        var file = Path.Combine(_folder, "new.txt");
        await File.WriteAllTextAsync(file, "عنوان الخبر\nنص الخبر وفيه تفاصيل كافية عن الحدث.", Encoding.UTF8);
        var output = new StringWriter();
        var errors = new StringWriter();

        var code = await IngestCommand.RunAsync([file], ConnectionString + ";Mode=ReadOnly", SeedsFolder, output, errors);

        Assert.Equal(4, code);
        Assert.StartsWith("error: the store is read-only", errors.ToString());
        Assert.DoesNotContain("   at ", errors.ToString());
    }

    [Fact]
    public void ExitCodes_AreDistinctPerStoreFailure()
    {
        Assert.Equal(3, IngestCommand.ExitCode(StoreFailure.DiskFull));
        Assert.Equal(4, IngestCommand.ExitCode(StoreFailure.ReadOnly));
        Assert.Equal(5, IngestCommand.ExitCode(StoreFailure.Busy));
    }
}
