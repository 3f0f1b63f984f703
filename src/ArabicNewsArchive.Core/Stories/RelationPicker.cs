namespace ArabicNewsArchive.Stories;

/// <summary>
/// Takes the scored pairs of a grouping one at a time, in pair order, and keeps only what the grouping uses of them:
/// each article's <c>max</c> closest pairs (ties to the earlier pair, as a stable sort by score, descending, then a
/// Take keeps them) and the pairs that propose a story (at or above its threshold, dates permitting). Holding every
/// scored pair until they were all known took 16 bytes per pair, and twice that to list them per article: millions of
/// pairs at 100k articles, where the articles' closest take 16 bytes × 10 per article.
/// </summary>
internal sealed class RelationPicker
{
    private readonly int _max;
    private readonly Func<int, int, double, bool> _proposes;
    private readonly int[] _count;
    private readonly int[] _pair;
    private readonly int[] _other;
    private readonly double[] _score;

    /// <param name="n">The number of articles.</param>
    /// <param name="max">How many closest pairs each article keeps.</param>
    /// <param name="proposes">Whether a pair (first, second, score) proposes a story.</param>
    public RelationPicker(int n, int max, Func<int, int, double, bool> proposes)
    {
        (_max, _proposes) = (max, proposes);
        _count = new int[n];
        _pair = new int[n * max];
        _other = new int[n * max];
        _score = new double[n * max];
    }

    /// <summary>How many pairs were added.</summary>
    public int Pairs { get; private set; }

    /// <summary>The pairs that propose a story, in pair order.</summary>
    public List<(int A, int B, double Score)> Proposals { get; } = [];

    /// <summary>Adds the next pair, <paramref name="a"/> its first article.</summary>
    public void Add(int a, int b, double score)
    {
        var k = Pairs++;
        // The second article's slot holds the first's complement: a kept pair keeps its orientation.
        Offer(a, b, k, score);
        Offer(b, ~a, k, score);
        if (_proposes(a, b, score))
        {
            Proposals.Add((a, b, score));
        }
    }

    /// <summary>The pairs some article keeps, each once, in pair order.</summary>
    /// <remarks>
    /// Counted before they are listed: lists grown by doubling left a million pairs' worth of discarded arrays on the
    /// large object heap at 100k articles, garbage until the next full collection.
    /// </remarks>
    public List<(int A, int B, double Score)> Kept()
    {
        var count = 0;
        ForEachKept((_, _, _, _) => count++);
        var kept = new (int K, int A, int B, double Score)[count];
        var at = 0;
        ForEachKept((k, a, b, score) => kept[at++] = (k, a, b, score));
        // Pair numbers are distinct: the order is the same whichever sort.
        Array.Sort(kept, (x, y) => x.K.CompareTo(y.K));
        var pairs = new List<(int A, int B, double Score)>(count);
        foreach (var p in kept)
        {
            pairs.Add((p.A, p.B, p.Score));
        }

        return pairs;
    }

    private void ForEachKept(Action<int, int, int, double> take)
    {
        for (var i = 0; i < _count.Length; i++)
        {
            for (var x = i * _max; x < (i * _max) + _count[i]; x++)
            {
                // From its first article's list, or from the second's when the first did not keep it.
                var other = _other[x];
                if (other >= 0)
                {
                    take(_pair[x], i, other, _score[x]);
                }
                else if (!Keeps(~other, _pair[x]))
                {
                    take(_pair[x], ~other, i, _score[x]);
                }
            }
        }
    }

    private bool Keeps(int i, int pair)
    {
        for (var x = i * _max; x < (i * _max) + _count[i]; x++)
        {
            if (_pair[x] == pair)
            {
                return true;
            }
        }

        return false;
    }

    private void Offer(int i, int other, int pair, double score)
    {
        var start = i * _max;
        var count = _count[i];
        var at = count;
        while (at > 0 && _score[start + at - 1] < score)
        {
            at--;
        }

        if (at >= _max)
        {
            return;
        }

        for (var y = Math.Min(count, _max - 1); y > at; y--)
        {
            (_pair[start + y], _other[start + y], _score[start + y]) = (_pair[start + y - 1], _other[start + y - 1], _score[start + y - 1]);
        }

        (_pair[start + at], _other[start + at], _score[start + at]) = (pair, other, score);
        _count[i] = Math.Min(count + 1, _max);
    }
}
