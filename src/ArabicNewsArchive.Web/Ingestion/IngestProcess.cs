using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace ArabicNewsArchive.Web.Ingestion;

/// <summary>
/// Runs the <c>ingest</c> command under the workstation GC, non-concurrent: the executable's runtimeconfig asks for
/// the server GC (the web server's choice, ArabicNewsArchive.Web.csproj), and the GC's kind is fixed when the runtime
/// starts, so the command starts itself again with <c>DOTNET_gcServer=0</c> and <c>DOTNET_gcConcurrent=0</c> and
/// waits for that process. Under the server GC the command's heap grew to about twice what it held (its garbage
/// collected late, per heap), the larger part of its peak resident memory (docs/ingestion.md, "Memory of the
/// ingest command").
/// </summary>
internal static class IngestProcess
{
    /// <summary>Set in the started process, so that it never starts another (and a person can opt out with 0).</summary>
    internal const string MarkVariable = "ARCHIVE_INGEST_GC";

    /// <summary>
    /// True when this process should hand the command to a process of its own: it runs the server GC, and neither
    /// the person (a <c>DOTNET_gcServer</c> of their own) nor an earlier start (<see cref="MarkVariable"/>) decided.
    /// </summary>
    internal static bool ShouldRestart(Func<string, string?> environment, bool serverGc, string? processPath) =>
        serverGc && processPath is not null
        && environment(MarkVariable) is null
        && environment("DOTNET_gcServer") is null && environment("COMPlus_gcServer") is null;

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
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_gcConcurrent"] = "0";
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

    /// <summary>True in a process that runs the server GC (the executable's default).</summary>
    internal static bool ServerGc => GCSettings.IsServerGC;
}
