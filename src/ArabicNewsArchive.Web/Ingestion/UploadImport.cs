using System.Globalization;
using System.IO.Compression;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Web.Ingestion;

/// <summary>One file a curator sent: its name as the browser gave it, and a way to read it once.</summary>
public sealed record UploadedFile(string Name, long Size, Func<CancellationToken, Stream> Open);

/// <summary>What happened to one uploaded file (or one file of an uploaded zip).</summary>
/// <param name="Name">The name as uploaded: "a.txt", or "news.zip/2022/a.txt" for a file of a zip.</param>
/// <param name="Outcome">imported, updated, unchanged or rejected, as the <c>ingest</c> command prints them.</param>
/// <param name="Detail">The rejection reason, or the ingest's note.</param>
public sealed record UploadOutcome(string Name, string? ArticleId, string Outcome, string? Detail);

/// <summary>Progress of an upload: first the bytes received and unpacked, then the files ingested.</summary>
public sealed record UploadProgress(string Stage, int Done, int Total);

/// <summary>The answer of an upload: per file, in the order the ingest read them, then the files refused before it.</summary>
public sealed record UploadReport(IReadOnlyList<UploadOutcome> Files)
{
    public int Count(string outcome) => Files.Count(f => f.Outcome == outcome);
}

/// <summary>An upload refused as a whole (too large altogether, too many files, the store unwritable).</summary>
public sealed class UploadRefusedException(string message, int status) : Exception(message)
{
    /// <summary>The HTTP status the API answers with: 413 for the limits, 503 for the store.</summary>
    public int Status { get; } = status;
}

/// <summary>
/// The upload page's and <c>POST /api/import</c>'s way into the archive: the files are written to a fresh temporary
/// folder (zips unpacked there, bounded) and handed to the same <see cref="IngestionService"/> the <c>ingest</c>
/// command runs, which takes the store's single-writer lock (<see cref="IngestLock"/>). Limits: docs/curation.md.
/// </summary>
public sealed class UploadImport(IDbContextFactory<ArchiveDbContext> contexts, IConfiguration configuration, IWebHostEnvironment environment)
{
    /// <summary>A .txt or .md file, uploaded or inside a zip.</summary>
    public const long MaxFileBytes = 10L * 1024 * 1024;

    /// <summary>Everything uploaded at once (a zip counted at its compressed size).</summary>
    public const long MaxUploadBytes = 100L * 1024 * 1024;

    /// <summary>Everything the zips of one upload unpack to: a zip bomb stops here, whatever its headers claim.</summary>
    public const long MaxUnpackedBytes = 200L * 1024 * 1024;

    /// <summary>Entries in one zip (folders included).</summary>
    public const int MaxZipEntries = 5_000;

    /// <summary>Files chosen in one upload.</summary>
    public const int MaxFiles = 1_000;

