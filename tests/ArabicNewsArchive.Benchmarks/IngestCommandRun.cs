using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ArabicNewsArchive.Benchmarks;

/// <summary>
/// The product's <c>ingest</c> command run as a process of its own over the benchmark's files: the web app as published
/// (<c>dotnet ArabicNewsArchive.Web.dll ingest DIR</c>, as deployed: <c>MALLOC_ARENA_MAX=2</c>) on a new store. In the
/// harness's own process the ingestion shares a heap with the corpus it generated from (1.2 GB at 100k real articles)
/// and ran a third slower than the command (docs/performance.md): this is the figure of the product.
/// </summary>
internal static partial class IngestCommandRun
{
    /// <summary>What one run of the command gave.</summary>
    /// <param name="Total">Files the command walked.</param>
    /// <param name="Imported">Files it imported (its total line).</param>
    /// <param name="Rejected">Files it rejected, and the first few distinct reasons.</param>
    /// <param name="FilesSeconds">Its last progress line's time: all files stored, before the index settles and the story step.</param>
    /// <param name="FilesPerSecond">Its last progress line's rate (files done over time since its run began).</param>
    /// <param name="Whole">The whole command as the harness timed it: start-up, migrations, files, settle, story step, exit.</param>
    /// <param name="PeakRssMb">Its peak resident set (<c>/usr/bin/time</c>'s maximum RSS, else VmHWM polled), in MB.</param>
    /// <param name="PeakFrom">Where the peak came from.</param>
    /// <param name="CpuSeconds">User and system CPU of the command (from <c>/usr/bin/time</c>; null without it).</param>
    /// <param name="Stages">The command's own stage times (its <c>stages:</c> line), or null.</param>
    public sealed record Result(
        int Total, int Imported, (int Count, List<string> Reasons) Rejected, double FilesSeconds, double FilesPerSecond,
        TimeSpan Whole, double PeakRssMb, string PeakFrom, (double User, double System)? CpuSeconds, string? Stages);

    private static Task<string>? s_published;

    /// <summary>
    /// The web app as it is deployed: <c>dotnet publish</c> of the web project in the benchmark's configuration into
    /// <c>artifacts/web</c> (ahead-of-time compiled: <c>PublishReadyToRun</c> in its project file), done once per
    /// benchmark run before anything is timed, so the figure is always today's code; or BENCH_INGEST_DLL, another build.
    /// </summary>
    public static Task<string> WebDllAsync(string repositoryRoot)
    {
        if (Environment.GetEnvironmentVariable("BENCH_INGEST_DLL") is { Length: > 0 } given)
        {
            return Task.FromResult(Path.GetFullPath(given));
        }

        return s_published ??= PublishAsync(repositoryRoot);
    }

    private static async Task<string> PublishAsync(string repositoryRoot)
    {
        // .../tests/ArabicNewsArchive.Benchmarks/bin/<Configuration>/<framework>/
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var output = Path.Combine(repositoryRoot, "artifacts", "web");
        var project = Path.Combine(repositoryRoot, "src", "ArabicNewsArchive.Web");
        using var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", project, "-c", configuration, "-o", output, "--nologo", "-v", "q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var said = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of the web app failed (exit code {publish.ExitCode}):\n{await said}{await errors}");
        }

