using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ArabicNewsArchive.People.Recognition;

/// <summary>
/// The BIO labels (O, then B and I of each <see cref="EntityKind"/>) and the decoders over them. An I label may only
/// follow the B or I of its own kind, and no segment starts with one: the decoders never produce such a sequence.
/// </summary>
internal static class TagSet
{
    public const int Count = 9;
    public const int Outside = 0;

    public static readonly string[] Names = ["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"];

    // Allowed(previous, next) as a table, row Count for the segment's start: the decoders ask it 81 times a token.
    private static readonly bool[] s_allowed = BuildAllowed();

    public static int Begin(EntityKind kind) => 1 + (2 * (int)kind);

    public static int Inside(EntityKind kind) => 2 + (2 * (int)kind);

    public static bool IsBegin(int label) => label != Outside && label % 2 == 1;

    public static bool IsInside(int label) => label != Outside && label % 2 == 0;

    public static EntityKind KindOf(int label) => (EntityKind)((label - 1) / 2);

    /// <summary>
    /// The entity spans of a BIO label sequence, in order: a span starts at any label that is not O and runs while the
    /// labels are Inside of the same kind (an I after O or after another kind starts a span of its own).
    /// </summary>
    public static List<(EntityKind Kind, int First, int Last)> Spans(ReadOnlySpan<int> labels)
    {
        var spans = new List<(EntityKind, int, int)>();
        var i = 0;
        while (i < labels.Length)
        {
            if (labels[i] == Outside)
            {
                i++;
                continue;
            }

            var kind = KindOf(labels[i]);
            var j = i + 1;
            while (j < labels.Length && IsInside(labels[j]) && KindOf(labels[j]) == kind)
            {
                j++;
            }

            spans.Add((kind, i, j - 1));
            i = j;
        }

        return spans;
    }

    /// <summary>
    /// Adds a row of <see cref="Count"/> label scores to <paramref name="scores"/>: eight lanes at once and the ninth
    /// alone. Each label's sum is still added in the caller's order, so the floats are the same as one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddRow(Span<float> scores, ReadOnlySpan<float> row)
    {
        if (Vector256.IsHardwareAccelerated && scores.Length >= Count && row.Length >= Count)
        {
            ref var s = ref MemoryMarshal.GetReference(scores);
            ref var r = ref MemoryMarshal.GetReference(row);
            (Vector256.LoadUnsafe(ref s) + Vector256.LoadUnsafe(ref r)).StoreUnsafe(ref s);
            Unsafe.Add(ref s, 8) += Unsafe.Add(ref r, 8);
            return;
        }

        for (var y = 0; y < Count; y++)
        {
            scores[y] += row[y];
        }
    }

    public static int Parse(string tag)
    {
        var i = Array.IndexOf(Names, tag);
        return i >= 0 ? i : throw new FormatException($"Unknown tag '{tag}'.");
    }

    /// <summary>True when <paramref name="next"/> may follow <paramref name="previous"/> (-1: the segment's start).</summary>
    public static bool Allowed(int previous, int next) =>
        !IsInside(next) || (previous >= 0 && previous != Outside && KindOf(previous) == KindOf(next));

    /// <summary>
    /// The best label sequence for <paramref name="emissions"/> (<paramref name="length"/> rows of <see cref="Count"/>)
    /// under <paramref name="transitions"/> (<see cref="Count"/>² from-to, then <see cref="Count"/> start scores).
    /// </summary>
    public static void Viterbi(ReadOnlySpan<float> emissions, int length, ReadOnlySpan<float> transitions, Span<int> labels)
    {
        if (length == 0)
        {
            return;
        }

        // Segments are at most TaggerFeatures.MaxSegment tokens long: the tables fit on the stack.
        var cells = length * Count;
        var score = cells <= 1024 ? stackalloc float[cells] : new float[cells];
        var back = cells <= 1024 ? stackalloc byte[cells] : new byte[cells];
        // Disallowed moves get -∞ once, so the inner loop has no branch but the max.
        Span<float> moves = stackalloc float[(Count + 1) * Count];
        for (var i = 0; i < moves.Length; i++)
        {
            moves[i] = s_allowed[i] ? transitions[i] : float.NegativeInfinity;
        }

        for (var y = 0; y < Count; y++)
        {
            score[y] = emissions[y] + moves[(Count * Count) + y];
        }

        for (var t = 1; t < length; t++)
        {
            var row = t * Count;
            var previous = score.Slice(row - Count, Count);
            var from = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                // Labels 0-7 in the lanes of one vector: the same sums and the same first best as the loop below.
                ref var m = ref MemoryMarshal.GetReference(moves);
                var best = Vector256.Create(previous[0]) + Vector256.LoadUnsafe(ref m);
                var arg = Vector256<int>.Zero;
                for (var p = 1; p < Count; p++)
                {
                    var s = Vector256.Create(previous[p]) + Vector256.LoadUnsafe(ref m, (nuint)(p * Count));
                    var better = Vector256.GreaterThan(s, best);
                    best = Vector256.ConditionalSelect(better, s, best);
                    arg = Vector256.ConditionalSelect(better.AsInt32(), Vector256.Create(p), arg);
                }

                (best + Vector256.Create(emissions.Slice(row, 8))).CopyTo(score.Slice(row, 8));
                for (var y = 0; y < 8; y++)
                {
                    back[row + y] = (byte)arg[y];
                }

                from = 8;
            }

            for (var y = from; y < Count; y++)
            {
                var best = previous[0] + moves[y];
                var arg = 0;
                for (var p = 1; p < Count; p++)
                {
                    var s = previous[p] + moves[(p * Count) + y];
                    if (s > best)
                    {
                        best = s;
                        arg = p;
                    }
                }

                score[row + y] = best + emissions[row + y];
                back[row + y] = (byte)arg;
            }
        }

