using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.People.Recognition;

/// <summary>Which feature groups a model uses (stored in the model file, so a model is read as it was trained).</summary>
[Flags]
internal enum FeatureGroups
{
    None = 0,
    Lexicons = 1,
    Clusters = 2,
    Bigrams = 4,
    DocumentPass = 8,
    All = Lexicons | Clusters | Bigrams | DocumentPass,
}

/// <summary>The features of one word that do not depend on its neighbours, as 64-bit ids; computed once per word.</summary>
/// <param name="Center">Used when the word is the token being labelled.</param>
/// <param name="Context">The subset used when the word stands up to two places before or after it.</param>
/// <param name="Word">Id of the normalised word (bigrams).</param>
/// <param name="Bare">Id of the word without attached particles (the document pass matches mentions on it).</param>
internal sealed record WordFeatures(ulong[] Center, ulong[] Context, ulong Word, ulong Bare);

/// <summary>
/// The feature templates of the tagger, shared by training and tagging so both see exactly the same ids. A token's
/// features are the word features of the words at offsets -2..+2 (each id combined with its offset), plus token
/// features: a bias, the punctuation in the gaps before and after it (punctuation is not a token), word bigrams and,
/// in the second pass, what the first pass found in the rest of the document.
/// </summary>
internal static class TaggerFeatures
{
    public const int Window = 2;

    /// <summary>A segment longer than this is cut (at a comma if one is near): ANERcorp has 1,800-token "sentences".</summary>
    public const int MaxSegment = 80;

    // Gap classes: what punctuation stands between two tokens.
    public const byte GapComma = 1;
    public const byte GapSentenceEnd = 2;
    public const byte GapQuote = 4;
    public const byte GapOpen = 8;
    public const byte GapClose = 16;
    public const byte GapColon = 32;
    public const byte GapDash = 64;
    public const byte GapNewLine = 128;

    private const int TWord = 1;
    private const int TBare = 2;
    private const int TStem = 3;
    private const int TParticles = 4;
    private const int TPrefix = 5;
    private const int TSuffix = 6;
    private const int TShape = 7;
    private const int TLexicon = 8;
    private const int TCluster = 9;
    private const int TFrequency = 10;
    private const int TTitle = 11;
    private const int TPad = 12;
    private const int TBias = 20;
    private const int TGapBefore = 21;
    private const int TGapAfter = 22;
    private const int TBigramLeft = 23;
    private const int TBigramRight = 24;
    private const int TFirstPass = 30;
    private const int TFirstPassPair = 31;
    private const int TDocKinds = 32;
    private const int TDocPersonRole = 33;
    private const int TDocNeighbour = 34;

    public static readonly WordFeatures PadBefore = Pad("<s>");
    public static readonly WordFeatures PadAfter = Pad("</s>");

    private static readonly ulong s_bigramLeft = FeatureHash.Of(TBigramLeft, 0);
    private static readonly ulong s_bigramRight = FeatureHash.Of(TBigramRight, 0);

    /// <summary>The most ids <see cref="ForWord(ReadOnlySpan{char}, TaggerLexicon, FeatureGroups, Span{ulong}, Span{ulong}, out int, out int, out ulong, out ulong)"/> writes.</summary>
    public const int MaxCenter = 32;

    /// <summary>The most context ids it writes.</summary>
    public const int MaxContext = 16;

    public static WordFeatures ForWord(string normalized, TaggerLexicon lexicon, FeatureGroups groups)
    {
        Span<ulong> center = stackalloc ulong[MaxCenter];
        Span<ulong> context = stackalloc ulong[MaxContext];
        ForWord(normalized, lexicon, groups, center, context, out var nc, out var nx, out var word, out var bare);
        return new WordFeatures(center[..nc].ToArray(), context[..nx].ToArray(), word, bare);
    }

