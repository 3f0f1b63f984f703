namespace ArabicNewsArchive.People.Recognition;

/// <summary>
/// The weights of one linear model: for each feature id a row of <see cref="TagSet.Count"/> label weights, and the
/// label transition scores (from-to, then start). Stored as half-precision floats; immutable once built.
/// </summary>
internal sealed class WeightTable
{
    private readonly Dictionary<ulong, int> _rows;
    private readonly float[] _weights;

    public WeightTable(Dictionary<ulong, int> rows, float[] weights, float[] transitions)
    {
        _rows = rows;
        _weights = weights;
        Transitions = transitions;
    }

    public float[] Transitions { get; }

    public int FeatureCount => _rows.Count;

    /// <summary>Adds the weights of <paramref name="feature"/> to <paramref name="scores"/>; an unknown feature adds nothing.</summary>
    public void AddTo(ulong feature, Span<float> scores)
    {
        if (_rows.TryGetValue(feature, out var row))
        {
            var w = _weights.AsSpan(row * TagSet.Count, TagSet.Count);
            for (var y = 0; y < TagSet.Count; y++)
            {
                scores[y] += w[y];
            }
        }
    }

    public void Write(BinaryWriter writer)
    {
        foreach (var t in Transitions)
        {
            writer.Write(t);
        }

        // Sorted ids, delta-coded: the file is the same bytes for the same weights, and smaller.
        var ids = _rows.Keys.Order().ToArray();
        writer.Write(ids.Length);
        ulong previous = 0;
        foreach (var id in ids)
        {
            writer.Write7BitEncodedInt64((long)(id - previous));
            previous = id;
        }

        foreach (var id in ids)
        {
            var row = _rows[id] * TagSet.Count;
            for (var y = 0; y < TagSet.Count; y++)
            {
                writer.Write((Half)_weights[row + y]);
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
}
