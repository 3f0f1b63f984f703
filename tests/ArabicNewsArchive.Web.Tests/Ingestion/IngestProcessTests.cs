using System.Diagnostics;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Web.Ingestion;

namespace ArabicNewsArchive.Web.Tests.Ingestion;

public sealed class IngestProcessTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ana-gc-" + Guid.NewGuid().ToString("N"));

    public IngestProcessTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ShouldRestart_OnlyUnderServerGcWhenNobodyChose()
    {
        static string? None(string _) => null;

        Assert.True(IngestProcess.ShouldRestart(None, serverGc: true, "/usr/bin/dotnet"));
        Assert.False(IngestProcess.ShouldRestart(None, serverGc: false, "/usr/bin/dotnet"));
        Assert.False(IngestProcess.ShouldRestart(v => v == IngestProcess.MarkVariable ? "1" : null, serverGc: true, "/usr/bin/dotnet"));
        Assert.False(IngestProcess.ShouldRestart(v => v == "DOTNET_gcServer" ? "1" : null, serverGc: true, "/usr/bin/dotnet"));
        Assert.False(IngestProcess.ShouldRestart(None, serverGc: true, processPath: null));
    }

    [Fact]
    public void StartInfo_UnderTheDotnetHostPutsTheAppFirstAndAsksForTheWorkstationGc()
    {
        var start = IngestProcess.StartInfo("/usr/share/dotnet/dotnet", "/app/ArabicNewsArchive.Web.dll", ["ingest", "/data/news one", "b"]);

        Assert.Equal("/usr/share/dotnet/dotnet", start.FileName);
        Assert.Equal(["/app/ArabicNewsArchive.Web.dll", "ingest", "/data/news one", "b"], start.ArgumentList);
        Assert.Equal("0", start.Environment["DOTNET_gcServer"]);
        Assert.Equal("0", start.Environment["DOTNET_gcConcurrent"]);
        Assert.Equal("1", start.Environment[IngestProcess.MarkVariable]);
        Assert.False(start.UseShellExecute);

        var apphost = IngestProcess.StartInfo("/app/ArabicNewsArchive.Web", "/app/ArabicNewsArchive.Web.dll", ["ingest", "x"]);
        Assert.Equal(["ingest", "x"], apphost.ArgumentList);
    }

    /// <summary>The built app as a person runs it: the command runs in a second process, under the workstation GC.</summary>
    [Fact]
    public async Task IngestCommand_RunByTheDotnetHost_RunsUnderTheWorkstationGc()
    {
        var app = Path.Combine(AppContext.BaseDirectory, "ArabicNewsArchive.Web.dll");
        var seeds = ArchiveStartup.FindSeedsPath(AppContext.BaseDirectory)!;
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { app, "ingest", seeds })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove(IngestProcess.MarkVariable);
        start.Environment.Remove("DOTNET_gcServer");
        start.Environment["ConnectionStrings__Archive"] = $"Data Source={Path.Combine(_folder, "archive.db")};Pooling=False";
        start.Environment["Archive__SeedsPath"] = seeds;
        start.Environment["Archive__IngestStages"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.EndsWith("total: 5 files, 5 imported, 0 updated, 0 unchanged, 0 rejected", (await output).Trim());
        Assert.Contains("; workstation GC", await errors);
    }
}
