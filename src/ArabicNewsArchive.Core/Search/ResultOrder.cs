namespace ArabicNewsArchive.Search;

/// <summary>
/// The order of a result: by bm25 score (lower is better, as FTS5 gives it) and then by date order, or by date order
/// alone. The date position is unique per article, so the order is total and the best <c>take</c> documents are
/// exactly the first <c>take</c> of the full sort: a page needs a bounded heap, not a sort of every hit.
/// </summary>
internal static class ResultOrder
{
    /// <summary>Below this many documents a full sort costs no more than the heap.</summary>
    private const int SmallResult = 256;

    /// <param name="docs">The documents of the result, in any order.</param>
    /// <param name="rank">Score per document, or null to sort by date order alone.</param>
    /// <param name="datePos">Position of each document in the date order (newest first).</param>
    /// <param name="take">How many of the best documents to return, in order.</param>
    public static List<int> Best(List<int> docs, double[]? rank, int[] datePos, int take)
    {
        take = Math.Clamp(take, 0, docs.Count);
        if (take == 0)
        {
            return [];
        }

        if (docs.Count <= SmallResult || take > docs.Count / 4)
        {
            var all = new List<int>(docs);
            all.Sort(rank is null ? (x, y) => datePos[x].CompareTo(datePos[y]) : (x, y) => Compare(new Key(rank[x], datePos[x]), new Key(rank[y], datePos[y])));
            if (all.Count > take)
            {
                all.RemoveRange(take, all.Count - take);
            }

            return all;
        }

        // A max-heap of the best so far: its root is the worst kept, which each further document must beat. The root's
        // key is kept in locals: at 70k hits (a 2-letter prefix) nearly every document loses to it, and the check
        // against it (score first, the date position only on a tie) is most of the loop.
        var heap = new PriorityQueue<int, Key>(take + 1, WorstFirst.Instance);
        var worst = default(Key);
        foreach (var d in docs)
        {
            var key = new Key(rank?[d] ?? 0, datePos[d]);
            if (heap.Count < take)
            {
                heap.Enqueue(d, key);
                if (heap.Count == take)
                {
                    heap.TryPeek(out _, out worst);
                }
            }
            else if (Compare(key, worst) < 0)
            {
                heap.EnqueueDequeue(d, key);
                heap.TryPeek(out _, out worst);
            }
        }

        var result = new int[heap.Count];
        for (var k = result.Length - 1; k >= 0; k--)
        {
            result[k] = heap.Dequeue();
        }

        return [.. result];
    }

    private readonly record struct Key(double Rank, int DatePos);

    private static int Compare(Key a, Key b)
    {
        var c = a.Rank.CompareTo(b.Rank);
        return c != 0 ? c : a.DatePos.CompareTo(b.DatePos);
    }

    private sealed class WorstFirst : IComparer<Key>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare(Key x, Key y) => ResultOrder.Compare(y, x);
    }
}
