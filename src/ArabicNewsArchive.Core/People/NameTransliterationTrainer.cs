using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.People;

/// <summary>One Arabic name word (normalised) with one Latin spelling of it and how often the pair was seen.</summary>
public readonly record struct TransliterationPair(string Arabic, string Latin, int Count);

/// <summary>Held-out figures: distinct Arabic words, guesses equal to the most frequent Latin form, to any attested form, and the mean edit distance to the most frequent.</summary>
public readonly record struct TransliterationScore(int Words, int Top, int Any, double MeanEditDistance)
{
    /// <summary>Share of words whose guess is the most frequent Latin form.</summary>
    public double TopAccuracy => Words == 0 ? 0 : (double)Top / Words;

    /// <summary>Share of words whose guess is one of the attested Latin forms.</summary>
    public double AnyAccuracy => Words == 0 ? 0 : (double)Any / Words;
}

/// <summary>
/// Trains <see cref="NameTransliterator"/>'s model from Arabic–Latin name pairs: EM aligns each Arabic letter to 0–3
/// Latin letters (as m2m-aligner does), the aligned chunks are counted in windows of ±0–3 Arabic letters, and a Latin
/// character model is counted from the spellings. Deterministic: the same pairs give the same bytes (pairs are
/// processed in ordinal order, sums in a fixed order, no randomness).
/// </summary>
public static class NameTransliterationTrainer
{
    /// <summary>The widest Arabic window, in letters either side of the one being spelt.</summary>
    public const int Window = 3;

    /// <summary>Latin letters of history in the character model.</summary>
    public const int History = 4;

    /// <summary>Weight of the Latin character model against the chunk model in decoding (chosen on a development split).</summary>
    public const double LatinModelWeight = 0.3;

    private const int MaxChunk = 3;
    private const int EmIterations = 8;

    /// <summary>
    /// Reads a <c>latin TAB arabic TAB count</c> file with a header line (Wikidata's person-name tokens) into pairs fit
    /// for training: the Arabic normalised as the archive normalises words, one word of Arabic letters; the Latin folded
    /// to a–z (<see cref="FoldLatin"/>). Pairs that do not fit are left out.
    /// </summary>
    public static List<TransliterationPair> ReadPairs(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var pairs = new List<TransliterationPair>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split('\t');
            if (f.Length >= 3 && int.TryParse(f[2], CultureInfo.InvariantCulture, out var n) && Pair(f[1], f[0], n) is { } pair)
            {
                pairs.Add(pair);
            }
        }

