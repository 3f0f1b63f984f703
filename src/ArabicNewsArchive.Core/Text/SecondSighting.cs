namespace ArabicNewsArchive.Text;

/// <summary>
/// Which words were met before, in a fixed set of bits (128 KB): a bounded cache that keeps a word on its second
/// sighting instead of its first fills with the words that come back. Kept on the first, the caches filled within
/// a few thousand articles of news (a fifth of the word cache's slots with words met once in 10k ANT articles) and
/// then missed every other word for the rest of the run (docs/performance.md). A word sharing its bit with one met before is taken as met: it is kept
/// a little early, which costs a slot and nothing else. Safe to share between threads (a lost bit only delays a word).
/// </summary>
internal sealed class SecondSighting
{
    private const int Bits = 1 << 20;

    private readonly long[] _seen = new long[Bits / 64];

    /// <summary>True when <paramref name="word"/> was met before; marks it met.</summary>
    public bool Again(ReadOnlySpan<char> word)
    {
        // FNV-1a: the same bits from one run to the next (string hashes are seeded per process).
        var hash = 2166136261u;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 16777619u;
        }

        var bit = hash & (Bits - 1);
        var mask = 1L << (int)(bit & 63);
        ref var slot = ref _seen[bit >> 6];
        if ((Volatile.Read(ref slot) & mask) != 0)
        {
            return true;
        }

        Interlocked.Or(ref slot, mask);
        return false;
    }
}
