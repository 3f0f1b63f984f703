using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Training;

/// <summary>
/// clusters: word clusters of the frequent words of the unlabelled ANT news, for the tagger's features. Each word
/// gets a vector of positive PMI with its neighbours (the word just before, just after, and two away, among the most
/// frequent words), reduced to its main dimensions by a seeded randomised SVD, then split by spherical k-means into coarse
/// clusters, each coarse one again into middle ones and each middle one into fine ones (a hierarchy, as Brown
/// clusters' bit-string prefixes give). Writes word, the three cluster ids and the word's count; no text.
/// </summary>
internal static class ClustersCommand
{
    private const int Dimensions = 128;
    private const int Iterations = 12;

    public static int Run(Options options)
    {
        var corpora = options.Text("corpora", "../shared/corpora");
        var output = options.Text("out", Path.Combine("seeds/reference/people-model", PersonTaggerCommand.ClusterFile));
        var seed = options.Number("seed", 1);
        var vocabularySize = options.Number("vocabulary", 50_000);
        var contextSize = options.Number("contexts", 4_000);
        int[] branching = [options.Number("coarse", 32), options.Number("middle", 8), options.Number("fine", 8)];
        var clock = Stopwatch.StartNew();

        // Every distinct article text once (the multisource corpus repeats some), as word ids.
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = new List<string>();
        var counts = new List<long>();
        var articles = new List<int[]>();
        var seen = new HashSet<(int, string)>();
        foreach (var file in new[] { "ant-multisource.tsv.gz", "ant-v1.1.tsv.gz" })
        {
            foreach (var (title, text) in Corpora.ReadAnt(Path.Combine(corpora, file)))
            {
                if (!seen.Add((text.Length, text.Length > 200 ? text[..200] : text)))
                {
                    continue;
                }

                var tokens = ArabicTokenizer.Tokenize(title + "\n" + text);
                var article = new int[tokens.Count];
                for (var i = 0; i < tokens.Count; i++)
                {
                    var w = tokens[i].Normalized;
                    if (!ids.TryGetValue(w, out var id))
                    {
                        id = words.Count;
                        ids[w] = id;
                        words.Add(w);
                        counts.Add(0);
                    }

                    counts[id]++;
                    article[i] = id;
                }

                articles.Add(article);
            }
        }

        Console.WriteLine($"{articles.Count} articles, {counts.Sum()} tokens, {words.Count} words ({clock.Elapsed.TotalSeconds:F0} s)");

        var byFrequency = Enumerable.Range(0, words.Count)
            .OrderByDescending(i => counts[i]).ThenBy(i => words[i], StringComparer.Ordinal).ToArray();
        var vocabulary = byFrequency.Take(vocabularySize).Where(i => counts[i] >= 5).ToArray();
        var row = new int[words.Count];
        var column = new int[words.Count];
        Array.Fill(row, -1);
        Array.Fill(column, -1);
        for (var r = 0; r < vocabulary.Length; r++)
        {
            row[vocabulary[r]] = r;
        }

        for (var c = 0; c < Math.Min(contextSize, byFrequency.Length); c++)
        {
            column[byFrequency[c]] = c;
        }

        // Co-occurrence counts: context slot 0 the word before, 1 the word after, 2 either word two away.
        var cooccurrence = new Dictionary<int, int>[vocabulary.Length];
        for (var r = 0; r < vocabulary.Length; r++)
        {
            cooccurrence[r] = [];
        }

        var columnTotals = new double[3 * contextSize];
        double total = 0;
        foreach (var article in articles)
        {
            for (var i = 0; i < article.Length; i++)
            {
                var r = row[article[i]];
                if (r < 0)
                {
                    continue;
                }

                foreach (var (offset, slot) in new[] { (-1, 0), (1, 1), (-2, 2), (2, 2) })
                {
                    var j = i + offset;
                    if (j < 0 || j >= article.Length || column[article[j]] < 0)
                    {
                        continue;
                    }

                    var feature = (slot * contextSize) + column[article[j]];
                    var cell = cooccurrence[r];
                    cell[feature] = cell.GetValueOrDefault(feature) + 1;
                    columnTotals[feature]++;
                    total++;
                }
            }
        }

        // Positive PMI with the context distribution smoothed (exponent 0.75, Levy et al. 2015), as a sparse matrix.
        var smoothed = columnTotals.Select(c => Math.Pow(c, 0.75)).ToArray();
        var smoothedTotal = smoothed.Sum();
        var rowStarts = new int[vocabulary.Length + 1];
        var cellColumns = new List<int>();
        var cellValues = new List<float>();
        for (var r = 0; r < vocabulary.Length; r++)
        {
            double rowTotal = 0;
            foreach (var v in cooccurrence[r].Values)
            {
                rowTotal += v;
            }

            foreach (var (feature, n) in cooccurrence[r].OrderBy(p => p.Key))
            {
                var pmi = Math.Log(n * smoothedTotal / (rowTotal * smoothed[feature]));
                if (pmi > 0)
                {
                    cellColumns.Add(feature);
                    cellValues.Add((float)pmi);
                }
            }

            rowStarts[r + 1] = cellColumns.Count;
            cooccurrence[r] = null!;
        }

        var random = new Random(seed);
        var vectors = TruncatedSvd.WordVectors(new SparseMatrix(rowStarts, [.. cellColumns], [.. cellValues], columnTotals.Length), Dimensions, random);
        Console.WriteLine($"{vocabulary.Length} words projected ({clock.Elapsed.TotalSeconds:F0} s)");

        // Hierarchical spherical k-means: level ids are global, coarse to fine.
        var members = new List<int[]> { Enumerable.Range(0, vocabulary.Length).ToArray() };
        var levels = new int[3][];
        for (var level = 0; level < 3; level++)
        {
            levels[level] = new int[vocabulary.Length];
            var next = new List<int[]>();
            foreach (var group in members)
            {
                var k = Math.Min(branching[level], group.Length);
                var assignment = KMeans(vectors, group, k, random);
                for (var c = 0; c < k; c++)
                {
                    var id = next.Count;
                    var cluster = group.Where((_, i) => assignment[i] == c).ToArray();
                    foreach (var m in cluster)
                    {
                        levels[level][m] = id;
                    }

                    next.Add(cluster);
                }
            }

            members = next;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        using (var file = File.Create(output))
        using (var gzip = new GZipStream(file, CompressionLevel.SmallestSize))
        using (var writer = new StreamWriter(gzip, new UTF8Encoding(false)))
        {
            writer.NewLine = "\n";
            writer.WriteLine($"# word\tcoarse\tmiddle\tfine\tcount: clusters {branching[0]}/{branching[0] * branching[1]}/{branching[0] * branching[1] * branching[2]} of the ANT corpora, seed {seed}");
            for (var r = 0; r < vocabulary.Length; r++)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{words[vocabulary[r]]}\t{levels[0][r]}\t{levels[1][r]}\t{levels[2][r]}\t{counts[vocabulary[r]]}"));
            }
        }

        Console.WriteLine($"{output}: {new FileInfo(output).Length} bytes ({clock.Elapsed.TotalSeconds:F0} s)");
        return 0;
    }

