using System.Runtime.InteropServices;

namespace ArabicNewsArchive.Store;

/// <summary>
/// Gives the C heap's free pages back to the system. SQLite allocates its page cache with malloc, a page at a time:
/// when a bulk step's wide cache is put back to the default (<see cref="PageCache"/>), glibc keeps the freed pages
/// (256 MB after the ingestion writer) in the process for later mallocs, so the process's resident memory stays as
/// high as if the cache were still there. Elsewhere than glibc (Windows, macOS, musl) this does nothing.
/// </summary>
public static partial class NativeHeap
{
    private static bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>malloc_trim(0): every free page of every arena back to the system; a few milliseconds.</summary>
    public static void Trim()
    {
        if (s_unavailable)
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