        var last = (length - 1) * Count;
        var bestLabel = 0;
        for (var y = 1; y < Count; y++)
        {
            if (score[last + y] > score[last + bestLabel])
            {
                bestLabel = y;
            }
        }

        for (var t = length - 1; t >= 0; t--)
        {
            labels[t] = bestLabel;
            bestLabel = back[(t * Count) + bestLabel];
        }
    }

    /// <summary>
    /// The marginal probability of each label at each position when the scores, divided by
    /// <paramref name="temperature"/>, are taken as log-potentials of a linear-chain model (forward-backward, scaled).
    /// </summary>
    public static void Marginals(ReadOnlySpan<float> emissions, int length, ReadOnlySpan<float> transitions, float temperature, Span<double> marginals)
    {
        if (length == 0)
        {
            return;
        }

        Span<double> moves = stackalloc double[(Count + 1) * Count];
        TransitionPotentials(transitions, temperature, moves);
        Marginals(emissions, length, moves, temperature, marginals);
    }

    /// <summary>
    /// The transition potentials <see cref="Marginals(ReadOnlySpan{float}, int, ReadOnlySpan{float}, float, Span{double})"/>
    /// reads (exp of the scores over <paramref name="temperature"/>, 0 where a move is not allowed): from-to, then
    /// start, as in <paramref name="transitions"/>. They depend on the model alone, so a tagger makes them once.
    /// </summary>
    public static void TransitionPotentials(ReadOnlySpan<float> transitions, float temperature, Span<double> potentials)
    {
        for (var p = 0; p < Count; p++)
        {
            potentials[(Count * Count) + p] = Allowed(-1, p) ? Math.Exp(transitions[(Count * Count) + p] / temperature) : 0;
            for (var y = 0; y < Count; y++)
            {
                potentials[(p * Count) + y] = Allowed(p, y) ? Math.Exp(transitions[(p * Count) + y] / temperature) : 0;
            }
        }
    }

    /// <summary>As the overload over scores, with the transition potentials made by <see cref="TransitionPotentials"/>.</summary>
    public static void Marginals(ReadOnlySpan<float> emissions, int length, ReadOnlySpan<double> moves, float temperature, Span<double> marginals)
    {
        if (length == 0)
        {
            return;
        }

        var trans = moves[..(Count * Count)];
        var start = moves.Slice(Count * Count, Count);
        var cells = length * Count;
        var alpha = cells <= 1024 ? stackalloc double[cells] : new double[cells];
        var beta = cells <= 1024 ? stackalloc double[cells] : new double[cells];
        var potentials = cells <= 1024 ? stackalloc double[cells] : new double[cells];
        for (var t = 0; t < length; t++)
        {
            var max = float.NegativeInfinity;
            for (var y = 0; y < Count; y++)
            {
                max = Math.Max(max, emissions[(t * Count) + y]);
            }

            // Each row is scaled by its own maximum: only ratios within a row matter once rows are normalised.
            for (var y = 0; y < Count; y++)
            {
                potentials[(t * Count) + y] = Math.Exp((emissions[(t * Count) + y] - max) / temperature);
            }
        }

        for (var y = 0; y < Count; y++)
        {
            alpha[y] = start[y] * potentials[y];
        }

        Normalize(alpha[..Count]);
        for (var t = 1; t < length; t++)
        {
            for (var y = 0; y < Count; y++)
            {
                double sum = 0;
                for (var p = 0; p < Count; p++)
                {
                    sum += alpha[((t - 1) * Count) + p] * trans[(p * Count) + y];
                }

                alpha[(t * Count) + y] = sum * potentials[(t * Count) + y];
            }

            Normalize(alpha.Slice(t * Count, Count));
        }

        for (var y = 0; y < Count; y++)
        {
            beta[((length - 1) * Count) + y] = 1;
        }

        for (var t = length - 2; t >= 0; t--)
        {
            for (var p = 0; p < Count; p++)
            {
                double sum = 0;
                for (var y = 0; y < Count; y++)
                {
                    sum += trans[(p * Count) + y] * potentials[((t + 1) * Count) + y] * beta[((t + 1) * Count) + y];
                }

                beta[(t * Count) + p] = sum;
            }

            Normalize(beta.Slice(t * Count, Count));
        }

        for (var t = 0; t < length; t++)
        {
            var row = marginals.Slice(t * Count, Count);
            for (var y = 0; y < Count; y++)
            {
                row[y] = alpha[(t * Count) + y] * beta[(t * Count) + y];
            }

            Normalize(row);
        }
    }

    private static bool[] BuildAllowed()
    {
        var allowed = new bool[(Count + 1) * Count];
        for (var p = -1; p < Count; p++)
        {
            for (var y = 0; y < Count; y++)
            {
                allowed[((p < 0 ? Count : p) * Count) + y] = Allowed(p, y);
            }
        }

        return allowed;
    }

    private static void Normalize(Span<double> row)
    {
        double sum = 0;
        foreach (var v in row)
        {
            sum += v;
        }

        if (sum > 0)
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i] /= sum;
            }
        }
    }
}
