using System.Globalization;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Topics;

/// <summary>
/// A linear model over whole words (<see cref="WordKey"/>) for the IPTC topics it was trained on: per topic a bias,
/// a weight per word and a threshold on the logistic probability. Its evidence for a topic is the words present
/// that weighed most for it, with their offsets, so every assignment shows why. Built by the training command
/// (seeds/reference/README.markdown), read from <c>iptc-model.tsv</c>.
/// </summary>
public sealed class IptcModel
{
    /// <summary>Words of evidence kept per topic (the heaviest present).</summary>
    public const int MaxEvidenceWords = 6;

    /// <summary>Occurrences of one evidence word kept (the first ones).</summary>
    public const int MaxOccurrences = 2;

    // The set of Classify, emptied at each call (it never leaves it): its keys are strings any model holds anyway.
    [ThreadStatic]
    private static HashSet<string>? s_features;

    private readonly Dictionary<string, (int Topic, double Weight)[]> _weights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Topic, double Weight)[]>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly string[] _topics;
    private readonly double[] _bias;
    private readonly double[] _threshold;

    private IptcModel(string[] topics, double[] bias, double[] threshold, Dictionary<string, List<(int, double)>> weights)
    {
        (_topics, _bias, _threshold) = (topics, bias, threshold);
        foreach (var (word, list) in weights)
        {
            _weights[word] = [.. list];
        }

        _bySpan = _weights.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The topic slugs the model scores.</summary>
    public IReadOnlyList<string> Topics => _topics;

    /// <summary>Number of (topic, word) weights.</summary>
    public int WeightCount => _weights.Values.Sum(w => w.Length);

    /// <summary>Reads the model file: lines <c>topic TAB word TAB weight</c>, with <c>__bias__</c> and <c>__threshold__</c> rows; # comments.</summary>
    public static IptcModel Load(string path) => Parse(File.ReadLines(path));

    /// <summary>Parses the lines of a model file (see <see cref="Load"/>).</summary>
    public static IptcModel Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var topics = new List<string>();
        var bias = new List<double>();
        var threshold = new List<double>();
        var weights = new Dictionary<string, List<(int, double)>>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length != 3 || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var w))
            {
                throw new InvalidDataException($"iptc model: bad line '{line}'");
            }

            var t = topics.IndexOf(parts[0]);
            if (t < 0)
            {
                topics.Add(parts[0]);
                bias.Add(0);
                threshold.Add(0.5);
                t = topics.Count - 1;
            }

            switch (parts[1])
            {
                case "__bias__":
                    bias[t] = w;
                    break;
                case "__threshold__":
                    threshold[t] = w;
                    break;
                default:
                    if (!weights.TryGetValue(parts[1], out var list))
                    {
                        weights[parts[1]] = list = [];
                    }

                    list.Add((t, w));
                    break;
            }
        }

        return new IptcModel([.. topics], [.. bias], [.. threshold], weights);
    }

    /// <summary>The model's features of a text: its distinct whole words (letters only, two or more).</summary>
    public static HashSet<string> Features(IEnumerable<Token> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tokens)
        {
            if (IsWord(t.Normalized))
            {
                set.Add(WordKey.Of(t.Normalized));
            }
        }

        return set;
    }

    /// <summary>The probability of each topic for a set of features, in <see cref="Topics"/> order.</summary>
    public double[] Probabilities(IReadOnlySet<string> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var z = (double[])_bias.Clone();
        foreach (var f in features)
        {
            if (_weights.TryGetValue(f, out var ws))
            {
                foreach (var (t, w) in ws)
                {
                    z[t] += w;
                }
            }
        }

        return Logistic(z);
    }

    private static double[] Logistic(double[] z)
    {
        var p = new double[z.Length];
        for (var t = 0; t < z.Length; t++)
        {
            p[t] = 1 / (1 + Math.Exp(-z[t]));
        }

        return p;
    }

    /// <summary>The model's key of a token's word and its weights; no key when it is no word or has no weight.</summary>
    private (string? Key, (int Topic, double Weight)[]? Weights) Lookup(string normalized) =>
        IsWord(normalized) && _bySpan.TryGetValue(WordKey.Of(normalized.AsSpan()), out var key, out var ws) ? (key, ws) : (null, null);

    private (string? Key, (int Topic, double Weight)[]? Weights) Lookup(CachedWord word)
    {
        if (word.TopicMemo is not WordMemo memo || !ReferenceEquals(memo.Owner, this))
        {
            var (key, ws) = Lookup(word.Normalized);
            memo = new WordMemo(this, key, ws);
            word.TopicMemo = memo;
        }

        return (memo.Key, memo.Weights);
    }

    private sealed record WordMemo(IptcModel Owner, string? Key, (int Topic, double Weight)[]? Weights);

    /// <summary>The topics whose probability passes their threshold, with the words that carried each.</summary>
    public List<TopicFact> Classify(string text, IReadOnlyList<Token> tokens) => Classify(text, tokens, null);

    /// <summary>As <see cref="Classify(string, IReadOnlyList{Token})"/>, keeping each word's key and weights on its <paramref name="words"/> entry (one per token).</summary>
    internal List<TopicFact> Classify(string text, IReadOnlyList<Token> tokens, IReadOnlyList<CachedWord?>? words)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        // Each token's key as the model holds it (null: not a word, or a word the model has no weight for), and its
        // weights: found by span, so no substring is made per token. A word without weights adds nothing to any
        // score, and the model's words keep their order of first occurrence, so the sums are added in the same
        // order as Probabilities(Features(tokens)) adds them.
        var keys = new string?[tokens.Count];
        var weights = new (int Topic, double Weight)[]?[tokens.Count];
        // Every key is the model's own string (the dictionary gives its key back), so equal keys are the same object
        // and the set compares references instead of hashing each token's characters. Kept per thread: grown anew
        // for every article it was a tenth of the analysis's allocations.
        var features = s_features ??= new HashSet<string>(ReferenceEqualityComparer.Instance);
        features.Clear();
        // Summed as each feature is first met: the order Probabilities enumerates the set in, so the same sums.
        var z = (double[])_bias.Clone();
        for (var i = 0; i < tokens.Count; i++)
        {
            var (key, ws) = words?[i] is { } word ? Lookup(word) : Lookup(tokens[i].Normalized);
            if (key is not null)
            {
                keys[i] = key;
                weights[i] = ws;
                if (features.Add(key))
                {
                    foreach (var (t, w) in ws!)
                    {
                        z[t] += w;
                    }
                }
            }
        }

        var p = Logistic(z);
        var facts = new List<TopicFact>();
        for (var t = 0; t < _topics.Length; t++)
        {
            if (p[t] < _threshold[t])
            {
                continue;
            }

            // The heaviest words present for this topic, each with its first occurrences.
            var heaviest = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var i = 0; i < tokens.Count; i++)
            {
                if (keys[i] is { } key && !heaviest.ContainsKey(key) && WeightFor(weights[i]!, t) is > 0 and var weight)
                {
                    heaviest[key] = weight;
                }
            }

            var chosen = heaviest.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Take(MaxEvidenceWords).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            var spans = new List<EvidenceSpan>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < tokens.Count; i++)
            {
                if (keys[i] is not { } key || !chosen.TryGetValue(key, out var weight))
                {
                    continue;
                }

                var tok = tokens[i];
                seen.TryGetValue(key, out var n);
                if (n < MaxOccurrences)
                {
                    seen[key] = n + 1;
                    spans.Add(new EvidenceSpan(tok.Start, tok.End, text[tok.Start..tok.End], Math.Round(weight, 3)));
                }
            }

            facts.Add(new TopicFact(_topics[t], Math.Round(p[t], 3), spans));
        }

        return facts;
    }

    /// <summary>The word's weight for topic <paramref name="topic"/> (its first, as the file lists them), 0 when none.</summary>
    private static double WeightFor((int Topic, double Weight)[] weights, int topic)
    {
        foreach (var (t, w) in weights)
        {
            if (t == topic)
            {
                return w;
            }
        }

        return 0;
    }

    private static bool IsWord(string normalized)
    {
        if (normalized.Length < 2)
        {
            return false;
        }

        foreach (var c in normalized)
        {
            if (char.IsLetter(c))
            {
                return true;
            }
        }

        return false;
    }
}