        return pairs;
    }

    /// <summary>The pair normalised for training, or null when either side is not one plain word.</summary>
    public static TransliterationPair? Pair(string arabic, string latin, int count)
    {
        ArgumentNullException.ThrowIfNull(arabic);
        ArgumentNullException.ThrowIfNull(latin);
        var ar = ArabicNormalizer.Normalize(arabic);
        var la = FoldLatin(latin);
        return ar.Length >= 2 && ar.All(ArabicNormalizer.IsArabicLetter) && la is { Length: > 0 } && count > 0
            ? new TransliterationPair(ar, la, count)
            : null;
    }

    /// <summary>
    /// Lower case a–z: accents off (Dembélé → dembele, the English press mostly writes names without them), ß → ss,
    /// apostrophes and ʿ dropped; null when other characters remain (initials, hyphens, non-Latin letters).
    /// </summary>
    public static string? FoldLatin(string latin)
    {
        ArgumentNullException.ThrowIfNull(latin);
        var sb = new StringBuilder(latin.Length);
        foreach (var c in latin.ToLowerInvariant().Normalize(NormalizationForm.FormD))
        {
            switch (c)
            {
                case >= 'a' and <= 'z':
                    sb.Append(c);
                    break;
                case '\'' or '`' or '\u02BF' or '\u02BE' or '\u2019':
                    break;
                case 'ı':
                    sb.Append('i');
                    break;
                case 'ø':
                    sb.Append('o');
                    break;
                case 'ł':
                    sb.Append('l');
                    break;
                case 'đ' or 'ð':
                    sb.Append('d');
                    break;
                case 'ß':
                    sb.Append("ss");
                    break;
                case 'æ':
                    sb.Append("ae");
                    break;
                default:
                    if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                    {
                        return null;
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// True for the tenth of Arabic words held out from training to measure the model (by the first byte of the SHA-256
    /// of the normalised word, so every spelling of a word falls on the same side).
    /// </summary>
    public static bool IsHeldOut(string normalizedArabic) => Bucket(normalizedArabic) < 26;

    /// <summary>True for the tenth of training words used to choose the decoding weights (never the held-out tenth).</summary>
    public static bool IsDevelopment(string normalizedArabic) => Bucket(normalizedArabic) is >= 26 and < 52;

    private static int Bucket(string normalizedArabic)
    {
        ArgumentNullException.ThrowIfNull(normalizedArabic);
        return SHA256.HashData(Encoding.UTF8.GetBytes(normalizedArabic))[0];
    }

    /// <summary>A pair's weight: 1 + ln(count), so a name seen 2,000 times counts about 9 times one seen once, not 2,000.</summary>
    public static double Weight(int count) => 1 + Math.Log(count);

    /// <summary>
    /// Held-out figures of a transliteration over pairs: per distinct Arabic word, whether the guess is its most frequent
    /// Latin form (ties: the ordinal first) or any attested form, and the mean edit distance to the most frequent form.
    /// </summary>
    public static TransliterationScore Evaluate(IEnumerable<TransliterationPair> pairs, Func<string, string> transliterate)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(transliterate);
        int words = 0, top = 0, any = 0;
        long distance = 0;
        foreach (var word in pairs.GroupBy(p => p.Arabic, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var forms = word.GroupBy(p => p.Latin, StringComparer.Ordinal).Select(g => (Latin: g.Key, Count: g.Sum(p => p.Count)))
                .OrderByDescending(f => f.Count).ThenBy(f => f.Latin, StringComparer.Ordinal).ToList();
            var guess = transliterate(word.Key).ToLowerInvariant();
            words++;
            top += guess == forms[0].Latin ? 1 : 0;
            any += forms.Any(f => f.Latin == guess) ? 1 : 0;
            distance += EditDistance(guess, forms[0].Latin);
        }

        return new TransliterationScore(words, top, any, words == 0 ? 0 : (double)distance / words);
    }

    /// <summary>Levenshtein distance (insert, delete, substitute: 1 each).</summary>
    public static int EditDistance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }

    /// <summary>Trains a model on the pairs and writes its text (see <see cref="NameTransliterator.Parse"/>).</summary>
    public static void Train(IEnumerable<TransliterationPair> pairs, TextWriter output, double latinModelWeight = LatinModelWeight)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(output);
        // One pair per (Arabic, Latin), counts summed, in ordinal order: the order every sum below runs in.
        var merged = pairs.GroupBy(p => (p.Arabic, p.Latin))
            .Select(g => new TransliterationPair(g.Key.Arabic, g.Key.Latin, g.Sum(p => p.Count)))
            .Where(p => p.Latin.Length <= MaxChunk * p.Arabic.Length)
            .OrderBy(p => p.Arabic, StringComparer.Ordinal).ThenBy(p => p.Latin, StringComparer.Ordinal)
            .ToList();

        var emission = Align(merged);
        var contexts = new SortedDictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal);
        var latin = new SortedDictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var pair in merged)
        {
            var weight = Weight(pair.Count);
            var chunks = Viterbi(pair, emission);
            for (var i = 0; i < chunks?.Length; i++)
            {
                for (var k = 0; k <= Window; k++)
                {
                    Add(contexts, k == 0 ? pair.Arabic[i].ToString() : NameTransliterator.Window(pair.Arabic, i, k), chunks![i], weight);
                }
            }

            var padded = new string('^', History) + pair.Latin + "$";
            for (var j = History; j < padded.Length; j++)
            {
                for (var h = 0; h <= History; h++)
                {
                    Add(latin, padded[(j - h)..j], padded[j].ToString(), weight);
                }
            }
        }

        output.WriteLine("# Arabic → Latin transliteration of single name words, for discovered people's English names.");
        output.WriteLine("# Trained by `dotnet run -c Release --project tests/ArabicNewsArchive.Benchmarks -- people transliteration`");
        output.WriteLine("# from Wikidata's person-name tokens (../shared/corpora/names/wikidata-person-name-tokens-en-ar.tsv, from");
        output.WriteLine("# steveash/NETransliteration-COLING2018 @5d5f59e). Wikidata: CC0 1.0. Weights only, one pair weighs 1 + ln(count).");
        output.WriteLine("# P name value | C arabic-window chunk weight ... (_ = no letter) | L latin-history letter weight ... ($ = end)");
        output.WriteLine(FormattableString.Invariant($"P\twindow\t{Window}"));
        output.WriteLine(FormattableString.Invariant($"P\thistory\t{History}"));
        output.WriteLine(FormattableString.Invariant($"P\tlm-weight\t{latinModelWeight}"));
        Write(output, "C", contexts, key => key.Length == 1 ? 0 : 3);
        Write(output, "L", latin, key => key.Length <= 2 ? 0 : 3);
    }

    // Windows seen with a weight below the floor are left out (the narrower window stands in): they are most of the
    // file and move no held-out figure.
    private static void Write(TextWriter output, string kind, SortedDictionary<string, SortedDictionary<string, double>> table, Func<string, double> floor)
    {
        foreach (var (key, forms) in table)
        {
            var rounded = forms.Select(kv => (Form: kv.Key, Weight: Math.Round(kv.Value, 2)))
                .Where(x => x.Weight > 0).OrderByDescending(x => x.Weight).ThenBy(x => x.Form, StringComparer.Ordinal).ToList();
            if (rounded.Count == 0 || rounded.Sum(x => x.Weight) < floor(key))
            {
                continue;
            }

            output.Write(kind);
            output.Write('\t');
            output.Write(key);
            foreach (var (form, weight) in rounded)
            {
                output.Write('\t');
                output.Write(form.Length == 0 ? "_" : form);
                output.Write(' ');
                output.Write(weight.ToString("0.##", CultureInfo.InvariantCulture));
            }

            output.WriteLine();
        }
    }

    private static void Add(SortedDictionary<string, SortedDictionary<string, double>> table, string key, string form, double weight)
    {
        if (!table.TryGetValue(key, out var forms))
        {
            table[key] = forms = new SortedDictionary<string, double>(StringComparer.Ordinal);
        }

        forms[form] = forms.GetValueOrDefault(form) + weight;
    }

    // EM over P(chunk | Arabic letter), chunks of 0–3 Latin letters, starting from uniform: the forward–backward
    // expectation of every letter's chunks, weighted like the pairs. Each (letter, chunk) is numbered once, in the pairs'
    // order, so the iterations run over arrays.
    private static Dictionary<(char, string), double> Align(List<TransliterationPair> pairs)
    {
        var ids = new Dictionary<(char, string), int>();
        var letters = new List<char>();
        var lattices = new int[pairs.Count][];
        for (var p = 0; p < pairs.Count; p++)
        {
            var (a, l) = (pairs[p].Arabic, pairs[p].Latin);
            var lattice = lattices[p] = new int[a.Length * (l.Length + 1) * (MaxChunk + 1)];
            for (var i = 0; i < a.Length; i++)
            {
                for (var j = 0; j <= l.Length; j++)
                {
                    for (var k = 0; k <= MaxChunk; k++)
                    {
                        var cell = Cell(i, j, k, l.Length);
                        if (j + k > l.Length)
                        {
                            lattice[cell] = -1;
                            continue;
                        }

                        var key = (a[i], l.Substring(j, k));
                        if (!ids.TryGetValue(key, out var id))
                        {
                            ids[key] = id = ids.Count;
                            letters.Add(a[i]);
                        }

                        lattice[cell] = id;
                    }
                }
            }
        }

        var emission = new double[ids.Count];
        Array.Fill(emission, 1.0);
        for (var iteration = 0; iteration < EmIterations; iteration++)
        {
            var counts = new double[ids.Count];
            for (var p = 0; p < pairs.Count; p++)
            {
                var (n, m) = (pairs[p].Arabic.Length, pairs[p].Latin.Length);
                var lattice = lattices[p];
                var forward = new double[n + 1, m + 1];
                forward[0, 0] = 1;
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j <= m; j++)
                    {
                        for (var k = 0; k <= MaxChunk && j + k <= m; k++)
                        {
                            forward[i + 1, j + k] += forward[i, j] * emission[lattice[Cell(i, j, k, m)]];
                        }
                    }
                }

                var total = forward[n, m];
                if (total <= 0)
                {
                    continue;
                }

                var backward = new double[n + 1, m + 1];
                backward[n, m] = 1;
                for (var i = n - 1; i >= 0; i--)
                {
                    for (var j = m; j >= 0; j--)
                    {
                        for (var k = 0; k <= MaxChunk && j + k <= m; k++)
                        {
                            backward[i, j] += emission[lattice[Cell(i, j, k, m)]] * backward[i + 1, j + k];
                        }
                    }
                }

                var weight = Weight(pairs[p].Count) / total;
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j <= m; j++)
                    {
                        for (var k = 0; k <= MaxChunk && j + k <= m && forward[i, j] > 0; k++)
                        {
                            var id = lattice[Cell(i, j, k, m)];
                            counts[id] += weight * forward[i, j] * emission[id] * backward[i + 1, j + k];
                        }
                    }
                }
            }

            // M step, in the ids' order so the sums are the same every run.
            var totals = new Dictionary<char, double>();
            for (var id = 0; id < counts.Length; id++)
            {
                totals[letters[id]] = totals.GetValueOrDefault(letters[id]) + counts[id];
            }

            for (var id = 0; id < counts.Length; id++)
            {
                emission[id] = totals[letters[id]] > 0 ? counts[id] / totals[letters[id]] : 0;
            }
        }

        return ids.Where(kv => emission[kv.Value] > 0).ToDictionary(kv => kv.Key, kv => emission[kv.Value]);
    }

    private static int Cell(int i, int j, int k, int m) => (((i * (m + 1)) + j) * (MaxChunk + 1)) + k;

    private static double P(Dictionary<(char, string), double> emission, char letter, string chunk) =>
        emission.GetValueOrDefault((letter, chunk));

    // The likeliest chunk of each Arabic letter under the aligned model; null when the pair cannot be aligned (a chunk no
    // pair made likely enough, as in a translated rather than transliterated name).
    private static string[]? Viterbi(TransliterationPair pair, Dictionary<(char, string), double> emission)
    {
        var (a, l) = (pair.Arabic, pair.Latin);
        var best = new double[a.Length + 1, l.Length + 1];
        var back = new int[a.Length + 1, l.Length + 1];
        best[0, 0] = 1;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 0; j <= l.Length; j++)
            {
                for (var k = 0; k <= MaxChunk && k <= j; k++)
                {
                    var s = best[i - 1, j - k] * P(emission, a[i - 1], l.Substring(j - k, k));
                    if (s > best[i, j])
                    {
                        best[i, j] = s;
                        back[i, j] = k;
                    }
                }
            }
        }

        if (best[a.Length, l.Length] <= 0)
        {
            return null;
        }

        var chunks = new string[a.Length];
        var end = l.Length;
        for (var i = a.Length; i > 0; i--)
        {
            var k = back[i, end];
            chunks[i - 1] = l.Substring(end - k, k);
            end -= k;
        }

        return chunks;
    }
}
