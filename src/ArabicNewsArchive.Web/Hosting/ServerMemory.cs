using System.Reflection;

namespace ArabicNewsArchive.Web.Hosting;

/// <summary>
/// The web server's bound on its managed heap (<c>Archive:ServerHeapLimitMB</c>), set in code when the server starts
/// rather than in the runtimeconfig: the same executable runs the <c>ingest</c> command, which needs more heap than
/// a reader and sets its own memory at run time, and a runtimeconfig limit would bind both (README.md, "Run it").
/// </summary>
public static class ServerMemory
{
    /// <summary>The configuration key: the managed heap's hard limit in MB, 0 or absent for none.</summary>
    public const string LimitKey = "Archive:ServerHeapLimitMB";

    private static readonly Lock s_lock = new();
    private static ulong? s_limit;
    private static ulong s_unbounded;
    private static int s_lifted;

    /// <summary>
    /// The least limit for a heap holding <paramref name="liveBytes"/> once the snapshot is loaded: as much again (at
    /// least 64 MB) for the pages' garbage, and for a second snapshot while a reload builds it (the service lets the
    /// old one go first, and the readers in flight that keep it end within the load). A fixed limit alone would let a
    /// larger archive's snapshot, or its reload, run the server out of memory; at 100k articles (~69 MB live) this
    /// floor (138 MB) is under the configured 160 MB.
    /// </summary>
    public static ulong Floor(ulong liveBytes) => liveBytes + Math.Max(liveBytes, 64UL * 1024 * 1024);

    /// <summary>
    /// Sets the configured limit for a start-up that only checks the seeds and loads the snapshot (a store that needs
    /// no preparing): unbounded, the server GC let that start-up's garbage (the reference data read for the seeds'
    /// check, the snapshot's load) take the process to ~500 MB at 100k articles before anyone read a page, and the
    /// process's peak is the bound that matters. <see cref="Apply"/> sets the serving limit after it.
    /// </summary>
    /// <returns>True when a limit was set (see <see cref="Apply"/> for when none is).</returns>
    public static bool ApplyAtStart(IConfiguration configuration, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var mb = ConfiguredMegabytes(configuration);
        if (mb == 0)
        {
            return false;
        }

        try
        {
            // What the GC has without a limit, read before one is set: an upload's lift goes back to it.
            lock (s_lock)
            {
                s_unbounded = (ulong)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            }

            AppContext.SetData("GCHeapHardLimit", mb * 1024 * 1024);
            GC.RefreshMemoryLimit();
            return true;
        }
        catch (InvalidOperationException e)
        {
            AppContext.SetData("GCHeapHardLimit", 0UL);
            logger.LogWarning("The server's start-up was not bounded to {Limit} MB: {Reason}", mb, e.Message);
            return false;
        }
    }

    /// <summary>
    /// Takes the start-up's limit away again: a start that needs more than a reader's heap (a story step a kill cut
    /// short, new seed files to analyse) ran out of it and is run again unbounded.
    /// </summary>
    public static void LiftAtStart(ILogger logger, OutOfMemoryException reason)
    {
        ArgumentNullException.ThrowIfNull(logger);
        AppContext.SetData("GCHeapHardLimit", 0UL);
        GC.RefreshMemoryLimit();
        lock (s_lock)
        {
            s_unbounded = 0;
        }

        logger.LogWarning(reason, "The server's start-up needed more than its heap limit: started again without one");
    }

