using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ArabicNewsArchive.Ingestion;

/// <summary>Why a run could not write to the store at all (as opposed to one file being refused).</summary>
public enum StoreFailure
{
    /// <summary>The disk (or the store's size limit) is full.</summary>
    DiskFull,

    /// <summary>The store is read-only or cannot be opened for writing.</summary>
    ReadOnly,

    /// <summary>Another ingest holds the store's writer lock longer than the run would wait.</summary>
    Busy,
}

/// <summary>
/// A run stopped because the store cannot be written: every file after it would fail the same way, so it is one
/// clear error (and its own exit code in the <c>ingest</c> command), not thousands of "rejected" lines.
/// </summary>
public sealed class IngestStoreException(StoreFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public StoreFailure Failure { get; } = failure;

    /// <summary>The store failure an exception stands for, or null when it concerns one file (or is no store error).</summary>
    public static StoreFailure? Classify(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case IngestStoreException store:
                    return store.Failure;
                // SQLITE_FULL (also past PRAGMA max_page_count); SQLITE_READONLY; SQLITE_CANTOPEN.
                case SqliteException { SqliteErrorCode: 13 }:
                    return StoreFailure.DiskFull;
                case SqliteException { SqliteErrorCode: 8 or 14 }:
                    return StoreFailure.ReadOnly;
                // ENOSPC from the lock file or a journal written by .NET itself.
                case IOException io when (io.HResult & 0xFFFF) == 28 || io.Message.Contains("No space left", StringComparison.Ordinal):
                    return StoreFailure.DiskFull;
            }
        }

        return null;
    }

    /// <summary>The exception for a store failure, with a message a person can act on.</summary>
    public static IngestStoreException From(StoreFailure failure, Exception inner) => new(failure, failure switch
    {
        StoreFailure.DiskFull => $"the store's disk is full: nothing more can be written ({inner.Message}); free space and run the ingest again (files already stored stay stored)",
        StoreFailure.ReadOnly => $"the store is read-only or cannot be opened for writing ({inner.Message}); check the file's and the folder's permissions, or the file system",
        _ => inner.Message,
    }, inner);
}

/// <summary>
/// One writer per store: an exclusive lock on a file beside the database (<c>archive.db.ingest-lock</c>) for the whole
/// run. A second ingest waits for it (bounded), then refuses with <see cref="StoreFailure.Busy"/>; without it both
/// runs would take the same files for new and one would report every one as "UNIQUE constraint failed".
/// </summary>
public sealed class IngestLock : IDisposable
{
    private readonly FileStream? _stream;

    private IngestLock(FileStream? stream) => _stream = stream;

    /// <summary>The lock for the store at <paramref name="dataSource"/>; nothing to lock for an in-memory store.</summary>
    public static async Task<IngestLock> AcquireAsync(string? dataSource, TimeSpan wait, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file::memory:", StringComparison.Ordinal))
        {
            return new IngestLock(null);
        }

        var path = Path.GetFullPath(dataSource) + ".ingest-lock";
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Unix and a sharing lock on Windows: held until disposed,
                // dropped by the system if the process dies.
                return new IngestLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            // EWOULDBLOCK (11) on Unix; a sharing or lock violation (32, 33) on Windows.
            catch (IOException e) when ((e.HResult & 0xFFFF) is 11 or 32 or 33)
            {
                if (waited.Elapsed >= wait)
                {
                    throw new IngestStoreException(StoreFailure.Busy,
                        $"another ingest is writing to this store (it holds {path}); waited {wait.TotalSeconds:0} s, try again when it is done", e);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
            catch (UnauthorizedAccessException e)
            {
                throw IngestStoreException.From(StoreFailure.ReadOnly, e);
            }
            catch (IOException e) when (IngestStoreException.Classify(e) is { } failure)
            {
                throw IngestStoreException.From(failure, e);
            }
        }
    }

    public void Dispose() => _stream?.Dispose();
}
