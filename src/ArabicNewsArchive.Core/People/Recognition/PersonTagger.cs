using System.Collections.Concurrent;
using System.IO.Compression;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.People.Recognition;

/// <summary>
/// A statistical named-entity tagger for Arabic news: an averaged structured perceptron over BIO labels of people,
/// places, organisations and other names, decoded with Viterbi, trained on ANERcorp (see docs/arabic-text.md,
/// "The person recogniser"). A second pass sees what the first found in the whole text, so a surname alone
/// after the full name is a person too. Immutable once loaded; <see cref="Tag(string, IReadOnlyList{Token})"/> is thread-safe.
/// </summary>
public sealed class PersonTagger
{
    private const string Magic = "ANA-NER";
    private const int FormatVersion = 1;

    /// <summary>
    /// Distinct words whose scores are kept (about 0.5 KB each, so 25 MB when full): words met twice before it filled
    /// (<see cref="SecondSighting"/>); the rest of a news vocabulary is rare words, scored again each time they come.
    /// </summary>
    private const int CacheCapacity = 50_000;

    // An article's score table and a segment's marginals, kept per thread from one text to the next: made anew they
    // were a sixth of the analysis's allocations. They never leave Tag (nor Decode).
    [ThreadStatic]
    private static float[]? s_emissions;

    [ThreadStatic]
    private static double[]? s_marginals;

    // Weak: the model (~20 MB with its lexicon) is shared by whoever holds it at the same time (an ingestion, a
    // curator's re-analysis), but the web server, which needs it only for those, does not keep it between them.
    private static readonly Dictionary<string, WeakReference<PersonTagger>> s_byPath = new(StringComparer.Ordinal);
    private static readonly Lock s_loading = new();

    private readonly ConcurrentDictionary<string, WordScores> _cache = new(StringComparer.Ordinal);

    // A word's scores are kept on its second sighting: kept on the first, the cache filled with the first 50,000
    // words met, many never met again, and rescored the words that do come back for the rest of the run.
    private readonly SecondSighting _seen = new();
    private readonly WordScores _padBefore;
    private readonly WordScores _padAfter;
    private readonly float[] _firstSmall;
    private readonly float[]? _secondSmall;
    private int _cached;

    // Written whole by whichever thread makes them first (the same values from any thread).
    private MovePotentials? _firstMoves;
    private MovePotentials? _secondMoves;

    internal PersonTagger(TaggerLexicon lexicon, FeatureGroups groups, WeightTable firstPass, WeightTable? secondPass, float temperature)
    {
        Lexicon = lexicon;
        Groups = groups;
        FirstPass = firstPass;
        SecondPass = secondPass;
        Temperature = temperature;
        _firstSmall = SmallWeights(firstPass);
        _secondSmall = secondPass is null ? null : SmallWeights(secondPass);
        _padBefore = Score(TaggerFeatures.PadBefore);
        _padAfter = Score(TaggerFeatures.PadAfter);
    }

    internal TaggerLexicon Lexicon { get; }

    internal FeatureGroups Groups { get; }

    internal WeightTable FirstPass { get; }

    internal WeightTable? SecondPass { get; }

    /// <summary>Divides the scores before they are read as log-potentials for <see cref="EntitySpan.Confidence"/>.</summary>
    internal float Temperature { get; set; }