    public async Task<UploadReport> ImportAsync(IReadOnlyList<UploadedFile> files, Action<UploadProgress>? progress = null, CancellationToken ct = default)
    {
        if (files.Count > MaxFiles)
        {
            throw new UploadRefusedException($"{files.Count} files at once; the limit is {MaxFiles} (put more in a zip).", StatusCodes.Status413PayloadTooLarge);
        }

        var total = files.Sum(f => f.Size);
        if (total > MaxUploadBytes)
        {
            throw new UploadRefusedException($"{Megabytes(total)} uploaded at once; the limit is {Megabytes(MaxUploadBytes)}.", StatusCodes.Status413PayloadTooLarge);
        }

        var folder = Path.Combine(Path.GetTempPath(), "archive-upload-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            // Every uploaded file in a folder of its own: two files of the same name stay two files, and a zip's
            // entries stay under the zip's folder.
            var refused = new List<UploadOutcome>();
            var paths = new List<string>();
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            var unpacked = new Budget(MaxUnpackedBytes);
            for (var i = 0; i < files.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var file = files[i];
                var name = SafeFileName(file.Name);
                var slot = Path.Combine(folder, i.ToString("D4", CultureInfo.InvariantCulture));
                Directory.CreateDirectory(slot);
                progress?.Invoke(new UploadProgress("receive", i, files.Count));
                if (string.Equals(Path.GetExtension(name), ".zip", StringComparison.OrdinalIgnoreCase))
                {
                    if (await UnpackAsync(file, slot, unpacked, ct) is { } problem)
                    {
                        refused.Add(new UploadOutcome(name, null, "rejected", problem));
                        continue;
                    }

                    var unpackedFolder = Path.Combine(slot, "files");
                    paths.Add(unpackedFolder);
                    names[unpackedFolder + Path.DirectorySeparatorChar] = name + "/";
                }
                else
                {
                    var path = Path.Combine(slot, name);
                    if (file.Size > MaxFileBytes || !await CopyBoundedAsync(file.Open, path, MaxFileBytes, ct))
                    {
                        refused.Add(new UploadOutcome(name, null, "rejected", $"larger than {Megabytes(MaxFileBytes)}"));
                        continue;
                    }

                    paths.Add(path);
                    names[path] = name;
                }
            }

            progress?.Invoke(new UploadProgress("receive", files.Count, files.Count));
            var results = paths.Count == 0 ? [] : (await IngestAsync(paths, progress, ct)).Files;
            var outcomes = results.Select(r => new UploadOutcome(
                DisplayName(r.Path, names), r.ArticleId, r.Outcome.ToString().ToLowerInvariant(), r.Detail)).ToList();
            outcomes.AddRange(refused);
            return new UploadReport(outcomes);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is the OS's to clean; the import itself is done.
            }
        }
    }

    /// <summary>What the <c>ingest</c> command does with paths: the same store preparation, the same service.</summary>
    private async Task<IngestRun> IngestAsync(List<string> paths, Action<UploadProgress>? progress, CancellationToken ct)
    {
        try
        {
            var reference = await ArchiveStartup.PrepareStoreAsync(
                contexts, ArchiveConfiguration.SeedsPath(configuration, environment.ContentRootPath), ct);
            var service = new IngestionService(contexts, reference);
            return await service.IngestAsync(paths, p => progress?.Invoke(new UploadProgress("ingest", p.Done, p.Total)), ct);
        }
        catch (Exception e) when (IngestStoreException.Classify(e) is { } failure)
        {
            var store = e as IngestStoreException ?? IngestStoreException.From(failure, e);
            throw new UploadRefusedException(store.Message, StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>
    /// Unpacks a zip into <paramref name="slot"/>, or says why it is refused whole: too large, not a zip, too many
    /// entries, an entry that would land outside the folder (<c>..</c>, an absolute path, a drive), one file over the
    /// file limit, or more bytes than the upload's budget. Sizes are counted while reading, not taken from the headers.
    /// </summary>
    private static async Task<string?> UnpackAsync(UploadedFile file, string slot, Budget unpacked, CancellationToken ct)
    {
        var zipPath = Path.Combine(slot, "upload.zip");
        if (!await CopyBoundedAsync(file.Open, zipPath, MaxUploadBytes, ct))
        {
            return $"larger than {Megabytes(MaxUploadBytes)}";
        }

        var target = Path.Combine(slot, "files");
        Directory.CreateDirectory(target);
        try
        {
            await using var archive = await ZipFile.OpenReadAsync(zipPath, ct);
            if (archive.Entries.Count > MaxZipEntries)
            {
                return $"the zip holds {archive.Entries.Count} entries; the limit is {MaxZipEntries}";
            }

            var articles = 0;
            foreach (var entry in archive.Entries)
            {
                if (EntryPath(entry.FullName, target) is not { } path)
                {
                    return $"the zip entry '{entry.FullName}' would be written outside the upload (a '..' or absolute path): the zip is refused";
                }

                if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
                {
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var limit = Math.Min(MaxFileBytes, unpacked.Left);
                if (!await CopyBoundedAsync(entry.Open, path, limit, ct))
                {
                    return limit < MaxFileBytes
                        ? $"the zip unpacks to more than {Megabytes(MaxUnpackedBytes)}: the zip is refused"
                        : $"the zip entry '{entry.FullName}' is larger than {Megabytes(MaxFileBytes)}: the zip is refused";
                }

                unpacked.Spend(new FileInfo(path).Length);
                if (ArticleParser.SupportedExtensions.Contains(Path.GetExtension(path)))
                {
                    articles++;
                }
            }

            if (articles == 0)
            {
                return "the zip holds no .txt or .md file";
            }
        }
        catch (InvalidDataException e)
        {
            return $"not a readable zip ({e.Message})";
        }
        finally
        {
            File.Delete(zipPath);
        }

        return null;
    }

    /// <summary>Where a zip entry goes under <paramref name="target"/>, or null when its name would leave it.</summary>
    internal static string? EntryPath(string entryName, string target)
    {
        var name = entryName.Replace('\\', '/');
        if (name.Length == 0 || name.StartsWith('/') || (name.Length > 1 && name[1] == ':') || name.Any(char.IsControl))
        {
            return null;
        }

        var segments = name.TrimEnd('/').Split('/');
        if (segments.Any(s => s is ".." or "." or ""))
        {
            return null;
        }

        var root = Path.GetFullPath(target) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine([root, .. segments]));
        return full.StartsWith(root, StringComparison.Ordinal) ? full : null;
    }

    /// <summary>
    /// The browser's file name without any folder part, control characters or leading dots; the article id comes
    /// from it (docs/ingestion.md), so it is otherwise kept as it is.
    /// </summary>
    internal static string SafeFileName(string name)
    {
        var last = name.Replace('\\', '/').Split('/').Last();
        var clean = new string([.. last.Where(c => !char.IsControl(c))]).Trim().TrimStart('.');
        return clean.Length == 0 ? "upload" : clean;
    }

    /// <summary>Copies at most <paramref name="limit"/> bytes; false (and nothing kept) when the source holds more.</summary>
    private static async Task<bool> CopyBoundedAsync(Func<CancellationToken, Stream> open, string path, long limit, CancellationToken ct)
    {
        await using (var source = open(ct))
        await using (var target = File.Create(path))
        {
            var buffer = new byte[81920];
            long written = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                written += read;
                if (written > limit)
                {
                    break;
                }

                await target.WriteAsync(buffer.AsMemory(0, read), ct);
            }

            if (written <= limit)
            {
                return true;
            }
        }

        File.Delete(path);
        return false;
    }

    private static async Task<bool> CopyBoundedAsync(Func<Stream> open, string path, long limit, CancellationToken ct) =>
        await CopyBoundedAsync(_ => open(), path, limit, ct);

    private static string DisplayName(string path, Dictionary<string, string> names)
    {
        if (names.TryGetValue(path, out var name))
        {
            return name;
        }

        var zip = names.FirstOrDefault(n => n.Key.EndsWith(Path.DirectorySeparatorChar) && path.StartsWith(n.Key, StringComparison.Ordinal));
        if (zip.Key is null)
        {
            return Path.GetFileName(path);
        }

        var inside = Path.GetRelativePath(zip.Key, path).Replace('\\', '/');
        return zip.Value + inside;
    }

    internal static string Megabytes(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB");

    /// <summary>The bytes the zips of one upload may still unpack to.</summary>
    private sealed class Budget(long total)
    {
        public long Left { get; private set; } = total;

        public void Spend(long bytes) => Left -= bytes;
    }
}
