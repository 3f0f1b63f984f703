using System.Globalization;

namespace ArabicNewsArchive.Store;

/// <summary>
/// With <c>ARCHIVE_STEP_MEMLOG=1</c>, one line to standard error per mark of a bulk step: the seconds since the
/// process started, its resident memory and the managed heap's size, to tell which phase of a long run takes how long
/// and holds what (docs/history/performance-rounds.md, "What the story step stood on"). Off, a mark costs one field read.
/// </summary>
internal static class MemoryLog
{
    private static readonly bool s_on = Environment.GetEnvironmentVariable("ARCHIVE_STEP_MEMLOG") == "1";

    public static void Mark(string phase)
    {
        if (!s_on)
        {
            return;
        }

        var info = GC.GetGCMemoryInfo();
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var rss = File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : null;
        var rssMb = long.TryParse(rss, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb / 1024 : -1;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memlog: {phase} at {(DateTime.Now - self.StartTime).TotalSeconds:F1} s: RSS {rssMb} MB, GC heap {info.HeapSizeBytes >> 20} MB (committed {info.TotalCommittedBytes >> 20}, fragmented {info.FragmentedBytes >> 20}, allocated {GC.GetTotalAllocatedBytes() >> 20} MB, gen2 GCs {GC.CollectionCount(2)})"));
    }
}