    /// <summary>
    /// The word's features written into <paramref name="center"/> (at least <see cref="MaxCenter"/> long) and
    /// <paramref name="context"/> (<see cref="MaxContext"/>), with no allocation: the tagger scores a word it has
    /// not cached straight from them, and 11 % of the tokens of real news are such words.
    /// </summary>
    public static void ForWord(
        ReadOnlySpan<char> normalized, TaggerLexicon lexicon, FeatureGroups groups, Span<ulong> center, Span<ulong> context,
        out int centerCount, out int contextCount, out ulong wordId, out ulong bareId)
    {
        // At most 24 center and 13 context ids.
        var nc = 0;
        var nx = 0;
        void Both(Span<ulong> center, Span<ulong> context, ulong id)
        {
            center[nc++] = id;
            context[nx++] = id;
        }

        var word = FeatureHash.Of(TWord, normalized);
        Both(center, context, word);
        var bare = Bare(normalized, out var particles);
        var bareHash = FeatureHash.Of(TBare, bare);
        Both(center, context, bareHash);
        center[nc++] = FeatureHash.Of(TStem, ArabicStemmer.Stem(normalized));
        Both(center, context, FeatureHash.Of(TParticles, particles));
        for (var k = 1; k <= 3 && k < bare.Length; k++)
        {
            center[nc++] = FeatureHash.Of(TPrefix + (16 * k), bare[..k]);
            center[nc++] = FeatureHash.Of(TSuffix + (16 * k), bare[^k..]);
        }

        Both(center, context, FeatureHash.Of(TShape, Shape(bare)));
        var titles = lexicon.TitlesBySpan;
        if (titles.Contains(bare) || titles.Contains(normalized))
        {
            Both(center, context, FeatureHash.Of(TTitle, 1));
        }

        if ((groups & FeatureGroups.Lexicons) != 0)
        {
            // The word as written first: "وليد" is a name, not و + ليد.
            var names = lexicon.NamesBySpan;
            var fromBare = false;
            if (!names.TryGetValue(normalized, out var bits) && names.TryGetValue(bare, out bits))
            {
                fromBare = true;
            }

            var flag = fromBare ? 16 : 0;
            for (var b = 0; b < 3; b++)
            {
                if ((bits & (1 << b)) != 0)
                {
                    Both(center, context, FeatureHash.Of(TLexicon, b + flag));
                }
            }

            Both(center, context, FeatureHash.Of(TLexicon, 8 + ((bits >> 3) & 7) + (4 * flag)));
        }

        if ((groups & FeatureGroups.Clusters) != 0)
        {
            var clusters = lexicon.ClustersBySpan;
            var viaBare = 0;
            if (!clusters.TryGetValue(normalized, out var cluster) && clusters.TryGetValue(bare, out cluster))
            {
                viaBare = 1;
            }

            if (cluster == default)
            {
                Both(center, context, FeatureHash.Of(TFrequency, -1));
            }
            else
            {
                Both(center, context, FeatureHash.Of(TCluster, (1L << 40) + cluster.Coarse));
                Both(center, context, FeatureHash.Of(TCluster, (2L << 40) + cluster.Middle));
                center[nc++] = FeatureHash.Of(TCluster, (3L << 40) + cluster.Fine);
                Both(center, context, FeatureHash.Of(TFrequency, cluster.FrequencyBucket + (16 * viaBare)));
            }
        }

        (centerCount, contextCount, wordId, bareId) = (nc, nx, word, bareHash);
    }

    /// <summary>
    /// The word without the particles attached before it: a conjunction (و ف), then a preposition (ب ل ك), then the
    /// article ال (لل = ل + ال). Each is stripped only when three letters stay. <paramref name="particles"/> says
    /// which were found (bits 1 و, 2 ف, 4 ب, 8 ل, 16 ك, 32 ال).
    /// </summary>
    public static string Bare(string word, out int particles)
    {
        var s = Bare(word.AsSpan(), out particles);
        return s.Length == word.Length ? word : s.ToString();
    }

    /// <summary>As <see cref="Bare(string, out int)"/>, a slice of <paramref name="word"/>.</summary>
    public static ReadOnlySpan<char> Bare(ReadOnlySpan<char> word, out int particles)
    {
        particles = 0;
        var s = word;
        if (s.Length >= 4 && s[0] is 'و' or 'ف')
        {
            particles |= s[0] == 'و' ? 1 : 2;
            s = s[1..];
        }

        if (s.Length >= 5 && s[0] == 'ل' && s[1] == 'ل')
        {
            particles |= 8 | 32;
            s = s[2..];
        }
        else if (s.Length >= 4 && s[0] is 'ب' or 'ل' or 'ك')
        {
            particles |= s[0] switch { 'ب' => 4, 'ل' => 8, _ => 16 };
            s = s[1..];
        }

        if (s.Length >= 5 && s[0] == 'ا' && s[1] == 'ل')
        {
            particles |= 32;
            s = s[2..];
        }

        return s;
    }

