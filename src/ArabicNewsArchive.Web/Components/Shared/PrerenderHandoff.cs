namespace ArabicNewsArchive.Web.Components.Shared;

/// <summary>
/// Hands what a page read while prerendering to the same page's circuit when it connects, so a view reads the store
/// once. Only a random key travels through the browser (a <c>[PersistentState]</c> property); the read model stays
/// here. Persisting the model itself put 40 KB and more (a long article's part: ~190 KB) in the page and sent it back
/// over the circuit's hub, past SignalR's 32 KB receive limit: the hub closed the connection and the page never became
/// interactive (docs/performance.md).
/// </summary>
/// <remarks>
/// Bounded: at most <see cref="Capacity"/> entries, each for at most <see cref="Lifetime"/>, and an entry is taken
/// once. A prerender whose circuit never connects (a crawler, curl, wrk) only ages out; past the bound, or on another
/// server, the circuit misses and reads the store as before.
/// </remarks>
public sealed class PrerenderHandoff(TimeProvider time)
{
    /// <summary>
    /// Entries kept at most: at a few hundred KB for the longest article part, a few MB at worst, and few enough that
    /// under a flood of prerenders (wrk) each dies young instead of being promoted to the GC's oldest generation.
    /// </summary>
    public const int Capacity = 64;

    /// <summary>A circuit connects within a second or two of its prerender; a minute covers a slow phone.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (object Model, long Stamp)> _entries = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Keeps <paramref name="model"/> for the circuit and returns its key (to persist in the page).</summary>
    public string Put(object model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var key = Guid.NewGuid().ToString("N");
        var now = time.GetTimestamp();
        lock (_lock)
        {
            _entries[key] = (model, now);
            _order.Enqueue(key);
            // Oldest first, so the queue (which also holds keys already taken) never passes the capacity.
            while (_order.Count > Capacity)
            {
                _entries.Remove(_order.Dequeue());
            }
        }

        return key;
    }

    /// <summary>The model kept under <paramref name="key"/> if it is a <typeparamref name="T"/> and still fresh; removed.</summary>
    public T? Take<T>(string? key)
        where T : class
    {
        if (key is null)
        {
            return null;
        }

        (object Model, long Stamp) entry;
        lock (_lock)
        {
            if (!_entries.Remove(key, out entry))
            {
                return null;
            }
        }

        return time.GetElapsedTime(entry.Stamp) <= Lifetime ? entry.Model as T : null;
    }

    /// <summary>Entries held now (tests check the bound).</summary>
    internal int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }
}