    /// <summary>
    /// Sets the heap's hard limit: the configured one, or <see cref="Floor"/> of what the heap holds when that is
    /// more. Called after start-up has loaded the snapshot and collected its garbage (the GC refuses a limit below
    /// what it holds committed). Only in the process this assembly started: a test host that runs the app
    /// in-process (WebApplicationFactory) shares its heap with every other test and keeps no limit.
    /// </summary>
    /// <returns>The limit set in bytes, or null when none was.</returns>
    public static ulong? Apply(IConfiguration configuration, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var mb = ConfiguredMegabytes(configuration);
        if (mb == 0)
        {
            return null;
        }

        var live = Live();
        var limit = Math.Max(mb * 1024 * 1024, Floor(live));
        ulong unbounded;
        lock (s_lock)
        {
            unbounded = s_unbounded != 0 ? s_unbounded : (ulong)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        }

        try
        {
            AppContext.SetData("GCHeapHardLimit", limit);
            GC.RefreshMemoryLimit();
            lock (s_lock)
            {
                (s_limit, s_unbounded) = (limit, unbounded);
            }
        }
        catch (InvalidOperationException e)
        {
            // Below what the heap holds already: serving without a limit beats not serving.
            AppContext.SetData("GCHeapHardLimit", 0UL);
            logger.LogWarning("The server's heap limit of {Limit} MB was not set: {Reason}", mb, e.Message);
            return null;
        }

        var info = GC.GetGCMemoryInfo();
        logger.LogInformation(
            "Managed heap limited to {Limit} MB ({Key}: {Configured}); it holds {Live} MB ({Size} MB with its free space, {Committed} MB committed), the process {Resident} MB resident",
            limit / (1024 * 1024), LimitKey, mb, live / (1024 * 1024), GC.GetTotalMemory(forceFullCollection: false) / (1024 * 1024),
            info.TotalCommittedBytes / (1024 * 1024), Environment.WorkingSet / (1024 * 1024));
        return limit;
    }

    /// <summary>
    /// What the heap holds: what the last full blocking collection kept. <see cref="GC.GetTotalMemory"/> counts the
    /// free space between objects too, about as much again after the start-up's collections on the 100k store (89 MB
    /// for 50 MB of objects), and the floor would double it.
    /// </summary>
    private static ulong Live()
    {
        var full = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return full.Index > 0 ? (ulong)full.PromotedBytes : (ulong)GC.GetTotalMemory(forceFullCollection: false);
    }

    /// <summary>
    /// The configured limit in MB; 0 when none is, or when a test host (WebApplicationFactory) runs the app in its
    /// own process, whose heap it shares with every other test.
    /// </summary>
    private static ulong ConfiguredMegabytes(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var mb = configuration.GetValue<long?>(LimitKey) ?? 0;
        return mb <= 0 || Assembly.GetEntryAssembly() != typeof(ServerMemory).Assembly ? 0 : (ulong)mb;
    }

    /// <summary>
    /// Lifts the limit (to the machine's memory) until disposed: an upload runs an ingestion in this process, which
    /// needs the heap an ingest command has (a 500-file upload into the 100k store under 224 MB crashed the server).
    /// The limit comes back, after a full collection, when the last lift ends; if the heap still holds more than the
    /// limit then, it stays lifted until the next lift ends.
    /// </summary>
    public static IDisposable Lift(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        lock (s_lock)
        {
            if (s_limit is null)
            {
                return NoLift.Instance;
            }

            if (s_lifted++ == 0)
            {
                AppContext.SetData("GCHeapHardLimit", s_unbounded);
                GC.RefreshMemoryLimit();
            }
        }

        return new Lifted(logger);
    }

    private sealed class Lifted(ILogger logger) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            lock (s_lock)
            {
                if (--s_lifted > 0 || s_limit is not { } limit)
                {
                    return;
                }

                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                // The upload grew the archive, and its snapshot will grow with it at the next reload.
                limit = Math.Max(limit, Floor(Live()));
                s_limit = limit;
                try
                {
                    AppContext.SetData("GCHeapHardLimit", limit);
                    GC.RefreshMemoryLimit();
                }
                catch (InvalidOperationException e)
                {
                    AppContext.SetData("GCHeapHardLimit", s_unbounded);
                    GC.RefreshMemoryLimit();
                    logger.LogWarning("The server's heap limit was not set back after an upload: {Reason}", e.Message);
                }
            }
        }
    }

    private sealed class NoLift : IDisposable
    {
        public static readonly NoLift Instance = new();

        public void Dispose()
        {
        }
    }
}
