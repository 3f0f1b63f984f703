using System.Runtime.InteropServices;

namespace ArabicNewsArchive.Ingestion;

/// <summary>One entry an ingest run will read or report.</summary>
/// <param name="Path">The file as it was given or found.</param>
/// <param name="SourceFile">The name recorded for it (relative to the folder it was found in).</param>
/// <param name="Root">The real path of the folder it was found in; null for a file named on the command line.</param>
/// <param name="Problem">Why the walk could not take it (an unreadable folder, a limit), reported as its rejection.</param>
public sealed record IngestEntry(string Path, string SourceFile, string? Root = null, string? Problem = null);

/// <summary>
/// The bounded directory walk of an ingest run: folders in ordinal order, symbolic links to folders not followed,
/// an unreadable folder reported and passed over. Rules and limits: docs/ingestion.md and docs/security.md.
/// </summary>
public static partial class FileWalk
{
    /// <summary>Folder levels read below a folder given; deeper folders are reported, not read.</summary>
    public const int MaxDepth = 32;

    /// <summary>Directory entries looked at per folder given (files and folders, whatever their extension).</summary>
    public const int MaxEntries = 2_000_000;

    /// <summary>Expands paths into entries; a folder given is followed even when it is itself a symbolic link.</summary>
    public static List<IngestEntry> Expand(IEnumerable<string> paths)
    {
        var entries = new List<IngestEntry>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                Walk(path, entries);
            }
            else
            {
                entries.Add(new IngestEntry(path, System.IO.Path.GetFileName(path)));
            }
        }

        return entries;
    }

    private static void Walk(string folder, List<IngestEntry> entries)
    {
        var root = RealPath(folder);
        var found = new List<IngestEntry>();
        var pending = new Stack<(string Path, int Depth)>();
        pending.Push((folder, 0));
        var seen = 0;
        while (pending.Count > 0)
        {
            var (dir, depth) = pending.Pop();
            string Relative(string p) => System.IO.Path.GetRelativePath(folder, p).Replace('\\', '/');
            List<FileSystemInfo> children;
            try
            {
                // Materialised inside the try: an unreadable folder fails on the first MoveNext, not at the call.
                children = [.. new DirectoryInfo(dir).EnumerateFileSystemInfos("*", new EnumerationOptions
                {
                    IgnoreInaccessible = false,
                    AttributesToSkip = 0,
                    RecurseSubdirectories = false,
                })];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                found.Add(new IngestEntry(dir, Relative(dir), root, $"unreadable folder: {e.Message}"));
                continue;
            }

            foreach (var child in children)
            {
                if (++seen > MaxEntries)
                {
                    found.Add(new IngestEntry(folder, System.IO.Path.GetFileName(folder), root,
                        $"more than {MaxEntries:N0} entries under the folder: the walk stopped there"));
                    pending.Clear();
                    break;
                }

                if (child is DirectoryInfo sub)
                {
                    if (sub.LinkTarget is not null)
                    {
                        // A link could lead outside the folder given (or back into it, forever).
                        found.Add(new IngestEntry(sub.FullName, Relative(sub.FullName), root, "symbolic link to a folder: not followed"));
                    }
                    else if (depth + 1 > MaxDepth)
                    {
                        found.Add(new IngestEntry(sub.FullName, Relative(sub.FullName), root, $"folder deeper than {MaxDepth} levels: not read"));
                    }
                    else
                    {
                        pending.Push((sub.FullName, depth + 1));
                    }
                }
                else if (ArticleParser.SupportedExtensions.Contains(System.IO.Path.GetExtension(child.Name)))
                {
                    // Other files are skipped silently: folders hold images and notes too. Links, pipes and the
                    // like are judged when read (IngestionService), each with its own reason.
                    found.Add(new IngestEntry(child.FullName, Relative(child.FullName), root));
                }
            }
        }

        entries.AddRange(found.OrderBy(e => e.Path, StringComparer.Ordinal));
    }

    /// <summary>The path with every symbolic link resolved (the folder itself included).</summary>
    internal static string RealPath(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            var parent = System.IO.Path.GetDirectoryName(full);
            var resolvedParent = parent is null ? null : RealPath(parent);
            var here = resolvedParent is null ? full : System.IO.Path.Combine(resolvedParent, System.IO.Path.GetFileName(full));
            return new FileInfo(here).LinkTarget is not null
                ? (File.ResolveLinkTarget(here, returnFinalTarget: true)?.FullName is { } target ? RealPath(target) : here)
                : here;
        }
        catch (IOException)
        {
            return full;
        }
    }

    /// <summary>
    /// Why a path cannot be read as an article file, checked without opening it (opening a named pipe would wait for
    /// a writer forever), or null when it is a regular file (or a link to one inside <paramref name="root"/>).
    /// </summary>
    internal static string? Problem(string path, string? root)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            FileSystemInfo? target;
            try
            {
                target = File.ResolveLinkTarget(path, returnFinalTarget: true);
            }
            catch (IOException)
            {
                return "symbolic link loop";
            }

            if (target is null || !(File.Exists(target.FullName) || Directory.Exists(target.FullName)))
            {
                return $"dangling symbolic link (to {info.LinkTarget}, which does not exist)";
            }

            if (Directory.Exists(target.FullName))
            {
                return "symbolic link to a folder: not followed";
            }

            // Found in a folder: the link may only lead to a file inside the folder given (not to /etc/...). A link
            // named on the command line is the caller's own choice.
            if (root is not null && !IsInside(RealPath(target.FullName), root))
            {
                return "symbolic link to a file outside the folder given: not followed";
            }

            path = target.FullName;
        }
        else if (!info.Exists)
        {
            return Directory.Exists(path) ? null : "no such file or folder";
        }

        return Kind(path) switch
        {
            FileKind.Fifo => "not a regular file: a named pipe",
            FileKind.CharDevice or FileKind.BlockDevice => "not a regular file: a device",
            FileKind.Socket => "not a regular file: a socket",
            _ => null,
        };
    }

    private static bool IsInside(string path, string root) =>
        path.StartsWith(root.EndsWith(System.IO.Path.DirectorySeparatorChar) ? root : root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal);

    internal enum FileKind
    {
        Unknown,
        Regular,
        Directory,
        Fifo,
        CharDevice,
        BlockDevice,
        Socket,
    }

    /// <summary>
    /// The file type from statx(2) (Linux): .NET reports a named pipe or a device as an ordinary file. Elsewhere
    /// Unknown, read as before.
    /// </summary>
    internal static FileKind Kind(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return FileKind.Unknown;
        }

        // struct statx is 256 bytes on every architecture; stx_mode is the u16 at offset 28.
        Span<byte> buffer = stackalloc byte[256];
        const int atFdCwd = -100;
        const uint statxType = 0x1;
        try
        {
            if (Statx(atFdCwd, path, 0, statxType, buffer) != 0)
            {
                return FileKind.Unknown;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return FileKind.Unknown;
        }

        return (BitConverter.ToUInt16(buffer[28..30]) & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, Span<byte> buffer);
}
