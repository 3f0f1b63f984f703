using Microsoft.Data.Sqlite;

namespace ArabicNewsArchive.Store;

/// <summary>
/// Copies the WAL into the database file on a connection and thread of its own, after each commit it is told of, so
/// that a bulk writer never waits for a checkpoint's writes and fsyncs. A passive checkpoint runs beside a writer
/// (WAL mode allows it); once it has copied every frame, the writer's next transaction starts the WAL from the top,
/// so the WAL stays around a batch or two long.
/// </summary>
/// <remarks>
/// A failed checkpoint loses nothing: the frames stay in the WAL, committed, and the writer's own auto-checkpoint
/// (left on, at its bulk threshold) or the next checkpoint copies them. So the first failure stops the loop quietly;
/// <see cref="Failure"/> keeps it.
/// </remarks>
public sealed class BackgroundCheckpointer : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Task _loop;
    private int _requested;
    private int _checkpoints;
    private bool _stopping;

    public BackgroundCheckpointer(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        // Its own thread: a checkpoint blocks in write() and fsync() for up to seconds, which a pool thread should not.
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>How many checkpoints ran.</summary>
    public int Checkpoints => Volatile.Read(ref _checkpoints);

    /// <summary>The error that stopped the loop, if one did.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Asks for a checkpoint of what is committed now. Requests made while one runs are merged into the next.</summary>
    public void Committed()
    {
        if (Interlocked.Exchange(ref _requested, 1) == 0)
        {
            _signal.Release();
        }
    }

    private void Run()
    {
        try
        {
            _connection.Open();
            using var checkpoint = _connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            while (true)
            {
                _signal.Wait();
                if (Volatile.Read(ref _stopping))
                {
                    return;
                }

                Volatile.Write(ref _requested, 0);
                checkpoint.ExecuteNonQuery();
                Interlocked.Increment(ref _checkpoints);
            }
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            Failure = e;
        }
    }

    /// <summary>Waits for a checkpoint under way (never starts another) and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _stopping, true);
        _signal.Release();
        await _loop;
        await _connection.DisposeAsync();
        _signal.Dispose();
    }
}
