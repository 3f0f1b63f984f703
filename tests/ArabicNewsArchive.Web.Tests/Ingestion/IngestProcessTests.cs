using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Web.Ingestion;

namespace ArabicNewsArchive.Web.Tests.Ingestion;

public sealed partial class IngestProcessTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ana-gc-" + Guid.NewGuid().ToString("N"));

    public IngestProcessTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ShouldRestart_OnlyWhenNobodyChoseTheBudget()
    {
        static string? None(string _) => null;

        Assert.True(IngestProcess.ShouldRestart(None, "/usr/bin/dotnet"));
        Assert.False(IngestProcess.ShouldRestart(v => v == IngestProcess.MarkVariable ? "1" : null, "/usr/bin/dotnet"));
        Assert.False(IngestProcess.ShouldRestart(v => v == IngestProcess.BudgetVariable ? "4000000" : null, "/usr/bin/dotnet"));
        Assert.False(IngestProcess.ShouldRestart(None, processPath: null));
    }

    [Fact]
    public void StartInfo_UnderTheDotnetHostPutsTheAppFirstAndBoundsGen0()
    {
        var start = IngestProcess.StartInfo("/usr/share/dotnet/dotnet", "/app/ArabicNewsArchive.Web.dll", ["ingest", "/data/news one", "b"]);

        Assert.Equal("/usr/share/dotnet/dotnet", start.FileName);
        Assert.Equal(["/app/ArabicNewsArchive.Web.dll", "ingest", "/data/news one", "b"], start.ArgumentList);
        // The GC reads the value as hexadecimal.
        Assert.Equal(IngestProcess.Gen0BudgetBytes, Convert.ToInt64(start.Environment[IngestProcess.BudgetVariable], 16));
        Assert.Equal("1", start.Environment[IngestProcess.MarkVariable]);
        Assert.Equal("5", start.Environment[IngestProcess.ConserveVariable]);
        Assert.False(start.UseShellExecute);

        var apphost = IngestProcess.StartInfo("/app/ArabicNewsArchive.Web", "/app/ArabicNewsArchive.Web.dll", ["ingest", "x"]);
        Assert.Equal(["ingest", "x"], apphost.ArgumentList);
    }

    /// <summary>
    /// The built app as a person runs it: the command runs in a second process whose young collections come within the
    /// bound. Its start alone allocates more than one bound (migrations, the reference data, the tagger), so at least
    /// one young collection has happened. In one process on a host with a large cache (a 260 MB L3: ~80 MB between
    /// young collections) the seeds' run ends before its first and reports 0 MB, which fails here.
    /// </summary>
    [Fact]
    public async Task IngestCommand_RunByTheDotnetHost_CollectsGen0WithinTheBound()
    {
        var app = Path.Combine(AppContext.BaseDirectory, "ArabicNewsArchive.Web.dll");
        var seeds = ArchiveStartup.FindSeedsPath(AppContext.BaseDirectory)!;
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { app, "ingest", seeds })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove(IngestProcess.MarkVariable);
        start.Environment.Remove(IngestProcess.BudgetVariable);
        start.Environment["ConnectionStrings__Archive"] = $"Data Source={Path.Combine(_folder, "archive.db")};Pooling=False";
        start.Environment["Archive__SeedsPath"] = seeds;
        start.Environment["Archive__IngestStages"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.EndsWith("total: 5 files, 5 imported, 0 updated, 0 unchanged, 0 rejected", (await output).Trim());
        var gen0 = Gen0Line().Match(await errors);
        Assert.True(gen0.Success, await errors);
        var megabytes = double.Parse(gen0.Groups[1].Value, CultureInfo.InvariantCulture);
        // A gen0 collection begins once an allocation crosses the budget: a little over it at most.
        Assert.InRange(megabytes, 0.1, IngestProcess.Gen0BudgetBytes / 1e6 * 1.25);
    }

    [GeneratedRegex(@"; workstation GC, Batch latency, gen0 ([\d.,]+) MB at its last young collection, \d+ gen2 collections, GC pauses [\d.,]+ s")]
    private static partial Regex Gen0Line();
}
