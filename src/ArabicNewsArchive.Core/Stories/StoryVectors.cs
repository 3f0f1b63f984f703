namespace ArabicNewsArchive.Stories;

/// <summary>
/// The TF-IDF vectors of a full regroup, kept as the counts they are made of: per article its stem numbers
/// (ascending) and a <see cref="ushort"/> count per stem (its top bit marks a lead stem), with the two factors that
/// make its body and lead parts unit vectors. A weight is computed where it is used, tf[count] × idf[stem] × factor,
/// by the same operations in the same order as when the weights were stored as doubles, so every weight, and every
/// score summed from them in stem order, is the same double bit for bit. The lead part (<see cref="LeadDot"/>) is
/// the full vector's lead stems divided by their norm, as a copy of them was before. 6 bytes per stem and article
/// instead of 12, and no lead copy: at 100k articles the vectors were the largest part of the story step's heap.
/// </summary>
internal sealed class StoryVectors
{
    /// <summary>The largest count a row holds as a <see cref="ushort"/>; a row with a larger one keeps its weights as doubles.</summary>
    public const int MaxCount = 0x7FFF;

    private const int LeadBit = 0x8000;

    private static readonly double[] s_tf = MakeTf();

    private readonly double[] _idf;
    private readonly int[][] _terms;
    private readonly ushort[][] _counts;
    private readonly double[]?[] _weights;
    private readonly double[] _scale;
    private readonly double[] _leadScale;
    private readonly double[] _leadNorm;

    /// <param name="idf">Per stem number: the inverse document frequency factor (0 for a stem that weighs nothing).</param>
    /// <param name="n">The number of articles.</param>
    public StoryVectors(double[] idf, int n)
    {
        _idf = idf;
        _terms = new int[n][];
        _counts = new ushort[n][];
        _weights = new double[n][];
        _scale = new double[n];
        _leadScale = new double[n];
        _leadNorm = new double[n];
    }

    /// <summary>One more than the highest stem number: the length of a dense vector.</summary>
    public int TermCount => _idf.Length;

    /// <summary>The weight a count has before the article's factor: (1 + ln count) × idf; 0 for a stem that weighs nothing.</summary>
    public double Unscaled(int count, int term) =>
        _idf[term] == 0 ? 0 : (count is >= 0 and <= MaxCount ? s_tf[count] : 1 + Math.Log(count)) * _idf[term];

    /// <summary>
    /// Sets article <paramref name="i"/>'s vector: <paramref name="terms"/> ascending, <paramref name="counts"/> beside
    /// them with <see cref="LeadBit"/> set on lead stems (both kept, not copied), the factors of its body and lead
    /// parts; <paramref name="weights"/> when a count does not fit (then they are the weights, in the same order).
    /// </summary>
    public void Set(int i, int[] terms, ushort[] counts, double scale, double leadScale, double[]? weights)
    {
        (_terms[i], _counts[i], _weights[i], _scale[i], _leadScale[i]) = (terms, counts, weights, scale, leadScale);
        var norm = 0.0;
        for (var x = 0; x < terms.Length; x++)
        {
            if ((counts[x] & LeadBit) != 0)
            {
                var w = Weight(i, x);
                norm += w * w;
            }
        }

        _leadNorm[i] = Math.Sqrt(norm);
    }

    /// <summary>Marks a count as a lead stem's.</summary>
    public static ushort Lead(ushort count) => (ushort)(count | LeadBit);

    /// <summary>The weight of article <paramref name="i"/>'s <paramref name="x"/>-th stem.</summary>
    public double Weight(int i, int x)
    {
        if (_weights[i] is { } weights)
        {
            return weights[x];
        }

        int c = _counts[i][x];
        return (s_tf[c & MaxCount] * _idf[_terms[i][x]]) * ((c & LeadBit) != 0 ? _leadScale[i] : _scale[i]);
    }

    /// <summary>Writes article <paramref name="i"/>'s weights into <paramref name="dense"/> at their stem numbers.</summary>
    public void Spread(int i, double[] dense)
    {
        var terms = _terms[i];
        for (var x = 0; x < terms.Length; x++)
        {
            dense[terms[x]] = Weight(i, x);
        }
    }

    /// <summary>Puts back the zeros <see cref="Spread"/> overwrote.</summary>
    public void Clear(int i, double[] dense)
    {
        foreach (var term in _terms[i])
        {
            dense[term] = 0;
        }
    }

    /// <summary>The dot product of article <paramref name="j"/>'s vector with one spread into <paramref name="dense"/>, added in stem order.</summary>
    public double Dot(int j, double[] dense)
    {
        var sum = 0.0;
        var terms = _terms[j];
        if (_weights[j] is { } weights)
        {
            for (var y = 0; y < terms.Length; y++)
            {
                sum += dense[terms[y]] * weights[y];
            }

            return sum;
        }

        var (counts, idf, tf, scale, leadScale) = (_counts[j], _idf, s_tf, _scale[j], _leadScale[j]);
        for (var y = 0; y < terms.Length; y++)
        {
            int c = counts[y];
            var term = terms[y];
            sum += dense[term] * ((tf[c & MaxCount] * idf[term]) * ((c & LeadBit) != 0 ? leadScale : scale));
        }

        return sum;
    }

    /// <summary>The dot product of two articles' vectors (a merge of their sorted stems).</summary>
    public double Dot(int a, int b) => Merge(a, b, leadOnly: false);

    /// <summary>The cosine of two articles' lead parts (each lead part a unit vector; 0 when either has none).</summary>
    public double LeadDot(int a, int b) => Merge(a, b, leadOnly: true);

    private double Merge(int a, int b, bool leadOnly)
    {
        var (ta, tb, ca, cb) = (_terms[a], _terms[b], _counts[a], _counts[b]);
        var sum = 0.0;
        for (int x = 0, y = 0; x < ta.Length && y < tb.Length;)
        {
            if (ta[x] == tb[y])
            {
                if (!leadOnly)
                {
                    sum += Weight(a, x) * Weight(b, y);
                }
                else if ((ca[x] & LeadBit) != 0 && (cb[y] & LeadBit) != 0)
                {
                    sum += (Weight(a, x) / _leadNorm[a]) * (Weight(b, y) / _leadNorm[b]);
                }

                x++;
                y++;
            }
            else if (ta[x] < tb[y])
            {
                x++;
            }
            else
            {
                y++;
            }
        }

        return sum;
    }

    private static double[] MakeTf()
    {
        var tf = new double[MaxCount + 1];
        for (var c = 0; c <= MaxCount; c++)
        {
            tf[c] = 1 + Math.Log(c);
        }

        return tf;
    }
}
