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

    /// <summary>
    /// Sets the heap's hard limit from the configuration, after start-up has collected its garbage (the GC refuses
    /// a limit below what it holds committed). Only in the process this assembly started: a test host that runs
    /// the app in-process (WebApplicationFactory) shares its heap with every other test and keeps no limit.
    /// </summary>
    /// <returns>The limit set in bytes, or null when none was.</returns>
    public static ulong? Apply(IConfiguration configuration, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(logger);
        var mb = configuration.GetValue<long?>(LimitKey) ?? 0;
        if (mb <= 0 || Assembly.GetEntryAssembly() != typeof(ServerMemory).Assembly)
        {
            return null;
        }

        var limit = (ulong)mb * 1024 * 1024;
        try
        {
            AppContext.SetData("GCHeapHardLimit", limit);
            GC.RefreshMemoryLimit();
        }
        catch (InvalidOperationException e)
        {
            // Below what the heap holds already: serving without a limit beats not serving.
            AppContext.SetData("GCHeapHardLimit", 0UL);
            logger.LogWarning("The server's heap limit of {Limit} MB was not set: {Reason}", mb, e.Message);
            return null;
        }

        logger.LogInformation("Managed heap limited to {Limit} MB ({Key}); the GC reports {Available} MB available",
            mb, LimitKey, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024));
        return limit;
    }
}
