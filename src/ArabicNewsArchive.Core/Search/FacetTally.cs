namespace ArabicNewsArchive.Search;

/// <summary>
/// One search's facet counts, as long as the archive's people (~30,000 at 100k articles), topics, outlets and
/// months: rented from the shared pool and cleared, and given back once the facets are listed. A new array of
/// people per search was ~120 KB of garbage per view of the search page, which the server GC let pile up to over
/// a gigabyte under load (docs/performance.md). A rented array may be longer than asked: only its first
/// <see cref="SearchSnapshot.People"/>.Length (and so on) entries count.
/// </summary>
internal sealed class FacetTally : IDisposable
{
    private FacetTally(int people, int topics, int outlets, int months)
    {
        Persons = Rent(people);
        Topics = Rent(topics);
        Outlets = Rent(outlets);
        Months = Rent(months);
        (_people, _topics, _outlets, _months) = (people, topics, outlets, months);
    }

    private readonly int _people;
    private readonly int _topics;
    private readonly int _outlets;
    private readonly int _months;
    private int _returned;

    public int[] Persons { get; }

    public int[] Topics { get; }

    public int[] Outlets { get; }

    public int[] Months { get; }

    public static FacetTally Rent(SearchSnapshot snap) =>
        new(snap.People.Length, snap.TopicMeta.Length, snap.OutletMeta.Length, snap.Months.Length);

    /// <summary>Adds another tally's counts to this one's.</summary>
    public void Add(FacetTally other)
    {
        AddTo(Persons, other.Persons, _people);
        AddTo(Topics, other.Topics, _topics);
        AddTo(Outlets, other.Outlets, _outlets);
        AddTo(Months, other.Months, _months);
    }

    public void Dispose()
    {
        // Once only: an array given back twice would be handed to two searches at once.
        if (Interlocked.Exchange(ref _returned, 1) == 0)
        {
            System.Buffers.ArrayPool<int>.Shared.Return(Persons);
            System.Buffers.ArrayPool<int>.Shared.Return(Topics);
            System.Buffers.ArrayPool<int>.Shared.Return(Outlets);
            System.Buffers.ArrayPool<int>.Shared.Return(Months);
        }
    }

    private static int[] Rent(int length)
    {
        var array = System.Buffers.ArrayPool<int>.Shared.Rent(Math.Max(1, length));
        Array.Clear(array, 0, length);
        return array;
    }

    private static void AddTo(int[] into, int[] counts, int length)
    {
        for (var i = 0; i < length; i++)
        {
            into[i] += counts[i];
        }
    }
}
