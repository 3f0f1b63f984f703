namespace ArabicNewsArchive.People.Recognition;

/// <summary>Settings of <see cref="PerceptronTrainer"/>; every run with the same settings and data gives the same model.</summary>
internal sealed record TrainerOptions
{
    public int Epochs { get; init; } = 12;

    /// <summary>Seeds the order in which training segments are visited in each epoch.</summary>
    public int Seed { get; init; } = 1;

    public FeatureGroups Groups { get; init; } = FeatureGroups.All;

    /// <summary>The second pass learns from first-pass labels of documents the first pass was not trained on (jackknife).</summary>
    public int JackknifeFolds { get; init; } = 5;

    /// <summary>Features seen fewer times in training get no weight.</summary>
    public int MinFeatureCount { get; init; } = 1;

    /// <summary>Features whose largest averaged weight is smaller than this (absolute) are dropped from the model.</summary>
    public float PruneBelow { get; init; }

    public float Temperature { get; init; } = 1f;
}

/// <summary>
/// Trains <see cref="PersonTagger"/>: an averaged structured perceptron (Collins 2002) with Viterbi over BIO labels,
/// once for the first pass and, on jackknifed first-pass labels, once for the document pass. Single-threaded and
/// seeded, so deterministic.
/// </summary>
internal static class PerceptronTrainer
{
    public static PersonTagger Train(IReadOnlyList<TrainingDocument> documents, TaggerLexicon lexicon, TrainerOptions options)
    {
        var prepared = documents.Select(d => Prepare(d, lexicon, options.Groups)).ToList();
        var first = TrainTable(prepared, p => p.FirstPass, options);
        WeightTable? second = null;
        if ((options.Groups & FeatureGroups.DocumentPass) != 0)
        {
            var firstLabels = new int[prepared.Count][];
            var folds = Math.Max(2, options.JackknifeFolds);
            for (var f = 0; f < folds; f++)
            {
                var train = prepared.Where((_, d) => Fold(d, prepared.Count, folds) != f).ToList();
                var table = TrainTable(train, p => p.FirstPass, options);
                for (var d = 0; d < prepared.Count; d++)
                {
                    if (Fold(d, prepared.Count, folds) == f)
                    {
                        firstLabels[d] = Decode(prepared[d], p => p.FirstPass, table);
                    }
                }
            }

            for (var d = 0; d < prepared.Count; d++)
            {
                AddDocumentFeatures(prepared[d], firstLabels[d]);
            }

            second = TrainTable(prepared, p => p.SecondPass!, options);
        }

        return new PersonTagger(lexicon, options.Groups, first, second, options.Temperature);
    }

    /// <summary>
    /// Labels <paramref name="document"/> the way training sees features (every id hashed and looked up), not through
    /// the tagger's per-word cache and tables: the two must agree, and a test holds them to it.
    /// </summary>
    public static int[] DecodeAsTrained(PersonTagger tagger, TrainingDocument document)
    {
        var prepared = Prepare(document, tagger.Lexicon, tagger.Groups);
        var labels = Decode(prepared, p => p.FirstPass, tagger.FirstPass);
        if (tagger.SecondPass is null)
        {
            return labels;
        }

        AddDocumentFeatures(prepared, labels);
        return Decode(prepared, p => p.SecondPass!, tagger.SecondPass);
    }

    /// <summary>Contiguous folds: neighbouring documents of a corpus share stories and names, so they stay together.</summary>
    public static int Fold(int index, int count, int folds) => (int)((long)index * folds / count);

    /// <summary>
    /// The temperature (of a small grid) under which the span confidences of <paramref name="tagger"/> on
    /// <paramref name="heldOut"/> best predict which spans are right (log loss).
    /// </summary>
    public static float CalibrateTemperature(PersonTagger tagger, IReadOnlyList<TrainingDocument> heldOut)
    {
        float[] grid = [0.5f, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96];
        var best = tagger.Temperature;
        var bestLoss = double.MaxValue;
        foreach (var t in grid)
        {
            tagger.Temperature = t;
            double loss = 0;
            foreach (var doc in heldOut)
            {
                var gold = SpanSet(doc.Gold);
                foreach (var span in tagger.Tag(doc.Text, doc.Tokens))
                {
                    var p = Math.Clamp(span.Confidence, 1e-6, 1 - 1e-6);
                    loss -= gold.Contains((span.Kind, span.FirstToken, span.LastToken)) ? Math.Log(p) : Math.Log(1 - p);
                }
            }

            if (loss < bestLoss)
            {
                bestLoss = loss;
                best = t;
            }
        }

        tagger.Temperature = best;
        return best;
    }

