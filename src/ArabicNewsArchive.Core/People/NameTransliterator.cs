using System.Collections.Concurrent;
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

    // Words spelt already, kept up to this many (~5 MB): a word costs ~0.1 ms to spell.
    private const int MaxSpelt = 50_000;

    private readonly ConcurrentDictionary<string, string> _spelt = new(StringComparer.Ordinal);

    private readonly Dictionary<string, Chunks> _contexts;
    private readonly Dictionary<string, Chunks> _latin;
    private readonly Dictionary<string, Chunks>.AlternateLookup<ReadOnlySpan<char>> _latinByText;
    private readonly int _window;
    private readonly int _history;
    private readonly double _lmWeight;

    private NameTransliterator(Dictionary<string, Chunks> contexts, Dictionary<string, Chunks> latin, int window, int history, double lmWeight)
    {
        _contexts = contexts;
        _latin = latin;
        _latinByText = latin.GetAlternateLookup<ReadOnlySpan<char>>();
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
        // Every article naming a discovered person asks for the person's English name again: the same words come back.
        if (_spelt.TryGetValue(normalizedWord, out var known))
        {
            return known;
        }

        var latin = Decode(normalizedWord);
        if (_spelt.Count < MaxSpelt)
        {
            _spelt.TryAdd(normalizedWord, latin);
        }

        return latin;
    }

    /// <summary>The word's spelling without the memo (to time decoding).</summary>
    internal string Spell(string normalizedWord) => Decode(normalizedWord);

    private string Decode(string word)
    {
        var beam = new List<(string Latin, double Score)> { ("", 0) };
        var next = new Dictionary<string, double>(StringComparer.Ordinal);
        Span<char> history = stackalloc char[_history];
        for (var i = 0; i < word.Length; i++)
        {
            var options = Options(word, i);
            var logs = new double[options.Count];
            for (var o = 0; o < logs.Length; o++)
            {
                logs[o] = Math.Log(options[o].P);
            }

            next.Clear();
            foreach (var (prefix, score) in beam)
            {
                for (var o = 0; o < options.Count; o++)
                {
                    var chunk = options[o].Chunk;
                    var s = score + logs[o];
                    for (var k = 0; k < chunk.Length; k++)
                    {
                        s += _lmWeight * LogLatin(History(prefix, chunk.AsSpan(0, k), history), chunk[k]);
                    }

                    // Two ways to one spelling are one candidate (the better).
                    var candidate = prefix + chunk;
                    if (!next.TryGetValue(candidate, out var best) || s > best)
                    {
                        next[candidate] = s;
                    }
                }
            }

            // Ties go to the ordinal order, so output is stable.
            beam = [.. next.Select(c => (c.Key, c.Value)).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(Beam)];
        }

        var (spelt, top) = ("", double.NegativeInfinity);
        foreach (var (latin, score) in beam)
        {
            var s = score + (_lmWeight * LogLatin(History(latin, [], history), '$'));
            if (s > top || (s == top && string.CompareOrdinal(latin, spelt) < 0))
            {
                (spelt, top) = (latin, s);
            }
        }

        return spelt;
    }

    /// <summary>The last letters of <paramref name="prefix"/> then <paramref name="more"/>, ^ before the word's start, in <paramref name="buffer"/> (the history's length).</summary>
    private static ReadOnlySpan<char> History(string prefix, ReadOnlySpan<char> more, Span<char> buffer)
    {
        for (var j = buffer.Length - 1; j >= 0; j--)
        {
            var back = buffer.Length - j;
            buffer[j] = back <= more.Length ? more[^back] : back - more.Length <= prefix.Length ? prefix[^(back - more.Length)] : '^';
        }

        return buffer;
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

            // (1 − λ)·p for every chunk, plus λ·weight/total for the chunks the window saw: a window sees a few of the
            // letter's hundreds of chunks, so only those are looked up.
            var lambda = seen.Total / (seen.Total + seen.Forms.Length);
            for (var c = 0; c < p.Length; c++)
            {
                p[c] = (1 - lambda) * p[c];
            }

            for (var j = 0; j < seen.Forms.Length; j++)
            {
                if (alone.IndexOf(seen.Forms[j]) is var c and >= 0)
                {
                    p[c] = (lambda * seen.Weights[j] / seen.Total) + p[c];
                }
            }
        }

        // The likeliest chunks, ties in ordinal order (a letter alone has some two hundred: no need to sort them all).
        var top = new List<(string Chunk, double P)>(ChunksPerLetter + 1);
        for (var c = 0; c < p.Length; c++)
        {
            if (p[c] <= 0 || (top.Count == ChunksPerLetter && !Before(alone.Forms[c], p[c], top[^1])))
            {
                continue;
            }

            var at = top.Count;
            while (at > 0 && Before(alone.Forms[c], p[c], top[at - 1]))
            {
                at--;
            }

            top.Insert(at, (alone.Forms[c], p[c]));
            if (top.Count > ChunksPerLetter)
            {
                top.RemoveAt(ChunksPerLetter);
            }
        }

        return top;
    }

    private static bool Before(string chunk, double p, (string Chunk, double P) other) =>
        p > other.P || (p == other.P && string.CompareOrdinal(chunk, other.Chunk) < 0);

    private double LogLatin(ReadOnlySpan<char> history, char next) => Math.Log(LatinProbability(history, next));

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

    // P(next letter | the Latin letters before it), interpolated from the longest history down to no history, then
    // uniformly over the 27 symbols (a–z and the end).
    private double LatinProbability(ReadOnlySpan<char> history, char next)
    {
        var p = 1.0 / 27;
        for (var h = 0; h <= history.Length; h++)
        {
            if (!_latinByText.TryGetValue(history[^h..], out var seen))
            {
                break;
            }

            var lambda = seen.Total / (seen.Total + seen.Forms.Length);
            p = (lambda * seen.WeightOf(next) / seen.Total) + ((1 - lambda) * p);
        }

        return p;
    }

    private sealed class Chunks(string[] forms, double[] weights)
    {
        public string[] Forms { get; } = forms;

        public double[] Weights { get; } = weights;

        public double Total { get; } = weights.Sum();

        // Made on first use, for a letter's chunks alone (looked up from every window around the letter).
        private Dictionary<string, int>? _index;

        /// <summary>The position of <paramref name="form"/> among <see cref="Forms"/>, or −1.</summary>
        public int IndexOf(string form)
        {
            var index = Volatile.Read(ref _index);
            if (index is null)
            {
                index = new Dictionary<string, int>(Forms.Length, StringComparer.Ordinal);
                for (var i = Forms.Length - 1; i >= 0; i--)
                {
                    index[Forms[i]] = i;
                }

                Volatile.Write(ref _index, index);
            }

            return index.TryGetValue(form, out var at) ? at : -1;
        }

        public double WeightOf(string form)
        {
            var i = Array.IndexOf(Forms, form);
            return i < 0 ? 0 : Weights[i];
        }

        /// <summary>The weight of the one-letter form <paramref name="letter"/> (the character model's forms are letters).</summary>
        public double WeightOf(char letter)
        {
            for (var i = 0; i < Forms.Length; i++)
            {
                if (Forms[i].Length == 1 && Forms[i][0] == letter)
                {
                    return Weights[i];
                }
            }

            return 0;
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
