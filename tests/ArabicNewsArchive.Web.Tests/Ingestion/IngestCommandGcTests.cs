using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ArabicNewsArchive.Ingestion;

namespace ArabicNewsArchive.Web.Tests.Ingestion;

public sealed partial class IngestCommandGcTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ana-gc-" + Guid.NewGuid().ToString("N"));

    public IngestCommandGcTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// The built app as a person runs it: its young collections come within the runtimeconfig's bound, which the
    /// command shares with the web server. Its start alone allocates more than one bound (migrations, the reference
    /// data, the tagger), so at least one young collection has happened. Unbounded on a host with a large cache (a
    /// 260 MB L3: ~80 MB between young collections) the seeds' run ends before its first and reports 0 MB, which fails.
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

        // The GC settings of whoever runs the tests would stand in for the app's own.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("DOTNET_GC", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
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
        Assert.InRange(megabytes, 0.1, ConfiguredGen0Budget(app) / 1e6 * 1.25);
    }

    /// <summary>The app's gen0 budget in bytes, as its runtimeconfig gives it to the runtime.</summary>
    private static long ConfiguredGen0Budget(string app)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(app, ".runtimeconfig.json")));
        return config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").GetProperty("System.GC.Gen0MaxBudget").GetInt64();
    }

    [GeneratedRegex(@"; workstation GC, Batch latency, gen0 ([\d.,]+) MB at its last young collection, \d+ gen2 collections, GC pauses [\d.,]+ s")]
    private static partial Regex Gen0Line();
}
