using System.Globalization;

namespace ArabicNewsArchive.Stories;

/// <summary>
/// The stem counts of many articles with every stem numbered once, in first-seen order (article order, then each
/// article's own order): a full regroup over 100k articles then holds two small int arrays per article instead of a
/// dictionary of strings, and the stored <see cref="ArticleStoryFeatures.Terms"/> are parsed without a string per stem.
/// </summary>
internal sealed class StoryTermTable
{
    private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
    private int[] _seen = [];

    /// <summary>Each stem once, at its number.</summary>
    public List<string> Stems { get; } = [];

    /// <summary>Per article: its stems' numbers in its own order.</summary>
    public List<int[]> Terms { get; } = [];

    /// <summary>Per article: the count of each of <see cref="Terms"/>.</summary>
    public List<int[]> Counts { get; } = [];

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

        Terms.Add(terms);
        Counts.Add(counts);
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

        var terms = new List<int>(64);
        var counts = new List<int>(64);
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

        Terms.Add([.. terms]);
        Counts.Add([.. counts]);
    }

    /// <summary>Adds the text form ("stem:count" separated by spaces), read as <see cref="ArticleStoryFeatures.ParseTerms"/> reads it.</summary>
    public void AddStored(ReadOnlySpan<char> stored)
    {
        var terms = new List<int>(64);
        var counts = new List<int>(64);
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

        Terms.Add([.. terms]);
        Counts.Add([.. counts]);
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