        return Path.Combine(output, "ArabicNewsArchive.Web.dll");
    }

    public static async Task<Result> RunAsync(string dll, string filesDir, string dbPath, string seedsDir)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"the web app's build is missing (BENCH_INGEST_DLL): {dll}");
        }

        // GNU time's own wait4 gives the child's true peak, however short; polling /proc is the fallback.
        const string time = "/usr/bin/time";
        var timed = File.Exists(time) && Environment.GetEnvironmentVariable("BENCH_INGEST_NO_TIME") is null;
        var timeFile = Path.Combine(Path.GetTempPath(), $"archive-bench-time-{Guid.NewGuid():N}.txt");
        var start = timed
            ? new ProcessStartInfo(time, ["-o", timeFile, "-f", "%M %U %S", "dotnet", dll, "ingest", filesDir])
            : new ProcessStartInfo("dotnet", [dll, "ingest", filesDir]);
        start.WorkingDirectory = Path.GetDirectoryName(dll)!;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["ConnectionStrings__Archive"] = $"Data Source={dbPath}";
        start.Environment["Archive__SeedsPath"] = seedsDir;
        // The command's stage times on its standard error (IngestCommand), for the stages line below.
        start.Environment["Archive__IngestStages"] = "true";
        var arenas = Environment.GetEnvironmentVariable("BENCH_MALLOC_ARENA_MAX") ?? "2";
        start.Environment.Remove("MALLOC_ARENA_MAX");
        if (arenas.Length > 0)
        {
            start.Environment["MALLOC_ARENA_MAX"] = arenas;
        }

        var imported = -1;
        var total = 0;
        var rejected = 0;
        var reasons = new List<string>();
        string? lastProgress = null;
        string? stages = null;
        var errors = new List<string>();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            if (TotalLine().Match(line) is { Success: true } m)
            {
                total = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                imported = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("rejected", StringComparison.Ordinal))
            {
                rejected++;
                var reason = line[(line.LastIndexOf(": ", StringComparison.Ordinal) + 2)..];
                if (reasons.Count < 3 && !reasons.Contains(reason))
                {
                    reasons.Add(reason);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            if (line.StartsWith("progress:", StringComparison.Ordinal))
            {
                lastProgress = line;
            }
            else if (line.StartsWith("stages:", StringComparison.Ordinal))
            {
                stages = line["stages:".Length..].Trim();
            }
            else if (errors.Count < 50)
            {
                errors.Add(line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Without GNU time: the direct child is the app (the dotnet host runs it in its own process); the VmHWM of it
        // and of any child is read until they exit, so a peak in the last interval before exit can be missed.
        var polled = 0L;
        while (!process.HasExited)
        {
            if (!timed)
            {
                polled = Math.Max(polled, ReadKb(process.Id, "VmHWM"));
                foreach (var child in Children(process.Id))
                {
                    polled = Math.Max(polled, ReadKb(child, "VmHWM"));
                }
            }

            await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(100));
        }

        await process.WaitForExitAsync();
        clock.Stop();
        // 0: all stored; 1: some file rejected (the ANT corpus has empty articles).
        if (process.ExitCode is not (0 or 1) || imported < 0 || lastProgress is null)
        {
            throw new InvalidOperationException($"the ingest command failed (exit code {process.ExitCode}):\n{string.Join('\n', errors.TakeLast(20))}");
        }

        var progress = ProgressLine().Match(lastProgress);
        var done = int.Parse(progress.Groups[1].Value, CultureInfo.InvariantCulture);
        var rate = double.Parse(progress.Groups[2].Value, CultureInfo.InvariantCulture);
        double peakMb;
        string peakFrom;
        (double, double)? cpu = null;
        if (timed)
        {
            var fields = File.ReadAllText(timeFile).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            File.Delete(timeFile);
            // The last line is the format's (a failed child adds a "Command exited..." line before it).
            var n = fields.Length;
            peakMb = long.Parse(fields[n - 3], CultureInfo.InvariantCulture) / 1024.0;
            cpu = (double.Parse(fields[n - 2], CultureInfo.InvariantCulture), double.Parse(fields[n - 1], CultureInfo.InvariantCulture));
            peakFrom = "max RSS by /usr/bin/time";
        }
        else
        {
            peakMb = polled / 1024.0;
            peakFrom = "VmHWM polled every 100 ms";
        }

        return new Result(total, imported, (rejected, reasons), rate > 0 ? done / rate : 0, rate, clock.Elapsed, peakMb, peakFrom, cpu, stages);
    }

    /// <summary>The ids of a process's children (Linux; none elsewhere or once it has exited).</summary>
    private static int[] Children(int pid)
    {
        try
        {
            return [.. File.ReadAllText($"/proc/{pid}/task/{pid}/children")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(id => int.Parse(id, CultureInfo.InvariantCulture))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static long ReadKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // Gone between the check and the read.
        }

        return 0;
    }

    [GeneratedRegex(@"^total: (\d+) files, (\d+) imported")]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"^progress: (\d+)/\d+ files, ([0-9.]+) files/s")]
    private static partial Regex ProgressLine();
}