    /// <summary>Script and length class of a word: Arabic, Latin, digits or mixed, and 1, 2, 3, 4-5, 6-8, 9+ letters.</summary>
    private static int Shape(ReadOnlySpan<char> word)
    {
        var arabic = false;
        var latin = false;
        var digit = false;
        foreach (var c in word)
        {
            if (char.IsAsciiDigit(c))
            {
                digit = true;
            }
            else if (c < '\u0080')
            {
                latin = true;
            }
            else
            {
                arabic = true;
            }
        }

        var script = (arabic ? 1 : 0) | (latin ? 2 : 0) | (digit ? 4 : 0);
        var length = word.Length switch { 1 => 0, 2 => 1, 3 => 2, <= 5 => 3, <= 8 => 4, _ => 5 };
        return (script * 8) + length;
    }

    private static WordFeatures Pad(string marker)
    {
        var id = FeatureHash.Of(TPad, marker);
        return new WordFeatures([id], [id], id, id);
    }

    /// <summary>The gap classes of a text: [i] between token i-1 and token i (the text's start for 0), [n] after the last.</summary>
    public static byte[] Gaps(string text, IReadOnlyList<Token> tokens)
    {
        var gaps = new byte[tokens.Count + 1];
        var from = 0;
        for (var i = 0; i <= tokens.Count; i++)
        {
            var to = i < tokens.Count ? tokens[i].Start : text.Length;
            gaps[i] = GapClass(text.AsSpan(from, Math.Max(0, to - from)));
            if (i < tokens.Count)
            {
                from = tokens[i].End;
            }
        }

        return gaps;
    }

    public static byte GapClass(ReadOnlySpan<char> gap)
    {
        byte cls = 0;
        foreach (var c in gap)
        {
            cls |= c switch
            {
                '،' or ',' or '؛' or ';' => GapComma,
                '.' or '؟' or '?' or '!' or '…' or '۔' => GapSentenceEnd,
                '"' or '«' or '»' or '\'' or '“' or '”' or '‘' or '’' => GapQuote,
                '(' or '[' or '{' => GapOpen,
                ')' or ']' or '}' => GapClose,
                ':' => GapColon,
                '-' or '–' or '—' or '/' or '_' => GapDash,
                '\n' or '\r' => GapNewLine,
                _ => 0,
            };
        }

        return cls;
    }

    /// <summary>
    /// Cuts the tokens into the sequences the tagger decodes: at sentence ends and line breaks, and, past
    /// <see cref="MaxSegment"/> tokens, at the last comma of the second half of the run (else hard).
    /// </summary>
    public static List<(int Start, int Length)> Segments(byte[] gaps, int count)
    {
        var segments = new List<(int, int)>();
        var start = 0;
        for (var i = 1; i <= count; i++)
        {
            if (i == count || (gaps[i] & (GapSentenceEnd | GapNewLine)) != 0)
            {
                segments.Add((start, i - start));
                start = i;
            }
            else if (i - start >= MaxSegment)
            {
                var cut = i;
                for (var j = i - 1; j > start + (MaxSegment / 2); j--)
                {
                    if ((gaps[j] & GapComma) != 0)
                    {
                        cut = j;
                        break;
                    }
                }

                segments.Add((start, cut - start));
                start = cut;
            }
        }

        return segments;
    }

    /// <summary>
    /// Token features with few values (bias, gaps, first-pass labels, document evidence) are written as small codes:
    /// training hashes them with <see cref="SmallId"/>, tagging looks their weights up in a table built at load.
    /// </summary>
    public const int SmallValues = 512;

    public const int SmallCodes = (TDocNeighbour - TBias + 1) * SmallValues;

    public static ulong SmallId(int code) => FeatureHash.Of(TBias + (code / SmallValues), code % SmallValues);

    private static int Small(int template, int value) => ((template - TBias) * SmallValues) + value;

