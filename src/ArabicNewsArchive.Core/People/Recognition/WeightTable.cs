using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace ArabicNewsArchive.People.Recognition;

/// <summary>
/// The weights of one linear model: for each feature id a row of <see cref="TagSet.Count"/> label weights, and the
/// label transition scores (from-to, then start). Stored as half-precision floats; immutable once built.
/// </summary>
/// <remarks>
/// An open-addressing table whose slots hold the id and its row side by side: a lookup of a word the tagger's cache
/// does not hold (about a hundred per word) then touches one cache line instead of a dictionary's bucket, entry and
/// a row elsewhere (three misses), which made these lookups a third of the tagger's time on real text.
/// </remarks>
internal sealed class WeightTable
{
    /// <summary>Slots per feature at least (load factor ≤ 0.625): probes stay short.</summary>
    private const double MinSlotsPerFeature = 1.6;

    private readonly Slot[] _slots;
    private readonly int _mask;

    // Id 0 marks an empty slot, so a feature whose id is 0 keeps its row here.
    private readonly Row _zeroRow;
    private readonly bool _hasZero;

    public WeightTable(Dictionary<ulong, int> rows, float[] weights, float[] transitions)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(weights);
        Transitions = transitions;
        FeatureCount = rows.Count;
        var capacity = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Ceiling(rows.Count * MinSlotsPerFeature)));
        _slots = new Slot[capacity];
        _mask = capacity - 1;
        foreach (var (id, row) in rows)
        {
            var source = weights.AsSpan(row * TagSet.Count, TagSet.Count);
            if (id == 0)
            {
                source.CopyTo(_zeroRow);
                _hasZero = true;
                continue;
            }

            var s = Home(id);
            while (_slots[s].Id != 0)
            {
                s = (s + 1) & _mask;
            }

            _slots[s].Id = id;
            source.CopyTo(_slots[s].Weights);
        }
    }

    public float[] Transitions { get; }

    public int FeatureCount { get; }

    /// <summary>Adds the weights of <paramref name="feature"/> to <paramref name="scores"/>; an unknown feature adds nothing.</summary>
    public void AddTo(ulong feature, Span<float> scores)
    {
        var w = Find(feature);
        if (!w.IsEmpty)
        {
            TagSet.AddRow(scores, w);
        }
    }

    /// <summary>
    /// Asks the processor to bring the home slot of <paramref name="feature"/> into its cache: the table is far larger
    /// than the caches, so a lookup made a little later then overlaps its memory wait with other work instead of
    /// waiting alone. A hint only: nothing is read, whatever the id.
    /// </summary>
    public unsafe void Prefetch(ulong feature)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref _slots[Home(feature)]));
        }
    }

    /// <summary>The row of <paramref name="feature"/>, empty when the model does not know it.</summary>
    private ReadOnlySpan<float> Find(ulong feature)
    {
        if (feature == 0)
        {
            if (!_hasZero)
            {
                return default;
            }

            return _zeroRow;
        }

        var slots = _slots;
        for (var s = Home(feature); ; s = (s + 1) & _mask)
        {
            ref readonly var slot = ref slots[s];
            if (slot.Id == feature)
            {
                return slot.Weights;
            }

            if (slot.Id == 0)
            {
                return default;
            }
        }
    }

    // Ids are already well mixed (FeatureHash), so their low bits pick the slot.
    private int Home(ulong id) => (int)id & _mask;

    public void Write(BinaryWriter writer)
    {
        foreach (var t in Transitions)
        {
            writer.Write(t);
        }

        // Sorted ids, delta-coded: the file is the same bytes for the same weights, and smaller.
        var ids = new List<ulong>(FeatureCount);
        if (_hasZero)
        {
            ids.Add(0);
        }

        foreach (var slot in _slots)
        {
            if (slot.Id != 0)
            {
                ids.Add(slot.Id);
            }
        }

        ids.Sort();
        writer.Write(ids.Count);
        ulong previous = 0;
        foreach (var id in ids)
        {
            writer.Write7BitEncodedInt64((long)(id - previous));
            previous = id;
        }

        foreach (var id in ids)
        {
            var row = Find(id);
            for (var y = 0; y < TagSet.Count; y++)
            {
                writer.Write((Half)row[y]);
            }
        }
    }

    public static WeightTable Read(BinaryReader reader)
    {
        var transitions = new float[(TagSet.Count * TagSet.Count) + TagSet.Count];
        for (var i = 0; i < transitions.Length; i++)
        {
            transitions[i] = reader.ReadSingle();
        }

        var count = reader.ReadInt32();
        var rows = new Dictionary<ulong, int>(count);
        ulong id = 0;
        for (var i = 0; i < count; i++)
        {
            id += (ulong)reader.Read7BitEncodedInt64();
            rows[id] = i;
        }

        var weights = new float[count * TagSet.Count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)reader.ReadHalf();
        }

        return new WeightTable(rows, weights, transitions);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Slot
    {
        public ulong Id;
        public Row Weights;
    }

    [InlineArray(TagSet.Count)]
    private struct Row
    {
        private float _weight;
    }
}
