using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Outlets;
using ArabicNewsArchive.Text;
using ArabicNewsArchive.Topics;

/// <summary>
/// The IPTC model's training and the ANT measurements (docs/dates-topics-stories.md), run by hand:
/// <c>dotnet run -c Release --project tests/ArabicNewsArchive.Benchmarks -- train-iptc [corporaDir]</c> writes
/// seeds/reference/iptc-model.tsv and prints per-topic P/R/F1 on the held-out fifth;
/// <c>... -- eval-outlets [corporaDir]</c> prints outlet right/named/covered per ANT source.
/// Deterministic: the split is by a hash of the text, the shuffle seeded, the output sorted.
/// </summary>
internal static class Training
{
    /// <summary>ANT sections that are subjects, onto the IPTC topics (the corpora README's mapping).</summary>
    public static readonly Dictionary<string, string> SectionToTopic = new(StringComparer.Ordinal)
    {
        ["culture"] = "arts-culture-entertainment",
        ["economy"] = "economy-business-finance",
        ["sport"] = "sport",
        ["technology"] = "science-technology",
        ["politic"] = "politics-government",
        ["society"] = "society",
    };

    /// <summary>ANT's source column onto the catalogue's slugs.</summary>
    public static readonly Dictionary<string, string> SourceToOutlet = new(StringComparer.Ordinal)
    {
        ["Alarabia"] = "alarabiya",
        ["BBC"] = "bbc-arabic",
        ["CNN"] = "cnn-arabic",
        ["France24"] = "france24-arabic",
        ["SkyNews"] = "sky-news-arabia",
        ["JawharaFM"] = "jawhara-fm",
    };

    public sealed record AntDoc(string Source, string Category, string DocNo, string Url, string Title, string Text)
    {
        public string Full => Title + "\n" + Text;

        /// <summary>One fifth of the texts, by a hash of the text (duplicates fall on the same side).</summary>
        public bool IsHeldOut => SHA256.HashData(Encoding.UTF8.GetBytes(Text))[0] % 5 == 0;
    }

    public static List<AntDoc> LoadAnt(string dir)
    {
        var docs = new List<AntDoc>();
        foreach (var name in new[] { "ant-multisource.tsv.gz", "ant-v1.1.tsv.gz" })
        {
            using var gz = new GZipStream(File.OpenRead(Path.Combine(dir, name)), CompressionMode.Decompress);
            using var reader = new StreamReader(gz, Encoding.UTF8);
            var header = true;
            foreach (var row in Tsv.Records(reader))
            {
                if (header)
                {
                    header = false;
                    continue;
                }

                if (row.Count >= 7)
                {
                    docs.Add(new AntDoc(row[0], row[1], row[2], row[4], row[5], row[6]));
                }
            }
        }

        return docs;
    }

    public static void TrainIptc(string corpora, string seedsDir)
    {
        var all = LoadAnt(corpora).DistinctBy(d => d.Text).ToList();
        var docs = all.Where(d => SectionToTopic.ContainsKey(d.Category)).ToList();
        var topics = SectionToTopic.Values.Distinct().Order(StringComparer.Ordinal).ToArray();
        // Desk articles (world news, the Middle East) are not labelled, but they are rarely about arts, business,
        // sport or technology: they train those four topics as negatives, so news of a war is not read as economy.
        // They are not negatives of politics or society, which they often are.
        var desks = all.Where(d => d.Category is "internationalNews" or "middleEast" && !d.IsHeldOut).ToList();
        var heldOutDesks = all.Where(d => d.Category is "internationalNews" or "middleEast" && d.IsHeldOut).ToList();
        var train = docs.Where(d => !d.IsHeldOut).Concat(desks).ToList();
        var test = docs.Where(d => d.IsHeldOut).ToList();
        Console.WriteLine($"mapped articles: {docs.Count} ({train.Count - desks.Count} train, {test.Count} held out); {desks.Count} desk articles as negatives");

        var trainFeatures = train.Select(d => IptcModel.Features(ArabicTokenizer.Tokenize(d.Full))).ToList();
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in trainFeatures.SelectMany(x => x))
        {
            df[f] = df.GetValueOrDefault(f) + 1;
        }

