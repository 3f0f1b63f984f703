using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace ArabicNewsArchive.People;

/// <summary>
/// A learned Arabic → Latin transliteration of one normalised name word (seeds/reference/name-transliteration.tsv.gz,
/// trained by <see cref="NameTransliterationTrainer"/> on Wikidata's person-name tokens): each Arabic letter becomes the
/// Latin chunk its neighbours make likely (هوميلز → hummels, not the letter-by-letter humilz), and a character model of
/// Latin names picks among the chunks' combinations. It is the guess for a name word the lexicon lacks, never a slug:
/// slugs stay <see cref="ArabicTransliterator"/>'s, since they are stored identities. Immutable; thread-safe.
/// </summary>
public sealed class NameTransliterator
{
    // Chunks kept per letter and partial spellings kept per step of the beam search: more changes no held-out figure.
    private const int ChunksPerLetter = 8;
    private const int Beam = 16;

    private readonly Dictionary<string, Chunks> _contexts;
    private readonly Dictionary<string, Chunks> _latin;
    private readonly int _window;
    private readonly int _history;
    private readonly double _lmWeight;

    private NameTransliterator(Dictionary<string, Chunks> contexts, Dictionary<string, Chunks> latin, int window, int history, double lmWeight)
    {
        _contexts = contexts;
        _latin = latin;
        _window = window;
        _history = history;
        _lmWeight = lmWeight;
    }