    /// <summary>The entity spans of a BIO label sequence.</summary>
    public static HashSet<(EntityKind Kind, int First, int Last)> SpanSet(int[] labels) => [.. TagSet.Spans(labels)];

    private static PreparedDocument Prepare(TrainingDocument doc, TaggerLexicon lexicon, FeatureGroups groups)
    {
        var n = doc.Tokens.Count;
        var words = new WordFeatures[n];
        for (var i = 0; i < n; i++)
        {
            words[i] = TaggerFeatures.ForWord(doc.Tokens[i].Normalized, lexicon, groups);
        }

        var gaps = TaggerFeatures.Gaps(doc.Text, doc.Tokens);
        var segments = TaggerFeatures.Segments(gaps, n);
        var first = new ulong[n][];
        var buffer = new List<ulong>(96);
        var small = new List<int>(8);
        foreach (var (start, length) in segments)
        {
            var end = start + length;
            for (var i = start; i < end; i++)
            {
                buffer.Clear();
                for (var o = -TaggerFeatures.Window; o <= TaggerFeatures.Window; o++)
                {
                    var j = i + o;
                    var w = j < start ? TaggerFeatures.PadBefore : j >= end ? TaggerFeatures.PadAfter : words[j];
                    foreach (var f in o == 0 ? w.Center : w.Context)
                    {
                        buffer.Add(FeatureHash.AtOffset(f, o));
                    }
                }

                small.Clear();
                TaggerFeatures.TokenFeatures(small, buffer, words, gaps, i, start, end, groups);
                foreach (var code in small)
                {
                    buffer.Add(TaggerFeatures.SmallId(code));
                }

                first[i] = [.. buffer];
            }
        }

        return new PreparedDocument(doc, words, segments, first);
    }

    private static void AddDocumentFeatures(PreparedDocument doc, int[] firstLabels)
    {
        var index = new DocumentIndex(doc.Words, firstLabels, doc.Document.Tokens);
        var buffer = new List<ulong>(16);
        var small = new List<int>(16);
        doc.SecondPass = new ulong[doc.FirstPass.Length][];
        foreach (var (start, length) in doc.Segments)
        {
            for (var i = start; i < start + length; i++)
            {
                buffer.Clear();
                buffer.AddRange(doc.FirstPass[i]);
                small.Clear();
                TaggerFeatures.DocumentFeatures(small, doc.Words, firstLabels, index, i, start, start + length);
                foreach (var code in small)
                {
                    buffer.Add(TaggerFeatures.SmallId(code));
                }

                doc.SecondPass[i] = [.. buffer];
            }
        }
    }

    private static int[] Decode(PreparedDocument doc, Func<PreparedDocument, ulong[][]> features, WeightTable table)
    {
        var all = features(doc);
        var labels = new int[all.Length];
        var emissions = new float[all.Length * TagSet.Count];
        foreach (var (start, length) in doc.Segments)
        {
            for (var i = start; i < start + length; i++)
            {
                var scores = emissions.AsSpan(i * TagSet.Count, TagSet.Count);
                foreach (var f in all[i])
                {
                    table.AddTo(f, scores);
                }
            }

            TagSet.Viterbi(emissions.AsSpan(start * TagSet.Count), length, table.Transitions, labels.AsSpan(start, length));
        }

        return labels;
    }

