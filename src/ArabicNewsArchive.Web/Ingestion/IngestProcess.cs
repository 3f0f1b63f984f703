using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace ArabicNewsArchive.Web.Ingestion;

/// <summary>
/// Runs the <c>ingest</c> command with a bounded gen0 budget: the GC lets this much garbage pile up between two young
/// collections, and it is resident memory. Unbounded, the workstation GC sizes it from the processor's largest cache:
/// a host reporting a 260 MB L3 got ~80 MB between collections, and the command's peak rose with it (docs/ingestion.md,
/// "Memory"). The budget is fixed when the runtime starts and the web server keeps its own (the app's runtimeconfig),
/// so the command starts itself again with <c>DOTNET_GCGen0MaxBudget</c> set and waits for that process. The gen2
/// growth it allows (<see cref="ConserveMemory"/>) is set there too.
/// </summary>
internal static class IngestProcess
{
    /// <summary>Set in the started process, so that it never starts another (and a person can opt out with 0).</summary>
    internal const string MarkVariable = "ARCHIVE_INGEST_GC";

    /// <summary>The GC's own setting (hexadecimal bytes), read once at the runtime's start.</summary>
    internal const string BudgetVariable = "DOTNET_GCGen0MaxBudget";

    /// <summary>
    /// The command's gen0 budget in bytes. A host with a few MB of cache per core gets about this unbounded; below it the
    /// collections that promote the pipeline's batches in flight come more often for no memory.
    /// </summary>
    internal const int Gen0BudgetBytes = 24 << 20;

    /// <summary>The GC's own setting (0-9): how much of gen2 may be garbage before a collection; a person's own is kept.</summary>
    internal const string ConserveVariable = "DOTNET_GCConserveMemory";

    internal const int ConserveMemory = 5;

    /// <summary>
    /// True when this process should hand the command to a process of its own: neither the person (a gen0 budget of
    /// their own) nor an earlier start (<see cref="MarkVariable"/>) decided, and there is an executable to start.
    /// </summary>
    internal static bool ShouldRestart(Func<string, string?> environment, string? processPath) =>
        processPath is not null
        && environment(MarkVariable) is null
        && environment(BudgetVariable) is null && environment("COMPlus_GCGen0MaxBudget") is null;

    /// <summary>
    /// The command line of the process that runs the command: the same host with the same arguments; under the
    /// <c>dotnet</c> host (<c>dotnet ArabicNewsArchive.Web.dll ingest …</c>) the app's assembly comes first.
    /// </summary>
    internal static ProcessStartInfo StartInfo(string processPath, string? entryAssembly, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(processPath) { UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(processPath), "dotnet", StringComparison.OrdinalIgnoreCase) && entryAssembly is not null)
        {
            start.ArgumentList.Add(entryAssembly);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[MarkVariable] = "1";
        start.Environment[BudgetVariable] = Gen0BudgetBytes.ToString("x", CultureInfo.InvariantCulture);
        // Gen2 may grow by half of what it held after its last collection, not up to ~80 % more: each batch's texts
        // and analyses live long enough to reach gen2 and die there, and the files phase's heap sawed between ~160
        // and ~350 MB (one 100k run: gen2 collections 32 -> 41 in the files phase, its peak 590 -> 517 MB).
        start.Environment.TryAdd(ConserveVariable, ConserveMemory.ToString(CultureInfo.InvariantCulture));
        return start;
    }

    /// <summary>Runs the command in a process of its own and returns its exit code.</summary>
    internal static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var start = StartInfo(Environment.ProcessPath!, typeof(IngestProcess).Assembly.Location, args);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("the ingest process did not start");
        // A signal that would end this process ends the child instead (this one then returns its exit code): a SIGTERM
        // sent to this one alone (a service manager's) must not leave the child writing to the store. Ctrl+C reaches
        // both anyway (one process group). A batch cut short is rolled back by SQLite, as when one process is killed.
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            try
            {
                child.Kill();
            }
            catch (InvalidOperationException)
            {
                // It had ended already.
            }
        }

        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