    /// <summary>
    /// The model in the file at <paramref name="path"/>: the same instance as long as one is held anywhere, read again
    /// once none is.
    /// </summary>
    public static PersonTagger Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        lock (s_loading)
        {
            if (s_byPath.TryGetValue(full, out var weak) && weak.TryGetTarget(out var held))
            {
                return held;
            }

            using var file = File.OpenRead(full);
            var tagger = Load(file);
            s_byPath[full] = new WeakReference<PersonTagger>(tagger);
            return tagger;
        }
    }

    /// <summary>Reads a model (gzip'd, as the training command writes it) from <paramref name="stream"/>.</summary>
    public static PersonTagger Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new BinaryReader(new BufferedStream(gzip, 1 << 16));
        if (reader.ReadString() != Magic || reader.ReadInt32() != FormatVersion)
        {
            throw new InvalidDataException("Not a person tagger model of this version.");
        }

        var groups = (FeatureGroups)reader.ReadInt32();
        var temperature = reader.ReadSingle();
        var lexicon = TaggerLexicon.Read(reader);
        var first = WeightTable.Read(reader);
        var second = reader.ReadBoolean() ? WeightTable.Read(reader) : null;
        return new PersonTagger(lexicon, groups, first, second, temperature);
    }

    /// <summary>Writes the model, gzip'd; the same model gives the same bytes.</summary>
    internal void Save(Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(gzip);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write((int)Groups);
        writer.Write(Temperature);
        Lexicon.Write(writer);
        FirstPass.Write(writer);
        writer.Write(SecondPass is not null);
        SecondPass?.Write(writer);
    }

    /// <summary>
    /// The named entities of <paramref name="text"/>, given its <see cref="ArabicTokenizer"/> tokens (the text is read
    /// for the punctuation between them). Spans are in text order and never overlap.
    /// </summary>
    public IReadOnlyList<EntitySpan> Tag(string text, IReadOnlyList<Token> tokens) => Tag(text, tokens, null);

    /// <summary>As <see cref="Tag(string, IReadOnlyList{Token})"/>, keeping each word's scores on its <paramref name="words"/> entry (one per token).</summary>
    internal IReadOnlyList<EntitySpan> Tag(string text, IReadOnlyList<Token> tokens, IReadOnlyList<CachedWord?>? words) =>
        Tag(text, tokens, words, null);

    /// <summary>
    /// As <see cref="Tag(string, IReadOnlyList{Token}, IReadOnlyList{CachedWord?}?)"/>, but only the spans of
    /// <paramref name="kind"/> when it is given: the confidences of the others (marginals of every segment naming a
    /// place or an organisation) are not worked out. A segment's marginals depend on that segment alone, so the
    /// spans kept are the same, with the same confidences.
    /// </summary>
    internal IReadOnlyList<EntitySpan> Tag(string text, IReadOnlyList<Token> tokens, IReadOnlyList<CachedWord?>? words, EntityKind? kind)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0)
        {
            return [];
        }

        var labels = Decode(text, tokens, words, out var emissions, out var segments, out var table);
        return Spans(labels, emissions, segments, table, kind);
    }

    /// <summary>The BIO labels of the tokens (both passes when the model has the second).</summary>
    internal int[] Decode(string text, IReadOnlyList<Token> tokens) => Decode(text, tokens, null, out _, out _, out _);

    private int[] Decode(string text, IReadOnlyList<Token> tokens, IReadOnlyList<CachedWord?>? entries, out float[] emissions, out List<(int Start, int Length)> segments, out WeightTable table)
    {
        var n = tokens.Count;
        var words = new WordScores[n];
        var features = new WordFeatures[n];
        for (var i = 0; i < n; i++)
        {
            words[i] = entries?[i] is { } entry ? Get(entry) : Get(tokens[i].Normalized);
            features[i] = words[i].Features;
        }

        var gaps = TaggerFeatures.Gaps(text, tokens);
        segments = TaggerFeatures.Segments(gaps, n);
        var cells = n * TagSet.Count;
        emissions = s_emissions is { } kept && kept.Length >= cells ? kept : (s_emissions = new float[Math.Max(cells, 4096)]);
        Array.Clear(emissions, 0, cells);
        var labels = new int[n];
        var tokenFeatures = new List<ulong>(4);
        var small = new List<int>(16);
        table = FirstPass;
        foreach (var (start, length) in segments)
        {
            for (var i = start; i < start + length; i++)
            {
                PrefetchBigrams(FirstPass, features, i, start, start + length);
                var scores = emissions.AsSpan(i * TagSet.Count, TagSet.Count);
                AddWindow(words, i, start, start + length, pass: 0, scores);
                tokenFeatures.Clear();
                small.Clear();
                TaggerFeatures.TokenFeatures(small, tokenFeatures, features, gaps, i, start, start + length, Groups);
                AddSmall(_firstSmall, small, scores);
                foreach (var f in tokenFeatures)
                {
                    FirstPass.AddTo(f, scores);
                }
            }

            TagSet.Viterbi(emissions.AsSpan(start * TagSet.Count), length, FirstPass.Transitions, labels.AsSpan(start, length));
        }

        if (SecondPass is null)
        {
            return labels;
        }

        var index = new DocumentIndex(features, labels, tokens);
        var second = new int[n];
        Array.Clear(emissions, 0, cells);
        table = SecondPass;
        foreach (var (start, length) in segments)
        {
            for (var i = start; i < start + length; i++)
            {
                PrefetchBigrams(SecondPass, features, i, start, start + length);
                var scores = emissions.AsSpan(i * TagSet.Count, TagSet.Count);
                AddWindow(words, i, start, start + length, pass: 1, scores);
                tokenFeatures.Clear();
                small.Clear();
                TaggerFeatures.TokenFeatures(small, tokenFeatures, features, gaps, i, start, start + length, Groups);
                TaggerFeatures.DocumentFeatures(small, features, labels, index, i, start, start + length);
                AddSmall(_secondSmall!, small, scores);
                foreach (var f in tokenFeatures)
                {
                    SecondPass.AddTo(f, scores);
                }
            }

            TagSet.Viterbi(emissions.AsSpan(start * TagSet.Count), length, SecondPass.Transitions, second.AsSpan(start, length));
        }

        return second;
    }

    /// <summary>
    /// Asks for the weight rows of the next token's bigrams (and at a segment's start of its first token's) while
    /// this token is scored: two lookups a token in a table far larger than the caches, each otherwise a memory wait.
    /// </summary>
    private void PrefetchBigrams(WeightTable table, WordFeatures[] features, int i, int start, int end)
    {
        if ((Groups & FeatureGroups.Bigrams) == 0)
        {
            return;
        }

        for (var j = i == start ? i : i + 1; j <= i + 1 && j < end; j++)
        {
            TaggerFeatures.Bigrams(features, j, start, end, out var left, out var right);
            table.Prefetch(left);
            table.Prefetch(right);
        }
    }

    private List<EntitySpan> Spans(int[] labels, float[] emissions, List<(int Start, int Length)> segments, WeightTable table, EntityKind? only)
    {
        var spans = new List<EntitySpan>();
        foreach (var (start, length) in segments)
        {
            // Most segments name no one: skip them before building a list.
            var segment = labels.AsSpan(start, length);
            if (segment.IndexOfAnyExcept(TagSet.Outside) < 0)
            {
                continue;
            }

            var found = TagSet.Spans(segment);
            if (only is { } wanted && !found.Exists(f => f.Kind == wanted))
            {
                continue;
            }

            var marginals = s_marginals is { } kept && kept.Length >= length * TagSet.Count
                ? kept : (s_marginals = new double[Math.Max(length, TaggerFeatures.MaxSegment) * TagSet.Count]);
            TagSet.Marginals(emissions.AsSpan(start * TagSet.Count), length, Moves(table), Temperature, marginals);
            foreach (var (kind, first, last) in found)
            {
                if (only is { } keep && kind != keep)
                {
                    continue;
                }

                // The span is as likely as its least likely label (a product would punish long names).
                var confidence = 1.0;
                for (var k = first; k <= last; k++)
                {
                    confidence = Math.Min(confidence, marginals[(k * TagSet.Count) + labels[start + k]]);
                }

                spans.Add(new EntitySpan(kind, start + first, start + last, Math.Clamp(confidence, 0, 1)));
            }
        }

        return spans;
    }

    /// <summary>
    /// The transition potentials of <paramref name="table"/> at today's <see cref="Temperature"/>: made once instead
    /// of 90 exponentials per segment naming someone. Remade if the temperature was changed (calibration).
    /// </summary>
    private double[] Moves(WeightTable table)
    {
        var moves = ReferenceEquals(table, FirstPass) ? _firstMoves : _secondMoves;
        if (moves is not null && moves.Temperature == Temperature)
        {
            return moves.Potentials;
        }

        var potentials = new double[(TagSet.Count + 1) * TagSet.Count];
        TagSet.TransitionPotentials(table.Transitions, Temperature, potentials);
        moves = new MovePotentials(Temperature, potentials);
        if (ReferenceEquals(table, FirstPass))
        {
            _firstMoves = moves;
        }
        else
        {
            _secondMoves = moves;
        }

        return potentials;
    }

    private sealed record MovePotentials(float Temperature, double[] Potentials);

    private static void AddSmall(float[] table, List<int> codes, Span<float> scores)
    {
        foreach (var code in codes)
        {
            TagSet.AddRow(scores, table.AsSpan(code * TagSet.Count, TagSet.Count));
        }
    }

    /// <summary>The weights of every small token feature code, looked up once instead of hashed per token.</summary>
    private static float[] SmallWeights(WeightTable table)
    {
        var weights = new float[TaggerFeatures.SmallCodes * TagSet.Count];
        for (var code = 0; code < TaggerFeatures.SmallCodes; code++)
        {
            table.AddTo(TaggerFeatures.SmallId(code), weights.AsSpan(code * TagSet.Count, TagSet.Count));
        }

        return weights;
    }

    private void AddWindow(WordScores[] words, int i, int start, int end, int pass, Span<float> scores)
    {
        for (var o = -TaggerFeatures.Window; o <= TaggerFeatures.Window; o++)
        {
            var j = i + o;
            var w = j < start ? _padBefore : j >= end ? _padAfter : words[j];
            TagSet.AddRow(scores, (pass == 0 ? w.FirstPass : w.SecondPass!).AsSpan((o + TaggerFeatures.Window) * TagSet.Count, TagSet.Count));
        }
    }

    private WordScores Get(CachedWord entry)
    {
        if (entry.TaggerMemo is WordScores memo && ReferenceEquals(memo.Owner, this))
        {
            return memo;
        }

        var scores = Get(entry.Normalized);
        entry.TaggerMemo = scores;
        return scores;
    }

    private WordScores Get(string normalized)
    {
        if (_cache.TryGetValue(normalized, out var scores))
        {
            return scores;
        }

        // The features on the stack and straight into the scores: only what is kept is allocated.
        Span<ulong> center = stackalloc ulong[TaggerFeatures.MaxCenter];
        Span<ulong> context = stackalloc ulong[TaggerFeatures.MaxContext];
        TaggerFeatures.ForWord(normalized, Lexicon, Groups, center, context, out var nc, out var nx, out var word, out var bare);
        scores = Score(center[..nc], context[..nx], word, bare);
        if (Volatile.Read(ref _cached) < CacheCapacity && _seen.Again(normalized) && _cache.TryAdd(normalized, scores))
        {
            Interlocked.Increment(ref _cached);
        }

        return scores;
    }

    /// <summary>Sums a word's weights for each offset of the window, for each pass: a token then costs five vector adds.</summary>
    private WordScores Score(WordFeatures features) => Score(features.Center, features.Context, features.Word, features.Bare);

    private WordScores Score(ReadOnlySpan<ulong> center, ReadOnlySpan<ulong> context, ulong word, ulong bare) =>
        // Only the word's two ids are needed after scoring: the feature ids are not kept in the cache.
        new(this, new WordFeatures([], [], word, bare), Vectors(center, context, FirstPass), SecondPass is null ? null : Vectors(center, context, SecondPass));

    private static float[] Vectors(ReadOnlySpan<ulong> center, ReadOnlySpan<ulong> context, WeightTable table)
    {
        var vectors = new float[((2 * TaggerFeatures.Window) + 1) * TagSet.Count];
        // The ids first, in the order they are added, so each lookup can be asked for a few lookups ahead: a word
        // the cache does not hold costs some 80 lookups per pass, nearly all of them memory waits one after the other.
        var count = center.Length + (2 * TaggerFeatures.Window * context.Length);
        Span<ulong> ids = count <= 128 ? stackalloc ulong[128] : new ulong[count];
        Span<byte> offsets = count <= 128 ? stackalloc byte[128] : new byte[count];
        var n = 0;
        for (var o = -TaggerFeatures.Window; o <= TaggerFeatures.Window; o++)
        {
            foreach (var f in o == 0 ? center : context)
            {
                ids[n] = FeatureHash.AtOffset(f, o);
                offsets[n++] = (byte)(o + TaggerFeatures.Window);
            }
        }

        for (var k = 0; k < Math.Min(n, PrefetchDistance); k++)
        {
            table.Prefetch(ids[k]);
        }

        for (var k = 0; k < n; k++)
        {
            if (k + PrefetchDistance < n)
            {
                table.Prefetch(ids[k + PrefetchDistance]);
            }

            table.AddTo(ids[k], vectors.AsSpan(offsets[k] * TagSet.Count, TagSet.Count));
        }

        return vectors;
    }

    /// <summary>How many weight lookups ahead <see cref="Vectors"/> asks for a row.</summary>
    private const int PrefetchDistance = 8;

    private sealed record WordScores(PersonTagger Owner, WordFeatures Features, float[] FirstPass, float[]? SecondPass);
}