    private static WeightTable TrainTable(List<PreparedDocument> documents, Func<PreparedDocument, ulong[][]> features, TrainerOptions options)
    {
        // Feature ids become dense rows, numbered in order of first sight (deterministic).
        var counts = new Dictionary<ulong, int>();
        foreach (var doc in documents)
        {
            foreach (var token in features(doc))
            {
                foreach (var f in token)
                {
                    counts[f] = counts.GetValueOrDefault(f) + 1;
                }
            }
        }

        var rows = new Dictionary<ulong, int>();
        var instances = new List<(int[][] Rows, int[] Gold)>();
        foreach (var doc in documents)
        {
            var all = features(doc);
            foreach (var (start, length) in doc.Segments)
            {
                var segmentRows = new int[length][];
                for (var i = 0; i < length; i++)
                {
                    var list = new List<int>(all[start + i].Length);
                    foreach (var f in all[start + i])
                    {
                        if (counts[f] < options.MinFeatureCount)
                        {
                            continue;
                        }

                        if (!rows.TryGetValue(f, out var r))
                        {
                            r = rows.Count;
                            rows[f] = r;
                        }

                        list.Add(r);
                    }

                    segmentRows[i] = [.. list];
                }

                instances.Add((segmentRows, doc.Document.Gold.AsSpan(start, length).ToArray()));
            }
        }

        const int Y = TagSet.Count;
        var transitionCount = (Y * Y) + Y;
        var w = new float[(rows.Count * Y) + transitionCount];
        var u = new double[w.Length];
        var t0 = rows.Count * Y;
        var step = 1L;
        var order = Enumerable.Range(0, instances.Count).ToArray();
        var random = new Random(options.Seed);
        var emissions = new float[TaggerFeatures.MaxSegment * Y * 4];
        var predicted = new int[TaggerFeatures.MaxSegment * 4];
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var k in order)
            {
                var (segmentRows, gold) = instances[k];
                var length = gold.Length;
                if (emissions.Length < length * Y)
                {
                    emissions = new float[length * Y];
                    predicted = new int[length];
                }

                Array.Clear(emissions, 0, length * Y);
                for (var i = 0; i < length; i++)
                {
                    var e = emissions.AsSpan(i * Y, Y);
                    foreach (var r in segmentRows[i])
                    {
                        var row = w.AsSpan(r * Y, Y);
                        for (var y = 0; y < Y; y++)
                        {
                            e[y] += row[y];
                        }
                    }
                }

                TagSet.Viterbi(emissions, length, w.AsSpan(t0, transitionCount), predicted);
                for (var i = 0; i < length; i++)
                {
                    var g = gold[i];
                    var p = predicted[i];
                    if (g != p)
                    {
                        foreach (var r in segmentRows[i])
                        {
                            Update(w, u, (r * Y) + g, 1, step);
                            Update(w, u, (r * Y) + p, -1, step);
                        }
                    }

                    var gFrom = i == 0 ? t0 + (Y * Y) + g : t0 + (gold[i - 1] * Y) + g;
                    var pFrom = i == 0 ? t0 + (Y * Y) + p : t0 + (predicted[i - 1] * Y) + p;
                    if (gFrom != pFrom)
                    {
                        Update(w, u, gFrom, 1, step);
                        Update(w, u, pFrom, -1, step);
                    }
                }

                step++;
            }
        }

        // Averaged weights (Daumé's trick: w - u / c), rounded as the file stores them, small rows pruned.
        var averaged = new float[w.Length];
        for (var i = 0; i < w.Length; i++)
        {
            averaged[i] = (float)(Half)(w[i] - (u[i] / step));
        }

        var kept = new Dictionary<ulong, int>();
        var weights = new List<float>();
        foreach (var (id, r) in rows)
        {
            var row = averaged.AsSpan(r * Y, Y);
            var max = 0f;
            foreach (var v in row)
            {
                max = Math.Max(max, Math.Abs(v));
            }

            if (max > options.PruneBelow && max > 0)
            {
                kept[id] = kept.Count;
                weights.AddRange(row);
            }
        }

        var transitions = averaged.AsSpan(t0, transitionCount).ToArray();
        for (var i = 0; i < transitions.Length; i++)
        {
            transitions[i] = w[t0 + i] - (float)(u[t0 + i] / step);
        }

        return new WeightTable(kept, [.. weights], transitions);
    }

    private static void Update(float[] w, double[] u, int index, int delta, long step)
    {
        w[index] += delta;
        u[index] += (double)delta * step;
    }

    private sealed class PreparedDocument(TrainingDocument document, WordFeatures[] words, List<(int Start, int Length)> segments, ulong[][] firstPass)
    {
        public TrainingDocument Document { get; } = document;

        public WordFeatures[] Words { get; } = words;

        public List<(int Start, int Length)> Segments { get; } = segments;

        public ulong[][] FirstPass { get; } = firstPass;

        public ulong[][]? SecondPass { get; set; }
    }
}
