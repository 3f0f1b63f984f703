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
    // Chunks kept per letter and partial spellings kept per step of the beam search: more changes no held-out figure
    // (8 chunks gave the same 23.3 / 25.6 % / 1.63, and ~10 % more µs per word).
    private const int ChunksPerLetter = 6;
    private const int Beam = 16;

    // Words spelt already, kept up to this many (~5 MB): a word costs ~0.05 ms to spell.
    private const int MaxSpelt = 50_000;

    // The Latin character model's symbols: a–z (0–25), then the word's end.
    private const int LatinSymbols = 27;
    private const int LatinEnd = 26;

    // History letters are 5-bit codes (a–z 1–26, ^ 27), the newest in the low bits, the length above them.
    private const int HistoryBits = 5;
    private const int HistoryLengthShift = 25;

    // Arabic letters are 6-bit codes (0: a letter the model never saw); a window of ±k letters is 2k + 1 codes, k above them.
    private const int LetterBits = 6;
    private const int WindowShift = 58;

    private readonly ConcurrentDictionary<string, string> _spelt = new(StringComparer.Ordinal);

    private readonly int _window;
    private readonly double _lmWeight;

    // Arabic side: each letter's code; each letter's chunks alone (interned strings) with their probabilities; the
    // windows, sorted by key, each with 1 − λ and its chunks (positions among its middle letter's) with λ·weight/total.
    private readonly byte[] _letterCodes;
    private readonly Letter?[] _letters;
    private readonly ulong[] _windowKeys;
    private readonly int[] _windowStarts;
    private readonly float[] _windowKeep;
    private readonly ushort[] _windowChunks;
    private readonly float[] _windowWeights;

    // Latin side: the histories (nodes), each with the interpolated log probability of all 27 symbols after it times the
    // model's weight (16-bit fixed point), and the node after each letter a–z (the longest suffix the model knows), both
    // computed once, at load; the node of the word's start (^^^^).
    private readonly short[] _latinLogs;
    private readonly double _latinScale;
    private readonly ushort[] _latinNext;
    private readonly int _startNode;

    private NameTransliterator(Parsed model)
    {
        _window = model.Window;
        _lmWeight = model.LmWeight;
        (_letterCodes, _letters, _windowKeys, _windowStarts, _windowKeep, _windowChunks, _windowWeights) = CompileArabic(model);
        (_latinLogs, _latinScale, _latinNext, _startNode) = CompileLatin(model.Latin, model.History, model.LmWeight);
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
        var model = new Parsed();
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
                        "window" => model.Window = (int)value,
                        "history" => model.History = (int)value,
                        "lm-weight" => model.LmWeight = value,
                        _ => 0,
                    };
                    break;
                case "C" when f.Length > 2:
                    model.Contexts.Add((f[1], Forms(f.AsSpan(2))));
                    break;
                case "L" when f.Length > 2:
                    model.Latin.Add((f[1], Forms(f.AsSpan(2))));
                    break;
                default:
                    break;
            }
        }

        if (model.Window is < 0 or > 3 || model.History is < 0 or > 5)
        {
            throw new InvalidDataException($"A window of ±{model.Window} letters or a history of {model.History} does not fit the model's keys.");
        }

        return new NameTransliterator(model);
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

    private string Decode(string word)
    {
        var options = new Option[ChunksPerLetter];
        var top = new Candidate[Beam];
        var beam = new Hypothesis[Beam];
        var next = new Hypothesis[Beam];
        beam[0] = new Hypothesis("", 0, _startNode);
        var size = 1;
        for (var i = 0; i < word.Length; i++)
        {
            var count = Options(word, i, options);
            var kept = 0;
            for (var b = 0; b < size; b++)
            {
                for (var o = 0; o < count; o++)
                {
                    var chunk = options[o].Chunk;
                    var (s, node) = (beam[b].Score + options[o].Log, beam[b].Node);
                    for (var k = 0; k < chunk.Length; k++)
                    {
                        var symbol = chunk[k] - 'a';
                        if ((uint)symbol < 26)
                        {
                            s += _latinScale * _latinLogs[(node * LatinSymbols) + symbol];
                            node = _latinNext[(node * 26) + symbol];
                        }
                        else
                        {
                            // Only a letter the model never saw is spelt with other characters: every candidate has it.
                            s -= _lmWeight * Math.Log(LatinSymbols);
                            node = 0;
                        }
                    }

                    Offer(top, ref kept, new Candidate(b, chunk, s, node), beam);
                }
            }

            for (var c = 0; c < kept; c++)
            {
                next[c] = new Hypothesis(beam[top[c].From].Latin + top[c].Chunk, top[c].Score, top[c].Node);
            }

            (beam, next, size) = (next, beam, kept);
        }

        var (spelt, best) = ("", double.NegativeInfinity);
        for (var b = 0; b < size; b++)
        {
            var s = beam[b].Score + (_latinScale * _latinLogs[(beam[b].Node * LatinSymbols) + LatinEnd]);
            if (s > best || (s == best && string.CompareOrdinal(beam[b].Latin, spelt) < 0))
            {
                (spelt, best) = (beam[b].Latin, s);
            }
        }

        return spelt;
    }

    // Keeps the best Beam candidates, best first, ties in the ordinal order of their spellings; two ways to one spelling
    // are one candidate (the better: a worse one dropped off the end earlier was worse than all kept).
    private static void Offer(Span<Candidate> top, ref int count, Candidate candidate, Hypothesis[] beam)
    {
        if (count == top.Length && !Before(candidate, top[count - 1], beam))
        {
            return;
        }

        for (var j = 0; j < count; j++)
        {
            if (SameSpelling(candidate, top[j], beam))
            {
                if (!(candidate.Score > top[j].Score))
                {
                    return;
                }

                top[(j + 1)..count].CopyTo(top[j..]);
                count--;
                break;
            }
        }

        var at = Math.Min(count, top.Length - 1);
        while (at > 0 && Before(candidate, top[at - 1], beam))
        {
            top[at] = top[at - 1];
            at--;
        }

        top[at] = candidate;
        count = Math.Min(count + 1, top.Length);
    }

    private static bool Before(in Candidate a, in Candidate b, Hypothesis[] beam) =>
        a.Score > b.Score || (a.Score == b.Score && Compare(a, b, beam) < 0);

    // Whether two candidates spell the same, compared from the end (where a beam's spellings differ).
    private static bool SameSpelling(in Candidate a, in Candidate b, Hypothesis[] beam)
    {
        var (a1, a2, b1, b2) = (beam[a.From].Latin, a.Chunk, beam[b.From].Latin, b.Chunk);
        var length = a1.Length + a2.Length;
        if (length != b1.Length + b2.Length)
        {
            return false;
        }

        if (a.From == b.From)
        {
            return string.Equals(a2, b2, StringComparison.Ordinal);
        }

        for (var i = length - 1; i >= 0; i--)
        {
            var x = i < a1.Length ? a1[i] : a2[i - a1.Length];
            var y = i < b1.Length ? b1[i] : b2[i - b1.Length];
            if (x != y)
            {
                return false;
            }
        }

        return true;
    }

    // The ordinal order of two candidates' spellings (a prefix then a chunk each), without making them.
    private static int Compare(in Candidate a, in Candidate b, Hypothesis[] beam)
    {
        var (a1, a2, b1, b2) = (beam[a.From].Latin, a.Chunk, beam[b.From].Latin, b.Chunk);
        if (a.From == b.From)
        {
            return string.CompareOrdinal(a2, b2);
        }

        var (la, lb) = (a1.Length + a2.Length, b1.Length + b2.Length);
        for (var i = 0; i < Math.Min(la, lb); i++)
        {
            var x = i < a1.Length ? a1[i] : a2[i - a1.Length];
            var y = i < b1.Length ? b1[i] : b2[i - b1.Length];
            if (x != y)
            {
                return x - y;
            }
        }

        return la - lb;
    }

    // The chunks letter i may become, from the widest window of the word the model knows, interpolated down to the letter
    // alone (Witten–Bell: a window seen with many different chunks trusts its narrower window more); their count.
    private int Options(string word, int i, Span<Option> top)
    {
        var code = Code(word[i]);
        if (code == 0 || _letters[code] is not { } letter)
        {
            top[0] = new Option(ArabicTransliterator.ToSlug(word[i].ToString()), 0);
            return 1;
        }

        Span<double> p = letter.P.Length <= 512 ? stackalloc double[letter.P.Length] : new double[letter.P.Length];
        letter.P.CopyTo(p);
        for (var k = 1; k <= _window; k++)
        {
            var at = WindowKey(word, i, k) is var key and not 0 ? Array.BinarySearch(_windowKeys, key) : -1;
            if (at < 0)
            {
                break;
            }

            // (1 − λ)·p for every chunk, plus λ·weight/total for the chunks the window saw.
            var keep = (double)_windowKeep[at];
            for (var c = 0; c < p.Length; c++)
            {
                p[c] *= keep;
            }

            for (var j = _windowStarts[at]; j < _windowStarts[at + 1]; j++)
            {
                p[_windowChunks[j]] += _windowWeights[j];
            }
        }

        // The likeliest chunks, ties in ordinal order (a letter alone has some two hundred: no need to sort them all).
        var count = 0;
        for (var c = 0; c < p.Length; c++)
        {
            var option = new Option(letter.Chunks[c], p[c]);
            if (p[c] <= 0 || (count == top.Length && !Before(option, top[count - 1])))
            {
                continue;
            }

            var at = Math.Min(count, top.Length - 1);
            while (at > 0 && Before(option, top[at - 1]))
            {
                top[at] = top[at - 1];
                at--;
            }

            top[at] = option;
            count = Math.Min(count + 1, top.Length);
        }

        for (var c = 0; c < count; c++)
        {
            top[c] = top[c] with { Log = Math.Log(top[c].Log) };
        }

        return count;
    }

    // Here an option's Log is still its probability.
    private static bool Before(in Option a, in Option b) =>
        a.Log > b.Log || (a.Log == b.Log && string.CompareOrdinal(a.Chunk, b.Chunk) < 0);

    private int Code(char letter) => letter < _letterCodes.Length ? _letterCodes[letter] : 0;

    // Letters i−k … i+k as codes, k above them; 0 when one of them is a letter the model never saw.
    private ulong WindowKey(string word, int i, int k)
    {
        var key = (ulong)k << WindowShift;
        for (var j = i - k; j <= i + k; j++)
        {
            var code = Code(j < 0 ? '^' : j >= word.Length ? '$' : word[j]);
            if (code == 0)
            {
                return 0;
            }

            key |= (ulong)code << (LetterBits * (j - i + k));
        }

        return key;
    }

    private static ulong WindowKey(string window, byte[] codes)
    {
        var key = (ulong)(window.Length / 2) << WindowShift;
        for (var j = 0; j < window.Length; j++)
        {
            key |= (ulong)codes[window[j]] << (LetterBits * j);
        }

        return key;
    }

    // A Latin history's key: its letters' codes (the last in the low bits) and its length; −1 for another character.
    private static int HistoryKey(string history)
    {
        var key = history.Length << HistoryLengthShift;
        for (var j = 0; j < history.Length; j++)
        {
            var code = history[j] switch
            {
                >= 'a' and <= 'z' => history[j] - 'a' + 1,
                '^' => 27,
                _ => -1,
            };
            if (code < 0)
            {
                return -1;
            }

            key |= code << (HistoryBits * (history.Length - 1 - j));
        }

        return key;
    }

    private static (byte[], Letter?[], ulong[], int[], float[], ushort[], float[]) CompileArabic(Parsed model)
    {
        // Letter codes in the order the file first writes them (it is sorted: the same file, the same codes).
        var codes = new byte[1];
        var next = 1;
        foreach (var (key, _) in model.Contexts)
        {
            foreach (var c in key)
            {
                if (c >= codes.Length)
                {
                    Array.Resize(ref codes, Math.Max(c + 1, codes.Length * 2));
                }

                if (codes[c] == 0)
                {
                    codes[c] = next < 1 << LetterBits ? (byte)next++ : throw new InvalidDataException("More Arabic letters than the window keys hold.");
                }
            }
        }

        var interned = new Dictionary<string, string>(StringComparer.Ordinal);
        var letters = new Letter?[next];
        var positions = new Dictionary<string, int>?[next];
        foreach (var (key, forms) in model.Contexts.Where(c => c.Key.Length == 1))
        {
            var total = forms.Sum(f => f.Weight);
            var chunks = forms.Select(f => interned.TryGetValue(f.Form, out var s) ? s : interned[f.Form] = f.Form).ToArray();
            letters[codes[key[0]]] = new Letter(chunks, [.. forms.Select(f => f.Weight / total)]);
            var at = positions[codes[key[0]]] = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var j = chunks.Length - 1; j >= 0; j--)
            {
                at[chunks[j]] = j;
            }
        }

        // Windows narrower ones lead to (a window is looked up only when its narrower window was found).
        var windows = model.Contexts.Where(c => c.Key.Length > 1 && c.Key.Length % 2 == 1 && positions[codes[c.Key[c.Key.Length / 2]]] is not null)
            .OrderBy(c => c.Key.Length).ToList();
        var known = new HashSet<string>(StringComparer.Ordinal);
        windows.RemoveAll(w => !((w.Key.Length == 3 || known.Contains(w.Key[1..^1])) && known.Add(w.Key)));
        var packed = windows.Select(c => (Key: WindowKey(c.Key, codes), c.Key, c.Forms)).OrderBy(c => c.Item1).ToList();
        var keys = new ulong[packed.Count];
        var starts = new int[packed.Count + 1];
        var keep = new float[packed.Count];
        var chunkAt = new List<ushort>();
        var weights = new List<float>();
        for (var w = 0; w < packed.Count; w++)
        {
            var (key, text, forms) = packed[w];
            var at = positions[codes[text[text.Length / 2]]]!;
            var total = forms.Sum(f => f.Weight);
            var lambda = total / (total + forms.Length);
            keys[w] = key;
            starts[w] = chunkAt.Count;
            keep[w] = (float)(1 - lambda);
            foreach (var (form, weight) in forms)
            {
                if (at.TryGetValue(form, out var c))
                {
                    chunkAt.Add(checked((ushort)c));
                    weights.Add((float)(lambda * weight / total));
                }
            }
        }

        starts[^1] = chunkAt.Count;
        return (codes, letters, keys, starts, keep, [.. chunkAt], [.. weights]);
    }

    // Each history's probabilities of the 27 symbols after it, interpolated with its suffix's (Witten–Bell), the empty
    // history with the uniform; a history whose suffix is missing is never reached, and left out.
    private static (short[], double, ushort[], int) CompileLatin(List<(string Key, (string Form, double Weight)[] Forms)> latin, int historyLength, double lmWeight)
    {
        var histories = latin.Where(l => HistoryKey(l.Key) >= 0).OrderBy(l => l.Key.Length).ToList();
        var nodes = new Dictionary<int, int>();
        var keys = new List<int>();
        var probabilities = new List<double>();
        foreach (var (history, forms) in histories)
        {
            var parent = history.Length == 0 ? -1 : nodes.GetValueOrDefault(HistoryKey(history[1..]), -1);
            if (history.Length > 0 && parent < 0)
            {
                continue;
            }

            var total = forms.Sum(f => f.Weight);
            var lambda = total / (total + forms.Length);
            var p = new double[LatinSymbols];
            for (var s = 0; s < LatinSymbols; s++)
            {
                p[s] = (1 - lambda) * (parent < 0 ? 1.0 / LatinSymbols : probabilities[(parent * LatinSymbols) + s]);
            }

            foreach (var (form, weight) in forms)
            {
                var s = form == "$" ? LatinEnd : form is [>= 'a' and <= 'z'] ? form[0] - 'a' : -1;
                if (s >= 0)
                {
                    p[s] += lambda * weight / total;
                }
            }

            nodes[HistoryKey(history)] = keys.Count;
            keys.Add(HistoryKey(history));
            probabilities.AddRange(p);
        }

        if (keys.Count == 0 || keys[0] != 0)
        {
            throw new InvalidDataException("The Latin character model has no empty history.");
        }

        if (keys.Count > ushort.MaxValue)
        {
            throw new InvalidDataException("More Latin histories than the model's nodes hold.");
        }

        // The node after a node and a letter: the longest suffix of the history and the letter the model knows.
        var next = new ushort[keys.Count * 26];
        for (var n = 0; n < keys.Count; n++)
        {
            var length = Math.Min((keys[n] >> HistoryLengthShift) + 1, historyLength);
            for (var letter = 1; letter <= 26; letter++)
            {
                var letters = (keys[n] << HistoryBits) | letter;
                for (var h = length; h > 0; h--)
                {
                    if (nodes.TryGetValue((h << HistoryLengthShift) | (letters & ((1 << (HistoryBits * h)) - 1)), out var found))
                    {
                        next[(n * 26) + letter - 1] = (ushort)found;
                        break;
                    }
                }
            }
        }

        var start = nodes.GetValueOrDefault(HistoryKey(new string('^', historyLength)));
        // Log probabilities times the model's weight, in 16-bit steps of the largest's 1/32767th (~2e-4).
        var logs = probabilities.Select(p => lmWeight * Math.Log(p)).ToList();
        var scale = Math.Max(logs.Max(Math.Abs), 1e-9) / short.MaxValue;
        return ([.. logs.Select(l => (short)Math.Round(l / scale))], scale, next, start);
    }

    // "chunk weight" fields; _ is the empty chunk (a letter written with no Latin letter, like ع in Ali).
    private static (string Form, double Weight)[] Forms(ReadOnlySpan<string> fields)
    {
        var forms = new (string, double)[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            var space = fields[i].LastIndexOf(' ');
            var form = fields[i][..space];
            forms[i] = (form == "_" ? "" : form, double.Parse(fields[i].AsSpan(space + 1), CultureInfo.InvariantCulture));
        }

        return forms;
    }

    private sealed class Parsed
    {
        public int Window { get; set; }

        public int History { get; set; }

        public double LmWeight { get; set; }

        public List<(string Key, (string Form, double Weight)[] Forms)> Contexts { get; } = [];

        public List<(string Key, (string Form, double Weight)[] Forms)> Latin { get; } = [];
    }

    // A letter's chunks alone and their probabilities.
    private sealed record Letter(string[] Chunks, double[] P);

    private readonly record struct Option(string Chunk, double Log);

    private readonly record struct Hypothesis(string Latin, double Score, int Node);

    private readonly record struct Candidate(int From, string Chunk, double Score, int Node);
}