    /// <summary>The token features of the first pass for the token at <paramref name="i"/> of the segment [start, end).</summary>
    public static void TokenFeatures(List<int> small, List<ulong> hashed, WordFeatures[] words, byte[] gaps, int i, int start, int end, FeatureGroups groups)
    {
        small.Add(Small(TBias, 0));
        small.Add(Small(TGapBefore, gaps[i] | (i == start ? 256 : 0)));
        small.Add(Small(TGapAfter, gaps[i + 1] | (i == end - 1 ? 256 : 0)));
        if ((groups & FeatureGroups.Bigrams) != 0)
        {
            Bigrams(words, i, start, end, out var left, out var right);
            hashed.Add(left);
            hashed.Add(right);
        }
    }

    /// <summary>The ids of the word bigrams of the token at <paramref name="i"/> of the segment [start, end): with the word before it, and after it.</summary>
    public static void Bigrams(WordFeatures[] words, int i, int start, int end, out ulong left, out ulong right)
    {
        var before = i > start ? words[i - 1] : PadBefore;
        var after = i < end - 1 ? words[i + 1] : PadAfter;
        left = FeatureHash.Pair(s_bigramLeft, FeatureHash.Pair(before.Word, words[i].Word));
        right = FeatureHash.Pair(s_bigramRight, FeatureHash.Pair(words[i].Word, after.Word));
    }

    /// <summary>
    /// The second pass's features for token <paramref name="i"/>: its first-pass label, and how the same word (without
    /// particles) was labelled elsewhere in the document by the first pass: the kinds, and for people whether it was the
    /// first, a middle or the last word of a longer name or a name alone, and whether that came earlier.
    /// </summary>
    public static void DocumentFeatures(List<int> small, WordFeatures[] words, int[] firstPass, DocumentIndex index, int i, int start, int end)
    {
        small.Add(Small(TFirstPass, firstPass[i]));
        var previous = i > start ? firstPass[i - 1] : TagSet.Count;
        small.Add(Small(TFirstPassPair, (previous * 16) + firstPass[i]));
        var (kinds, roles) = index.Elsewhere(words[i].Bare, i);
        if (kinds != 0)
        {
            small.Add(Small(TDocKinds, kinds));
        }

        for (var r = 0; r < 8; r++)
        {
            if ((roles & (1 << r)) != 0)
            {
                small.Add(Small(TDocPersonRole, r));
            }
        }

        if (i > start && (index.Elsewhere(words[i - 1].Bare, i - 1).Kinds & 1) != 0)
        {
            small.Add(Small(TDocNeighbour, 1));
        }

        if (i < end - 1 && (index.Elsewhere(words[i + 1].Bare, i + 1).Kinds & 1) != 0)
        {
            small.Add(Small(TDocNeighbour, 2));
        }
    }
}

/// <summary>Where the first pass put each word (without particles) of a document into a name.</summary>
internal sealed class DocumentIndex
{
    private readonly Dictionary<ulong, List<(int Position, byte Kind, byte Role)>> _mentions = [];

    /// <summary>Indexes the entity words of <paramref name="labels"/> (BIO labels of the document's tokens).</summary>
    public DocumentIndex(WordFeatures[] words, int[] labels, IReadOnlyList<Token> tokens)
    {
        foreach (var (kind, i, last) in TagSet.Spans(labels))
        {
            for (var k = i; k <= last; k++)
            {
                // One-letter words and digits are never a mention of anyone.
                if (tokens[k].Normalized.Length < 2)
                {
                    continue;
                }

                byte role = last == i ? (byte)0 : k == i ? (byte)1 : k == last ? (byte)3 : (byte)2;
                if (!_mentions.TryGetValue(words[k].Bare, out var list))
                {
                    list = [];
                    _mentions[words[k].Bare] = list;
                }

                list.Add((k, (byte)kind, role));
            }
        }
    }

    /// <summary>
    /// The kinds (bit per <see cref="EntityKind"/>) under which the word appears at other positions than
    /// <paramref name="position"/>, and its person roles there (bit role, +4 when the mention came earlier).
    /// </summary>
    public (int Kinds, int Roles) Elsewhere(ulong bare, int position)
    {
        if (!_mentions.TryGetValue(bare, out var list))
        {
            return (0, 0);
        }

        int kinds = 0, roles = 0;
        foreach (var (p, kind, role) in list)
        {
            if (p == position)
            {
                continue;
            }

            kinds |= 1 << kind;
            if (kind == (byte)EntityKind.Person)
            {
                roles |= 1 << (role + (p < position ? 4 : 0));
            }
        }

        return (kinds, roles);
    }
}