    /// <summary>Spherical k-means (cosine) of <paramref name="group"/>'s vectors, seeded with k-means++.</summary>
    private static int[] KMeans(float[] vectors, int[] group, int k, Random random)
    {
        var centroids = new float[k * Dimensions];
        var distance = new double[group.Length];
        Array.Fill(distance, double.MaxValue);
        var first = group[random.Next(group.Length)];
        vectors.AsSpan(first * Dimensions, Dimensions).CopyTo(centroids);
        for (var c = 1; c < k; c++)
        {
            double sum = 0;
            for (var i = 0; i < group.Length; i++)
            {
                var d = 1 - Dot(vectors.AsSpan(group[i] * Dimensions, Dimensions), centroids.AsSpan((c - 1) * Dimensions, Dimensions));
                distance[i] = Math.Min(distance[i], Math.Max(0, d));
                sum += distance[i] * distance[i];
            }

            var target = random.NextDouble() * sum;
            var pick = group.Length - 1;
            for (var i = 0; i < group.Length; i++)
            {
                target -= distance[i] * distance[i];
                if (target <= 0)
                {
                    pick = i;
                    break;
                }
            }

            vectors.AsSpan(group[pick] * Dimensions, Dimensions).CopyTo(centroids.AsSpan(c * Dimensions));
        }

        var assignment = new int[group.Length];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            for (var i = 0; i < group.Length; i++)
            {
                var v = vectors.AsSpan(group[i] * Dimensions, Dimensions);
                var best = 0;
                var bestScore = float.NegativeInfinity;
                for (var c = 0; c < k; c++)
                {
                    var s = Dot(v, centroids.AsSpan(c * Dimensions, Dimensions));
                    if (s > bestScore)
                    {
                        bestScore = s;
                        best = c;
                    }
                }

                assignment[i] = best;
            }

            var sums = new float[k * Dimensions];
            for (var i = 0; i < group.Length; i++)
            {
                var target = sums.AsSpan(assignment[i] * Dimensions, Dimensions);
                var v = vectors.AsSpan(group[i] * Dimensions, Dimensions);
                for (var d = 0; d < Dimensions; d++)
                {
                    target[d] += v[d];
                }
            }

            for (var c = 0; c < k; c++)
            {
                var s = sums.AsSpan(c * Dimensions, Dimensions);
                // An empty cluster keeps its old centroid.
                if (Dot(s, s) > 0)
                {
                    Normalize(s);
                    s.CopyTo(centroids.AsSpan(c * Dimensions, Dimensions));
                }
            }
        }

        return assignment;
    }

    // Plain scalar sums in a fixed order: SIMD widths differ between machines, and so would the rounding and the clusters.
    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float total = 0;
        for (var i = 0; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    private static void Normalize(Span<float> v)
    {
        var norm = MathF.Sqrt(Dot(v, v));
        if (norm > 0)
        {
            for (var d = 0; d < v.Length; d++)
            {
                v[d] /= norm;
            }
        }
    }
}
