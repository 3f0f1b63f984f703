using System.Diagnostics;
using System.Globalization;
using System.Text;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ArabicNewsArchive.Web.Ingestion;

/// <summary>
/// <c>ingest PATH [PATH ...]</c>: imports files or folders into the store and exits. One summary line per file on
/// standard output, progress on standard error (throttled), a total line; exit code 0 when nothing was rejected.
/// </summary>
internal static class IngestCommand
{
    /// <summary>Progress is written at most this often, so a large folder does not flood the terminal.</summary>
    private static readonly TimeSpan s_progressInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The writer's SQLite page cache when <c>Archive:IngestCacheMegabytes</c> does not say. The service's own 256 MB
    /// (what the benchmark and start-up seeding use) was the largest part of the command's peak memory after the
    /// managed heap; on 30k real articles 64 MB gave the same time and CPU (12:39 both, run side by side) and a peak
    /// of 739 instead of 963 MB (docs/ingestion.md). A store far larger than that may want more: set the key.
    /// </summary>
    internal const int DefaultCacheMegabytes = 64;

    public static async Task<int> RunAsync(
        IReadOnlyList<string> paths, string connectionString, string? seedsPath, TextWriter output, TextWriter errors,
        int? cacheMegabytes = null, bool stages = false, CancellationToken ct = default)
    {
        if (paths.Count == 0)
        {
            await errors.WriteLineAsync("usage: ingest PATH [PATH ...]   (files or folders; folders are read recursively)");
            return 2;
        }

        var options = new DbContextOptionsBuilder<ArchiveDbContext>().UseSqlite(connectionString).Options;
        var contexts = new PooledDbContextFactory<ArchiveDbContext>(options);
        IngestRun run;
        try
        {
            var reference = await ArchiveStartup.PrepareStoreAsync(contexts, seedsPath, ct);
            var service = new IngestionService(contexts, reference)
            {
                WriterCacheMegabytes = cacheMegabytes is > 0 and var megabytes ? megabytes : DefaultCacheMegabytes,
            };

            var lastReport = Stopwatch.StartNew();
            run = await service.IngestAsync(paths.Select(ResolvePath), p =>
            {
                output.WriteLine(FormatResult(p.Last));
                if (p.Done == p.Total || lastReport.Elapsed >= s_progressInterval)
                {
                    errors.WriteLine(FormatProgress(p));
                    lastReport.Restart();
                }
            }, ct);
            if (stages)
            {
                // Archive:IngestStages: where the run's time went (the benchmark reads this line).
                await errors.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"stages: {service.Times}; writer CPU {service.Times.StoreCpu.TotalMilliseconds / Math.Max(1, run.Count(IngestOutcome.Imported) + run.Count(IngestOutcome.Updated)):N3} ms per stored article; {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, {System.Runtime.GCSettings.LatencyMode} latency, gen0 {Gen0AtLastCollection() / 1e6:N1} MB at its last young collection, {GC.CollectionCount(2)} gen2 collections, GC pauses {GC.GetTotalPauseDuration().TotalSeconds:N1} s; JIT {System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods in {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:N1} s"));
            }
        }
        catch (Exception e) when (IngestStoreException.Classify(e) is { } failure)
        {
            // One line a person can act on instead of a stack trace; the files reported so far are stored.
            var store = e as IngestStoreException ?? IngestStoreException.From(failure, e);
            await errors.WriteLineAsync(Escape($"error: {store.Message}"));
            return ExitCode(failure);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"total: {run.Files.Count} files, {run.Count(IngestOutcome.Imported)} imported, {run.Count(IngestOutcome.Updated)} updated, " +
            $"{run.Count(IngestOutcome.Unchanged)} unchanged, {run.Count(IngestOutcome.Rejected)} rejected"));
        return run.AnyRejected ? 1 : 0;
    }

    /// <summary>
    /// What gen0 held when the last gen0 or gen1 collection began: about the budget the GC allows between two such
    /// collections, which the app's runtimeconfig bounds (<c>System.GC.Gen0MaxBudget</c>). Zero before the first.
    /// </summary>
    internal static long Gen0AtLastCollection() => GC.GetGCMemoryInfo(GCKind.Ephemeral).GenerationInfo[0].SizeBeforeBytes;

    /// <summary>Exit codes beyond 0 (all stored), 1 (some file rejected) and 2 (usage): docs/ingestion.md.</summary>
    internal static int ExitCode(StoreFailure failure) => failure switch
    {
        StoreFailure.DiskFull => 3,
        StoreFailure.ReadOnly => 4,
        _ => 5,
    };

    /// <summary>
    /// A relative path is read against the current directory; failing that, against the shell's directory ($PWD).
    /// <c>dotnet run --project</c> starts the app in the project folder, so "seeds/" typed at the repository root
    /// only exists relative to the shell's directory.
    /// </summary>
    internal static string ResolvePath(string path)
    {
        var here = Path.GetFullPath(path);
        if (Path.IsPathRooted(path) || File.Exists(here) || Directory.Exists(here))
        {
            return here;
        }

        var shell = Environment.GetEnvironmentVariable("PWD");
        if (!string.IsNullOrEmpty(shell) && Directory.Exists(shell))
        {
            var there = Path.GetFullPath(path, shell);
            if (File.Exists(there) || Directory.Exists(there))
            {
                return there;
            }
        }

        return here;
    }

    internal static string FormatResult(IngestFileResult r)
    {
        var outcome = r.Outcome.ToString().ToLowerInvariant();
        var id = r.ArticleId is null ? "" : $" [{r.ArticleId}]";
        var detail = r.Detail is null ? "" : $": {r.Detail}";
        return Escape($"{outcome,-9} {r.Path}{id}{detail}");
    }

    /// <summary>
    /// One file, one line: a control character in a file name (a newline, an escape sequence for the terminal) is
    /// written as \n, \r, \t or \uXXXX, so a file cannot fake or hide another file's line. Backslashes are left
    /// as they are (Windows paths stay readable); an escape is told apart by what follows it.
    /// </summary>
    internal static string Escape(string line)
    {
        if (!line.Any(char.IsControl))
        {
            return line;
        }

        var sb = new StringBuilder(line.Length + 16);
        foreach (var c in line)
        {
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    internal static string FormatProgress(IngestProgress p)
    {
        var eta = p.Remaining is { } left ? left.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "--:--:--";
        return string.Create(CultureInfo.InvariantCulture,
            $"progress: {p.Done}/{p.Total} files, {p.FilesPerSecond:0.0} files/s, ETA {eta}");
    }
}
