namespace ArabicNewsArchive.Stories;

/// <summary>
/// The scored pairs of a full regroup, appended in pair order into blocks of a fixed size: a list grown by doubling
/// held up to twice the pairs it had (and both arrays while it copied), millions of 16-byte entries at 100k articles.
/// </summary>
internal sealed class ScoredPairs : IReadOnlyList<(int A, int B, double Score)>
{
    private const int BlockBits = 16;
    private const int BlockSize = 1 << BlockBits;

    private readonly List<(int A, int B, double Score)[]> _blocks = [];

    public int Count { get; private set; }

    public (int A, int B, double Score) this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _blocks[index >> BlockBits][index & (BlockSize - 1)];
        }
    }

    public void Add(int a, int b, double score)
    {
        if ((Count & (BlockSize - 1)) == 0)
        {
            _blocks.Add(new (int, int, double)[BlockSize]);
        }

        _blocks[^1][Count & (BlockSize - 1)] = (a, b, score);
        Count++;
    }

    public IEnumerator<(int A, int B, double Score)> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _blocks[i >> BlockBits][i & (BlockSize - 1)];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
