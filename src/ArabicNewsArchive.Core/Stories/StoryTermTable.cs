using System.Globalization;

namespace ArabicNewsArchive.Stories;

/// <summary>
/// The stem counts of many articles with every stem numbered once, in first-seen order (article order, then each
/// article's own order): a full regroup over 100k articles then holds two small int arrays per article instead of a
/// dictionary of strings, and the stored <see cref="ArticleStoryFeatures.Terms"/> are parsed without a string per stem.
/// Counts are kept as <see cref="ushort"/>s (a count of an article's stem is small): the full regroup's vectors are
/// these rows themselves (<see cref="StoryVectors"/>), 6 bytes per stem and article.
/// </summary>
internal sealed class StoryTermTable
{
    private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
    private int[] _seen = [];

    // One row's entries as they are parsed (rows are added on one thread), copied out at the row's end.
    private readonly List<int> _rowTerms = new(256);
    private readonly List<int> _rowCounts = new(256);

    /// <summary>Each stem once, at its number.</summary>
    public List<string> Stems { get; } = [];

    /// <summary>Per article: its stems' numbers in its own order.</summary>
    public List<int[]> Terms { get; } = [];

    /// <summary>
    /// Per article: the count of each of <see cref="Terms"/>, when all are 1 to <see cref="StoryVectors.MaxCount"/>;
    /// null otherwise, and <see cref="WideCounts"/> holds the row's counts.
    /// </summary>
    public List<ushort[]?> Counts { get; } = [];

    /// <summary>The counts of the rows a <see cref="ushort"/> cannot hold (a stem written tens of thousands of times), by row.</summary>
    public Dictionary<int, int[]> WideCounts { get; } = [];

    /// <summary>The count of the <paramref name="k"/>-th stem of row <paramref name="row"/>.</summary>
    public int CountOf(int row, int k) => Counts[row] is { } counts ? counts[k] : WideCounts[row][k];

    public void Add(Dictionary<string, int> termCounts)
    {
        var terms = new int[termCounts.Count];
        var counts = new int[termCounts.Count];
        var k = 0;
        foreach (var (stem, count) in termCounts)
        {
            (terms[k], counts[k]) = (Number(stem), count);
            k++;
        }

        AddRow(terms, counts);
    }

    /// <summary>Adds a stored value as the column holds it (<see cref="StoredTerms"/>: the compact form, or the old text's UTF-8).</summary>
    public void AddStored(ReadOnlySpan<byte> stored)
    {
        if (!StoredTerms.IsCompact(stored))
        {
            AddStored(StoredTerms.Decode(stored));
            return;
        }

        stored = StoredTerms.Inflated(stored);

        var (terms, counts) = (_rowTerms, _rowCounts);
        terms.Clear();
        counts.Clear();
        var row = Terms.Count + 1;
        var lookup = _numbers.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> stem = stackalloc char[64];
        var position = 1;
        while (StoredTerms.ReadEntry(stored, ref position, ref stem, out var length, out var count))
        {
            if (!lookup.TryGetValue(stem[..length], out var number))
            {
                number = Number(stem[..length].ToString());
            }

            Add(terms, counts, row, number, count);
        }

        AddRow(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(terms), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(counts));
    }

    /// <summary>Adds the text form ("stem:count" separated by spaces), read as <see cref="ArticleStoryFeatures.ParseTerms"/> reads it.</summary>
    public void AddStored(ReadOnlySpan<char> stored)
    {
        var (terms, counts) = (_rowTerms, _rowCounts);
        terms.Clear();
        counts.Clear();
        var row = Terms.Count + 1;
        var lookup = _numbers.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var range in stored.Split(' '))
        {
            var entry = stored[range];
            var colon = entry.LastIndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var count = int.Parse(entry[(colon + 1)..], CultureInfo.InvariantCulture);
            if (!lookup.TryGetValue(entry[..colon], out var number))
            {
                number = Number(entry[..colon].ToString());
            }

            Add(terms, counts, row, number, count);
        }

        AddRow(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(terms), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(counts));
    }

    private void AddRow(ReadOnlySpan<int> terms, ReadOnlySpan<int> counts)
    {
        Terms.Add(terms.ToArray());
        var compact = new ushort[counts.Length];
        for (var k = 0; k < counts.Length; k++)
        {
            if (counts[k] is < 1 or > StoryVectors.MaxCount)
            {
                WideCounts[Terms.Count - 1] = counts.ToArray();
                Counts.Add(null);
                return;
            }

            compact[k] = (ushort)counts[k];
        }

        Counts.Add(compact);
    }

    private void Add(List<int> terms, List<int> counts, int row, int number, int count)
    {
        if (number >= _seen.Length)
        {
            Array.Resize(ref _seen, Math.Max(number + 1, _seen.Length * 2));
        }

        // A stem written twice keeps its first place and its last count (ParseTerms: result[stem] = count).
        if (_seen[number] == row)
        {
            counts[terms.IndexOf(number)] = count;
            return;
        }

        _seen[number] = row;
        terms.Add(number);
        counts.Add(count);
    }

    private int Number(string stem)
    {
        if (!_numbers.TryGetValue(stem, out var number))
        {
            number = Stems.Count;
            _numbers[stem] = number;
            Stems.Add(stem);
        }

        return number;
    }
}
