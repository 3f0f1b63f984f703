using System.Runtime.ExceptionServices;

namespace ArabicNewsArchive.Ingestion;

/// <summary>
/// A loop over items 0..count-1 that any number of threads work through together, each taking the next item when it
/// is free. The preparing side of ingestion runs its read and analysis loops this way so that the writer, while it
/// waits for the next batch, can take items too (see <see cref="SharedLoops"/>). Every item runs exactly once; after
/// the first failure the items not started yet are skipped, and <see cref="RunAsync"/> throws it.
/// </summary>
internal sealed class SharedLoop
{
    private readonly int _count;
    private readonly Func<int, CancellationToken, ValueTask> _body;
    private readonly CancellationToken _ct;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _next = -1;
    private int _left;
    private Exception? _error;

    public SharedLoop(int count, Func<int, CancellationToken, ValueTask> body, CancellationToken ct)
    {
        _count = count;
        _left = count;
        _body = body;
        _ct = ct;
    }

    /// <summary>Some item is not taken yet (a thread that joins now would get one).</summary>
    public bool HasWork => Volatile.Read(ref _next) < _count - 1;

    /// <summary>Takes and runs items until none is left to take; returns how many this caller ran.</summary>
    public async Task<int> HelpAsync()
    {
        var ran = 0;
        int i;
        while ((i = Interlocked.Increment(ref _next)) < _count)
        {
            if (Volatile.Read(ref _error) is null && !_ct.IsCancellationRequested)
            {
                try
                {
                    await _body(i, _ct);
                    ran++;
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _error, e, null);
                }
            }

            if (Interlocked.Decrement(ref _left) == 0)
            {
                _done.TrySetResult();
            }
        }

        return ran;
    }

    /// <summary>
    /// Works through the items on <paramref name="threads"/> threads (the caller's and more from the pool), with
    /// whoever joins through <see cref="HelpAsync"/>, and returns when every item has finished, wherever it ran.
    /// </summary>
    public async Task RunAsync(int threads)
    {
        if (_count > 0)
        {
            var others = Enumerable.Range(1, Math.Min(threads, _count) - 1).Select(_ => Task.Run(HelpAsync)).ToList();
            await HelpAsync();
            await Task.WhenAll(others);
            await _done.Task;
        }

        _ct.ThrowIfCancellationRequested();
        if (_error is { } error)
        {
            ExceptionDispatchInfo.Throw(error);
        }
    }
}

/// <summary>
/// The loop the preparing side of an ingestion run is working through now, for the writer to join while it waits:
/// on two cores the preparing side gets one core to itself and is the slower side, and the writer's core would
/// otherwise idle between batches.
/// </summary>
internal sealed class SharedLoops
{
    private readonly Lock _lock = new();
    private SharedLoop? _current;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs <paramref name="loop"/> on <paramref name="threads"/> threads, open to helpers meanwhile.</summary>
    public async Task RunAsync(SharedLoop loop, int threads)
    {
        Set(loop);
        try
        {
            await loop.RunAsync(threads);
        }
        finally
        {
            Set(null);
        }
    }

    /// <summary>
    /// Helps with the open loops until <paramref name="ready"/> completes, waiting (not spinning) while there is
    /// nothing to take; returns how many items this caller ran. It never throws for an item: the loop's owner does.
    /// </summary>
    public async Task<int> HelpUntilAsync(Task ready)
    {
        var ran = 0;
        while (!ready.IsCompleted)
        {
            SharedLoop? loop;
            Task changed;
            lock (_lock)
            {
                loop = _current;
                changed = _changed.Task;
            }

            if (loop is { HasWork: true })
            {
                ran += await loop.HelpAsync();
            }
            else
            {
                await Task.WhenAny(ready, changed);
            }
        }

        return ran;
    }

    private void Set(SharedLoop? loop)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _current = loop;
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