        // Words of at least 5 articles: rarer ones are names and typos, and would carry the text's particulars.
        var vocab = df.Where(kv => kv.Value >= 5).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray();
        var index = vocab.Select((w, i) => (w, i)).ToDictionary(x => x.w, x => x.i, StringComparer.Ordinal);
        var x = trainFeatures.Select(fs => fs.Where(index.ContainsKey).Select(f => index[f]).Order().ToArray()).ToArray();
        // -1: a desk article, a negative of the subject topics only.
        var y = train.Select(d => SectionToTopic.TryGetValue(d.Category, out var topic) ? Array.IndexOf(topics, topic) : -1).ToArray();
        var deskNegativeOf = topics.Select(t => t is not ("politics-government" or "society")).ToArray();
        Console.WriteLine($"vocabulary: {vocab.Length} words");

        // One-vs-rest logistic regression by SGD, each topic's positives weighted up to balance its negatives.
        var w = new double[topics.Length, vocab.Length];
        var b = new double[topics.Length];
        var positives = topics.Select((_, t) => y.Count(v => v == t)).ToArray();
        var order = Enumerable.Range(0, x.Length).ToArray();
        var rng = new Random(17);
        const int epochs = 12;
        const double l2 = 1e-6;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            rng.Shuffle(order);
            var lr = 0.2 / (1 + epoch);
            foreach (var i in order)
            {
                for (var t = 0; t < topics.Length; t++)
                {
                    if (y[i] == -1 && !deskNegativeOf[t])
                    {
                        continue;
                    }

                    var z = b[t];
                    foreach (var f in x[i])
                    {
                        z += w[t, f];
                    }

                    var p = 1 / (1 + Math.Exp(-z));
                    var target = y[i] == t ? 1.0 : 0.0;
                    var balance = y[i] == t ? Math.Min(4.0, (double)(x.Length - positives[t]) / positives[t]) : 1.0;
                    var g = (p - target) * balance * lr;
                    b[t] -= g;
                    foreach (var f in x[i])
                    {
                        w[t, f] -= g + (lr * l2 * w[t, f]);
                    }
                }
            }
        }

        // Ship the heaviest weights only: a few thousand words per topic carry the decisions, and a word list is no text.
        const int keep = 3000;
        var path = Path.Combine(seedsDir, "reference", "iptc-model.tsv");
        using (var output = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            output.WriteLine("# IPTC Media Topics model (seeds/reference/README.markdown): topic, whole word (WordKey), weight of a logistic");
            output.WriteLine("# regression per topic; __bias__ and __threshold__ rows. Trained on the ANT corpus's subject sections.");
            for (var t = 0; t < topics.Length; t++)
            {
                output.WriteLine(Line(topics[t], "__bias__", b[t]));
                output.WriteLine(Line(topics[t], "__threshold__", 0.5));
                foreach (var f in Enumerable.Range(0, vocab.Length).Where(f => Math.Abs(w[t, f]) >= 0.01)
                    .OrderByDescending(f => Math.Abs(w[t, f])).ThenBy(f => vocab[f], StringComparer.Ordinal).Take(keep)
                    .OrderBy(f => vocab[f], StringComparer.Ordinal))
                {
                    output.WriteLine(Line(topics[t], vocab[f], w[t, f]));
                }
            }
        }

        Console.WriteLine($"wrote {path}");
        var model = IptcModel.Load(path);
        Evaluate(model, test);

        // Desk articles held out: how often each topic is given to them (no truth, but economy on a third of world
        // news would show over-assignment).
        var given = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in heldOutDesks)
        {
            foreach (var f in model.Classify(d.Full, ArabicTokenizer.Tokenize(d.Full)))
            {
                given[f.TopicSlug] = given.GetValueOrDefault(f.TopicSlug) + 1;
            }
        }

        Console.WriteLine($"held-out desk articles ({heldOutDesks.Count}): "
            + string.Join(", ", model.Topics.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t} {(double)given.GetValueOrDefault(t) / heldOutDesks.Count:P1}"))));
    }

    private static string Line(string topic, string word, double weight) =>
        string.Create(CultureInfo.InvariantCulture, $"{topic}\t{word}\t{Math.Round(weight, 4):0.####}");

    /// <summary>Per-topic precision, recall and F1 on held-out articles: a topic assigned is right when the section maps to it.</summary>
    private static void Evaluate(IptcModel model, List<AntDoc> test)
    {
        var tp = new Dictionary<string, int>();
        var fp = new Dictionary<string, int>();
        var fn = new Dictionary<string, int>();
        var exactlyRight = 0;
        foreach (var d in test)
        {
            var tokens = ArabicTokenizer.Tokenize(d.Full);
            var assigned = model.Classify(d.Full, tokens).Select(f => f.TopicSlug).ToHashSet();
            var truth = SectionToTopic[d.Category];
            exactlyRight += assigned.Count == 1 && assigned.Contains(truth) ? 1 : 0;
            foreach (var t in model.Topics)
            {
                var has = assigned.Contains(t);
                if (has && t == truth)
                {
                    tp[t] = tp.GetValueOrDefault(t) + 1;
                }
                else if (has)
                {
                    fp[t] = fp.GetValueOrDefault(t) + 1;
                }
                else if (t == truth)
                {
                    fn[t] = fn.GetValueOrDefault(t) + 1;
                }
            }
        }

        Console.WriteLine("| topic | held-out articles | precision | recall | F1 |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        double sumF = 0;
        int allTp = 0, allFp = 0, allFn = 0;
        foreach (var t in model.Topics)
        {
            var (a, f, n) = (tp.GetValueOrDefault(t), fp.GetValueOrDefault(t), fn.GetValueOrDefault(t));
            (allTp, allFp, allFn) = (allTp + a, allFp + f, allFn + n);
            var p = a + f == 0 ? 0 : (double)a / (a + f);
            var r = a + n == 0 ? 0 : (double)a / (a + n);
            var f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            sumF += f1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {t} | {a + n} | {p:P1} | {r:P1} | {f1:0.000} |"));
        }

        var mp = (double)allTp / (allTp + allFp);
        var mr = (double)allTp / (allTp + allFn);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| all (micro) | {test.Count} | {mp:P1} | {mr:P1} | {2 * mp * mr / (mp + mr):0.000} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"macro F1 {sumF / model.Topics.Count:0.000}; exactly the right topic alone: {(double)exactlyRight / test.Count:P1}"));
    }

    /// <summary>
    /// Outlets on ANT: each article as bare text (title and text, as a .txt) and as .md with front matter
    /// <c>outlet: SOURCE</c>; the source column is the truth.
    /// </summary>
    public static void EvalOutlets(string corpora, string seedsDir)
    {
        var outlets = OutletCatalog.Load(Path.Combine(seedsDir, "reference", "outlets.yaml"));
        var docs = LoadAnt(corpora);
        Console.WriteLine("| source | articles | bare text: named | right | covered (right/articles) | precision (right/named) | agency credited | front matter code shown by Arabic name |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var wrongNames = new Dictionary<string, int>();
        int allN = 0, allNamed = 0, allRight = 0, allStated = 0;
        foreach (var group in docs.GroupBy(d => d.Source).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var truth = SourceToOutlet[group.Key];
            int n = 0, named = 0, right = 0, agency = 0, stated = 0;
            foreach (var d in group)
            {
                n++;
                var bare = ArticleParser.Parse(d.DocNo + ".txt", Encoding.UTF8.GetBytes(d.Full), outlets);
                if (bare.Article is { } a)
                {
                    if (a.OutletSlug is { } slug)
                    {
                        named++;
                        right += slug == truth ? 1 : 0;
                        if (slug != truth)
                        {
                            var key = $"{group.Key}→{slug} ({a.OutletEvidence})";
                            wrongNames[key] = wrongNames.GetValueOrDefault(key) + 1;
                        }
                    }

                    agency += a.AgencySlug is null ? 0 : 1;
                }

                var md = ArticleParser.Parse(d.DocNo + ".md", Encoding.UTF8.GetBytes($"---\noutlet: {group.Key}\n---\n{d.Full}"), outlets);
                stated += md.Outlet is { } o && o.Slug == truth && o.NameAr == outlets.FindBySlug(truth)!.Outlet.NameAr ? 1 : 0;
            }

            (allN, allNamed, allRight, allStated) = (allN + n, allNamed + named, allRight + right, allStated + stated);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {n} | {named} | {right} | {(double)right / n:P1} | {(named == 0 ? "–" : ((double)right / named).ToString("P1", CultureInfo.InvariantCulture))} | {agency} | {(double)stated / n:P1} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| all | {allN} | {allNamed} | {allRight} | {(double)allRight / allN:P1} | {(allNamed == 0 ? 0 : (double)allRight / allNamed):P1} | | {(double)allStated / allN:P1} |"));
        foreach (var (k, v) in wrongNames.OrderByDescending(kv => kv.Value).Take(15))
        {
            Console.WriteLine($"wrong: {v} × {k}");
        }
    }
}