    /// <summary>Loads a model file (gzip-compressed when its name ends in .gz).</summary>
    public static NameTransliterator Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader);
    }

    /// <summary>
    /// Parses the model's text: <c>P</c> lines of parameters, <c>C</c> lines (an Arabic window of letters, ^ and $ for
    /// the word's edges, and the Latin chunks its middle letter became, with weights) and <c>L</c> lines (a Latin history
    /// and the letters that followed it, with weights). Lines starting with # are comments.
    /// </summary>
    public static NameTransliterator Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var contexts = new Dictionary<string, Chunks>(StringComparer.Ordinal);
        var latin = new Dictionary<string, Chunks>(StringComparer.Ordinal);
        int window = 0, history = 0;
        var lmWeight = 0.0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var f = line.Split('\t');
            switch (f[0])
            {
                case "P" when f.Length == 3:
                    var value = double.Parse(f[2], CultureInfo.InvariantCulture);
                    _ = f[1] switch
                    {
                        "window" => window = (int)value,
                        "history" => history = (int)value,
                        "lm-weight" => lmWeight = value,
                        _ => 0,
                    };
                    break;
                case "C" when f.Length > 2:
                    contexts[f[1]] = Chunks.Parse(f.AsSpan(2));
                    break;
                case "L" when f.Length > 2:
                    latin[f[1]] = Chunks.Parse(f.AsSpan(2));
                    break;
                default:
                    break;
            }
        }

        return new NameTransliterator(contexts, latin, window, history, lmWeight);
    }

    /// <summary>
    /// The likeliest Latin spelling (lower case) of one normalised Arabic word; a letter the model never saw is spelt as
    /// <see cref="ArabicTransliterator"/> spells it.
    /// </summary>
    public string Transliterate(string normalizedWord)
    {
        ArgumentNullException.ThrowIfNull(normalizedWord);
        var beam = new List<(string Latin, double Score)> { ("", 0) };
        var next = new List<(string Latin, double Score)>();
        for (var i = 0; i < normalizedWord.Length; i++)
        {
            var options = Options(normalizedWord, i);
            next.Clear();
            foreach (var (prefix, score) in beam)
            {
                foreach (var (chunk, p) in options)
                {
                    var s = score + Math.Log(p);
                    for (var k = 0; k < chunk.Length; k++)
                    {
                        s += _lmWeight * Math.Log(LatinProbability(prefix + chunk[..k], chunk[k]));
                    }

                    next.Add((prefix + chunk, s));
                }
            }

            // Two ways to one spelling are one candidate (the better); ties go to the ordinal order, so output is stable.
            beam = [.. next.GroupBy(c => c.Latin, StringComparer.Ordinal).Select(g => (g.Key, g.Max(c => c.Score)))
                .OrderByDescending(c => c.Item2).ThenBy(c => c.Key, StringComparer.Ordinal).Take(Beam)];
        }

        return beam.Select(c => (c.Latin, Score: c.Score + (_lmWeight * Math.Log(LatinProbability(c.Latin, '$')))))
            .OrderByDescending(c => c.Score).ThenBy(c => c.Latin, StringComparer.Ordinal).First().Latin;
    }

    // The chunks letter i may become, from the widest window of the word the model knows, interpolated down to the letter
    // alone (Witten–Bell: a window seen with many different chunks trusts its narrower window more).
    private List<(string Chunk, double P)> Options(string word, int i)
    {
        if (!_contexts.TryGetValue(word[i].ToString(), out var alone))
        {
            return [(ArabicTransliterator.ToSlug(word[i].ToString()), 1)];
        }

        var p = new double[alone.Forms.Length];
        for (var c = 0; c < p.Length; c++)
        {
            p[c] = alone.Weights[c] / alone.Total;
        }

        for (var k = 1; k <= _window; k++)
        {
            if (!_contexts.TryGetValue(Window(word, i, k), out var seen))
            {
                break;
            }

            var lambda = seen.Total / (seen.Total + seen.Forms.Length);
            for (var c = 0; c < p.Length; c++)
            {
                p[c] = (lambda * seen.WeightOf(alone.Forms[c]) / seen.Total) + ((1 - lambda) * p[c]);
            }
        }

        return [.. alone.Forms.Select((chunk, c) => (chunk, p[c])).Where(x => x.Item2 > 0)
            .OrderByDescending(x => x.Item2).ThenBy(x => x.chunk, StringComparer.Ordinal).Take(ChunksPerLetter)];
    }

    /// <summary>Letters i−k … i+k of the word, ^ before its start and $ after its end.</summary>
    internal static string Window(string word, int i, int k)
    {
        var sb = new StringBuilder((2 * k) + 1);
        for (var j = i - k; j <= i + k; j++)
        {
            sb.Append(j < 0 ? '^' : j >= word.Length ? '$' : word[j]);
        }

        return sb.ToString();
    }

    // P(next letter | Latin so far), interpolated from the longest history down to no history, then uniformly over the
    // 27 symbols (a–z and the end).
    private double LatinProbability(string prefix, char next)
    {
        var p = 1.0 / 27;
        var padded = new string('^', _history) + prefix;
        for (var h = 0; h <= _history; h++)
        {
            if (!_latin.TryGetValue(padded[^h..], out var seen))
            {
                break;
            }

            var lambda = seen.Total / (seen.Total + seen.Forms.Length);
            p = (lambda * seen.WeightOf(next.ToString()) / seen.Total) + ((1 - lambda) * p);
        }

        return p;
    }

    private sealed class Chunks(string[] forms, double[] weights)
    {
        public string[] Forms { get; } = forms;

        public double[] Weights { get; } = weights;

        public double Total { get; } = weights.Sum();

        public double WeightOf(string form)
        {
            var i = Array.IndexOf(Forms, form);
            return i < 0 ? 0 : Weights[i];
        }

        // "chunk weight" fields; _ is the empty chunk (a letter written with no Latin letter, like ع in Ali).
        public static Chunks Parse(ReadOnlySpan<string> fields)
        {
            var forms = new string[fields.Length];
            var weights = new double[fields.Length];
            for (var i = 0; i < fields.Length; i++)
            {
                var space = fields[i].LastIndexOf(' ');
                var form = fields[i][..space];
                forms[i] = form == "_" ? "" : form;
                weights[i] = double.Parse(fields[i].AsSpan(space + 1), CultureInfo.InvariantCulture);
            }

            return new Chunks(forms, weights);
        }
    }
}
