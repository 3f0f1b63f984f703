using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ArabicNewsArchive.Benchmarks;

/// <summary>
/// The people measurements of docs/arabic-text.md ("People on real text") and the derivation of
/// seeds/reference/name-latin.tsv. Not product code: it reads ../shared/corpora, which the product never ships.
/// <code>
/// dotnet run -c Release --project tests/ArabicNewsArchive.Benchmarks -- people names          # writes seeds/reference/name-latin.tsv
/// dotnet run -c Release --project tests/ArabicNewsArchive.Benchmarks -- people transliteration [tune] # held-out figures; writes seeds/reference/name-transliteration.tsv.gz
/// dotnet run -c Release --project tests/ArabicNewsArchive.Benchmarks -- people export 3000 DIR # ANT articles as .txt
/// dotnet run -c Release --project tests/ArabicNewsArchive.Benchmarks -- people phonetic 3000  # one-word phonetic matches
/// dotnet run -c Release --project tests/ArabicNewsArchive.Benchmarks -- people ingest 3000     # articles/s on ANT text
/// dotnet run -c Release --project tests/ArabicNewsArchive.Benchmarks -- people report DB      # discovered people of a store
/// </code>
/// </summary>
internal static class PeopleTools
{
    public static async Task RunAsync(string[] args, string seedsDir)
    {
        var root = Path.GetDirectoryName(seedsDir)!;
        // ../shared/corpora beside the repository, or beside a folder above it (worktrees live deeper).
        var corpora = Environment.GetEnvironmentVariable("CORPORA") ?? Enumerable.Range(1, 3)
            .Select(up => Path.GetFullPath(Path.Combine([root, .. Enumerable.Repeat("..", up), "shared", "corpora"])))
            .FirstOrDefault(Directory.Exists) ?? Path.GetFullPath(Path.Combine(root, "..", "shared", "corpora"));
        var ant = Path.Combine(corpora, "ant-multisource.tsv.gz");
        switch (args.FirstOrDefault())
        {
            case "names":
                DeriveNames(Path.Combine(corpora, "names"), Path.Combine(seedsDir, "reference", "name-latin.tsv"));
                break;
            case "transliteration":
                Transliteration(Path.Combine(corpora, "names"), Path.Combine(seedsDir, "reference"), args.Skip(1).Contains("tune"));
                break;
            case "export":
                Console.WriteLine($"{Export(ant, Count(args), args[2])} files written to {args[2]}");
                break;
            case "phonetic":
                Phonetic(ant, Count(args), ReferenceData.Load(Path.Combine(seedsDir, "reference")));
                break;
            case "ingest":
                await IngestAsync(ant, Count(args), seedsDir);
                break;
            case "speed":
                Speed(ant, Count(args), ReferenceData.Load(Path.Combine(seedsDir, "reference")));
                break;
            case "report":
                await ReportAsync(args[1]);
                break;
            default:
                Console.WriteLine("people names | transliteration [tune] | export N DIR | phonetic N | ingest N | report DB");
                break;
        }
    }

    private static int Count(string[] args) => args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3000;

    /// <summary>
    /// name-latin.tsv: each normalised Arabic name word with its most frequent Latin form in Wikidata's name tokens
    /// (the form seen at least twice, so one-off alignments stay out), else google/transliteration's; flag g for the given-name lists.
    /// </summary>
    private static void DeriveNames(string namesDir, string output)
    {
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(namesDir, "wikidata-person-name-tokens-en-ar.tsv")).Skip(1))
        {
            var f = line.Split('\t');
            if (f.Length < 3 || !int.TryParse(f[2], CultureInfo.InvariantCulture, out var n))
            {
                continue;
            }

            var ar = ArabicNormalizer.Normalize(f[1]);
            if (!counts.TryGetValue(ar, out var forms))
            {
                counts[ar] = forms = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            forms[f[0]] = forms.GetValueOrDefault(f[0]) + n;
        }

        var google = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(namesDir, "google-transliteration-ar2en.txt")))
        {
            var f = line.Split('\t');
            if (f.Length == 2 && f[1].Length > 1 && char.IsLetter(f[1][0]) && !f[0].Contains('.'))
            {
                google.TryAdd(ArabicNormalizer.Normalize(f[0]), f[1]);
            }
        }

        var given = File.ReadLines(Path.Combine(namesDir, "arabic-given-names-male.txt"))
            .Concat(File.ReadLines(Path.Combine(namesDir, "arabic-given-names-female.txt")))
            .Select(w => ArabicNormalizer.Normalize(w.Trim())).Where(w => w.Length > 0).ToHashSet(StringComparer.Ordinal);

        var rows = new SortedDictionary<string, (string Latin, string Flags)>(StringComparer.Ordinal);
        foreach (var (ar, forms) in counts)
        {
            var total = forms.Values.Sum();
            var top = forms.OrderByDescending(kv => kv.Value)
                .ThenBy(kv => google.TryGetValue(ar, out var g) && g == kv.Key ? 0 : 1)
                .ThenBy(kv => kv.Key, StringComparer.Ordinal).First();
            // A form seen once is as likely an alignment slip (ديفيد → d'angers) as the name's usual form.
            if (top.Value >= 2 && ar.All(ArabicNormalizer.IsArabicLetter) && ar.Length >= 2)
            {
                rows[ar] = (top.Key, "w");
            }
        }

        foreach (var (ar, latin) in google)
        {
            if (ar.All(ArabicNormalizer.IsArabicLetter) && ar.Length >= 2)
            {
                rows.TryAdd(ar, (latin, "t"));
            }
        }

        foreach (var name in given)
        {
            // عبد الله is written joined as often as apart: both forms are the given name.
            var ar = name.Replace(" ", "", StringComparison.Ordinal);
            if (rows.TryGetValue(ar, out var row))
            {
                rows[ar] = (row.Latin, row.Flags + "g");
            }
            else if (name.Split(' ') is { Length: > 1 } parts && parts.All(rows.ContainsKey))
            {
                rows[ar] = (Compose(parts, rows), "wg");
            }
        }

        using var w = new StreamWriter(output, false, new UTF8Encoding(false));
        w.WriteLine("# Person-name words (normalised Arabic) and their usual Latin form: English names for discovered people.");
        w.WriteLine("# Derived by `dotnet run --project tests/ArabicNewsArchive.Benchmarks -- people names` from ../shared/corpora/names:");
        w.WriteLine("# - w: the most frequent Latin form of the word among Wikidata's person-name tokens (seen twice or more), from");
        w.WriteLine("#   steveash/NETransliteration-COLING2018 @5d5f59e data/wd_arabic.normalized.aligned.tokens. Wikidata: CC0 1.0.");
        w.WriteLine("# - t: words Wikidata lacks, from google/transliteration @b2265a6 (ar2en). Copyright Google LLC, licensed under");
        w.WriteLine("#   the Apache License, Version 2.0 (http://www.apache.org/licenses/LICENSE-2.0); this file is a modified subset.");
        w.WriteLine("# - g: the word is in AKhateeb/arabic-names @32d5ec8 (MIT): a common given name, alone it names nobody in particular.");
        w.WriteLine("# arabic<TAB>latin<TAB>flags");
        foreach (var (ar, (latin, flags)) in rows)
        {
            w.WriteLine($"{ar}\t{latin}\t{flags}");
        }

        Console.WriteLine($"{rows.Count} words written to {output}");
    }

    /// <summary>
    /// The Latin form of a given name of several words from its words' forms. A name ending in الله is one word in
    /// English, and عبد الله is "Abdullah": joined word by word it came out "Abdul Allah", which no one is called.
    /// </summary>
    private static string Compose(string[] parts, SortedDictionary<string, (string Latin, string Flags)> rows) => parts switch
    {
        ["عبد", "الله"] => "abdullah",
        [var first, "الله"] => rows[first].Latin + "allah",
        _ => string.Join(' ', parts.Select(w => rows[w].Latin)),
    };

    /// <summary>
    /// name-transliteration.tsv.gz: the held-out figures of the letter-by-letter transliteration and of the learned model
    /// (trained without the held-out tenth of Arabic words), then the model trained on every pair, written to the
    /// reference folder, and the English names of the examples in docs/arabic-text.md before and after.
    /// With "tune", first the development tenth's figures for a few weights of the Latin character model.
    /// </summary>
    private static void Transliteration(string namesDir, string referenceDir, bool tune)
    {
        var pairs = NameTransliterationTrainer.ReadPairs(Path.Combine(namesDir, "wikidata-person-name-tokens-en-ar.tsv"));
        var train = pairs.Where(p => !NameTransliterationTrainer.IsHeldOut(p.Arabic)).ToList();
        var heldOut = pairs.Where(p => NameTransliterationTrainer.IsHeldOut(p.Arabic)).ToList();
        Console.WriteLine($"{pairs.Count} pairs fit for training; {train.Count} train, {heldOut.Count} held out");
        if (tune)
        {
            var dev = train.Where(p => NameTransliterationTrainer.IsDevelopment(p.Arabic)).ToList();
            var rest = train.Where(p => !NameTransliterationTrainer.IsDevelopment(p.Arabic)).ToList();
            foreach (var weight in (double[])[0, 0.1, 0.2, 0.3, 0.5, 0.7, 1])
            {
                Report($"dev, latin weight {weight}", NameTransliterationTrainer.Evaluate(dev, Model(rest, weight).Transliterate));
            }
        }

        var sw = Stopwatch.StartNew();
        var model = Model(train, NameTransliterationTrainer.LatinModelWeight);
        Console.WriteLine($"trained in {sw.Elapsed.TotalSeconds:0.0} s");
        Report("held out, letter by letter", NameTransliterationTrainer.Evaluate(heldOut, ArabicTransliterator.ToSlug));
        sw.Restart();
        Report("held out, learned model", NameTransliterationTrainer.Evaluate(heldOut, model.Transliterate));
        Console.WriteLine($"decoded in {sw.Elapsed.TotalSeconds:0.0} s");
        // Warm decoding: a fresh model spells every held-out word twice (the memo bypassed), the second pass timed; the
        // least of three runs, since the machine is shared.
        var words = heldOut.Select(p => p.Arabic).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var (fastest, leastCpu) = (double.MaxValue, double.MaxValue);
        using var process = Process.GetCurrentProcess();
        for (var run = 0; run < 3; run++)
        {
            var fresh = Model(train, NameTransliterationTrainer.LatinModelWeight);
            words.ForEach(w => fresh.Spell(w));
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            sw.Restart();
            words.ForEach(w => fresh.Spell(w));
            fastest = Math.Min(fastest, sw.Elapsed.TotalMicroseconds / words.Count);
            process.Refresh();
            leastCpu = Math.Min(leastCpu, (process.TotalProcessorTime - cpu).TotalMicroseconds / words.Count);
        }

        Console.WriteLine(FormattableString.Invariant(
            $"warm decoding: {fastest:0.0} µs per word elapsed, {leastCpu:0.0} µs of the process's CPU (least of 3 runs over {words.Count} words)"));

        var output = Path.Combine(referenceDir, "name-transliteration.tsv.gz");
        using (var file = File.Create(output))
        using (var gzip = new GZipStream(file, CompressionLevel.SmallestSize))
        using (var writer = new StreamWriter(gzip, new UTF8Encoding(false)))
        {
            writer.NewLine = "\n";
            NameTransliterationTrainer.Train(pairs, writer);
        }

        Console.WriteLine($"model of all {pairs.Count} pairs written to {output} ({new FileInfo(output).Length:N0} bytes)");
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var loaded = NameTransliterator.Load(output);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(loaded);
        Console.WriteLine(FormattableString.Invariant($"loaded, the model holds {(after - before) / 1e6:0.0} MB of managed heap"));
        var lexicon = NameLexicon.Load(Path.Combine(referenceDir, "name-latin.tsv"));
        var learned = NameLexicon.Load(Path.Combine(referenceDir, "name-latin.tsv"), output);
        foreach (var name in (string[])["ماتس هوميلز", "جيمي فاردي", "نوفاك جوكوفيتش", "ميغان ماركل", "جينا هاسبل", "جيريمي كوربين", "كريستيا فريلاند",
            "كيت بلانشت", "روبرتو فيرمينو", "فيليب كوتينيو", "روميلو لوكاكو", "هيذر ناورت", "غاريث ساوثغيت", "عادل الجبير"])
        {
            Console.WriteLine($"{name}\t{lexicon.EnglishName(name).Name}\t{learned.EnglishName(name).Name}");
        }
    }

    private static NameTransliterator Model(IEnumerable<TransliterationPair> pairs, double latinWeight)
    {
        var text = new StringWriter { NewLine = "\n" };
        NameTransliterationTrainer.Train(pairs, text, latinWeight);
        return NameTransliterator.Parse(new StringReader(text.ToString()));
    }

    private static void Report(string what, TransliterationScore s) =>
        Console.WriteLine(FormattableString.Invariant(
            $"{what}: {s.Words} words, most frequent form {s.TopAccuracy:P1}, any attested form {s.AnyAccuracy:P1}, mean edit distance {s.MeanEditDistance:0.00}"));

    /// <summary>The ANT corpus's articles (title, text), in file order, duplicates of a text skipped.</summary>
    public static IEnumerable<(string Id, string Title, string Text)> Articles(string path)
    {
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var header = true;
        var seen = new HashSet<int>();
        foreach (var f in Tsv.Records(reader))
        {
            if (header)
            {
                header = false;
                continue;
            }

            if (f.Count >= 7 && f[6].Length > 200 && seen.Add(string.GetHashCode(f[6], StringComparison.Ordinal)))
            {
                yield return (f[2], f[5], f[6]);
            }
        }
    }

    private static int Export(string ant, int count, string dir)
    {
        Directory.CreateDirectory(dir);
        var n = 0;
        foreach (var (id, title, text) in Articles(ant).Take(count))
        {
            var name = string.Concat(id.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_'));
            File.WriteAllText(Path.Combine(dir, $"{n:D5}_{name}.txt"), title + "\n\n" + text + "\n", new UTF8Encoding(false));
            n++;
        }

        return n;
    }

    /// <summary>
    /// One-word matches of curated people made by the loose phonetic key alone (not the spelling of an alias), over
    /// the first <paramref name="count"/> ANT articles: with the recogniser as it is, and with the old rule (any
    /// key of three letters on a word of four), to judge by reading.
    /// </summary>
    private static void Phonetic(string ant, int count, ReferenceData reference)
    {
        var recognizer = new PersonRecognizer(reference.People);
        var aliases = reference.People.SelectMany(p => p.Aliases.Select(a => (p.Slug, a.Normalized)))
            .Where(a => !a.Normalized.Contains(' ')).ToHashSet();
        var loose = reference.People.SelectMany(p => p.Aliases.Select(a => (p.Slug, Key: NameKey.Of(a.Normalized), a.Normalized)))
            .Where(a => !a.Normalized.Contains(' ') && a.Key.Length >= 3).ToList();
        var now = new Dictionary<string, int>(StringComparer.Ordinal);
        var before = new Dictionary<string, int>(StringComparer.Ordinal);
        var articles = 0;
        foreach (var (_, title, text) in Articles(ant).Take(count))
        {
            articles++;
            var body = title + "\n" + text;
            var tokens = ArabicTokenizer.Tokenize(body);
            foreach (var m in recognizer.FindMentions(body, tokens))
            {
                var word = ArabicNormalizer.Normalize(m.Text);
                if (!word.Contains(' ') && !aliases.Contains((m.PersonSlug, Strip(word, aliases, m.PersonSlug))))
                {
                    now[$"{m.PersonSlug}\t{m.Text}"] = now.GetValueOrDefault($"{m.PersonSlug}\t{m.Text}") + 1;
                }
            }

            // The rule before the fix: any word of four letters or more whose loose key is a one-word alias's key.
            foreach (var t in tokens)
            {
                foreach (var w in Readings(t.Normalized))
                {
                    if (w.Length < 4)
                    {
                        continue;
                    }

                    var key = NameKey.Of(w);
                    foreach (var a in loose)
                    {
                        if (a.Key == key && !aliases.Contains((a.Slug, w)))
                        {
                            before[$"{a.Slug}\t{t.Surface}"] = before.GetValueOrDefault($"{a.Slug}\t{t.Surface}") + 1;
                        }
                    }
                }
            }
        }

        Console.WriteLine($"{articles} ANT articles");
        Console.WriteLine($"one-word phonetic-only matches, old rule: {before.Values.Sum()} ({before.Count} distinct words)");
        foreach (var (k, v) in before.OrderByDescending(kv => kv.Value).Take(40))
        {
            Console.WriteLine($"  {v,5}  {k}");
        }

        Console.WriteLine($"one-word phonetic-only matches now: {now.Values.Sum()} ({now.Count} distinct words)");
        foreach (var (k, v) in now.OrderByDescending(kv => kv.Value).Take(40))
        {
            Console.WriteLine($"  {v,5}  {k}");
        }
    }

    private static readonly string[] s_particles = ["وال", "فال", "بال", "كال", "ولل", "لل", "ال", "وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك"];

    private static IEnumerable<string> Readings(string word)
    {
        yield return word;
        foreach (var p in s_particles)
        {
            if (word.Length - p.Length >= 2 && word.StartsWith(p, StringComparison.Ordinal))
            {
                yield return word[p.Length..];
            }
        }
    }

    private static string Strip(string word, HashSet<(string, string)> aliases, string slug) =>
        Readings(word).FirstOrDefault(r => aliases.Contains((slug, r))) ?? word;

    /// <summary>
    /// Analysis time per article on ANT text, one thread: the whole analysis with the tagger, without it (title cues),
    /// the tagger alone and the linking alone, each over the same articles after a warm-up pass.
    /// </summary>
    private static void Speed(string ant, int count, ReferenceData reference)
    {
        var articles = Articles(ant).Take(count).Select(a => a.Title + "\n\n" + a.Text).ToList();
        var parsed = articles.Select((t, i) => ArticleParser.Parse($"{i}.txt", Encoding.UTF8.GetBytes(t), reference.OutletCatalog).Article!).ToList();
        var withTagger = new ArticleAnalyzer(reference);
        var withoutTagger = new ArticleAnalyzer(new ReferenceData { People = reference.People, Names = reference.Names, DatedEvents = reference.DatedEvents, TopicCatalog = reference.TopicCatalog, Topics = reference.Topics, OutletCatalog = reference.OutletCatalog });
        var tokens = articles.Select(ArabicTokenizer.Tokenize).ToList();
        var recognizer = new PersonRecognizer(reference.People);
        var linker = new PersonLinker(reference.Names);
        foreach (var pass in new[] { "warm-up", "measured" })
        {
            var w = Stopwatch.StartNew();
            parsed.ForEach(a => withTagger.Analyze(a));
            var all = w.Elapsed;
            w.Restart();
            parsed.ForEach(a => withoutTagger.Analyze(a));
            var noTagger = w.Elapsed;
            w.Restart();
            var spans = reference.Tagger is { } tagger ? articles.Select((t, i) => tagger.Tag(t, tokens[i])).ToList() : [];
            var tagging = w.Elapsed;
            w.Restart();
            var matches = articles.Select((t, i) => recognizer.Recognize(t, tokens[i], queryMode: false)).ToList();
            var recognising = w.Elapsed;
            w.Restart();
            for (var i = 0; i < spans.Count; i++)
            {
                linker.Link(articles[i], tokens[i], matches[i], [.. spans[i].Where(s => s.Kind == ArabicNewsArchive.People.Recognition.EntityKind.Person).Select(s => new NameSpan(s.FirstToken, s.LastToken, s.Confidence))]);
            }

            var linking = w.Elapsed;
            double Ms(TimeSpan t) => t.TotalMilliseconds / articles.Count;
            Console.WriteLine($"{pass}: {articles.Count} articles, ms per article on one thread: analysis with tagger {Ms(all):F2}, without {Ms(noTagger):F2}; "
                + $"tagger {Ms(tagging):F2}, curated recogniser {Ms(recognising):F2}, linking {Ms(linking):F2}");
        }
    }

    /// <summary>Ingests the first <paramref name="count"/> ANT articles into a new temporary store, timed.</summary>
    private static async Task IngestAsync(string ant, int count, string seedsDir)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"people-ingest-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var files = Path.Combine(dir, "files");
            Export(ant, count, files);
            var db = Path.Combine(dir, "archive.db");
            var options = new DbContextOptionsBuilder<ArchiveDbContext>().UseSqlite($"Data Source={db};Pooling=False").Options;
            var factory = new PooledDbContextFactory<ArchiveDbContext>(options);
            var reference = await ArchiveStartup.PrepareStoreAsync(factory, seedsDir);

            var ingestion = new IngestionService(factory, reference);
            var watch = Stopwatch.StartNew();
            var run = await ingestion.IngestAsync([files]);
            watch.Stop();
            var imported = run.Count(IngestOutcome.Imported);
            Console.WriteLine($"{imported} ANT articles in {watch.Elapsed.TotalSeconds:N2} s = {imported / watch.Elapsed.TotalSeconds:N0} articles/s ({ingestion.Times})");
            SqliteConnection.ClearAllPools();
            await ReportAsync(db);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The discovered people of a store: how many, the most mentioned (all statuses) and the 200 most frequent discovered.</summary>
    private static async Task ReportAsync(string db)
    {
        await using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        async Task<List<(string Slug, string NameAr, string NameEn, int Status, double Confidence, int Articles, int Mentions)>> PeopleAsync(string where, int limit)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"""
                SELECT p.Slug, p.NameAr, p.NameEn, p.Status, p.Confidence, COUNT(DISTINCT m.ArticleId), COUNT(*)
                FROM People p JOIN Mentions m ON m.PersonSlug = p.Slug {where}
                GROUP BY p.Slug ORDER BY COUNT(DISTINCT m.ArticleId) DESC, COUNT(*) DESC, p.Slug LIMIT {limit}
                """;
            var list = new List<(string, string, string, int, double, int, int)>();
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                list.Add((r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetDouble(4), r.GetInt32(5), r.GetInt32(6)));
            }

            return list;
        }

        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT COUNT(*), SUM(Confidence >= {Person.ListedConfidence.ToString(CultureInfo.InvariantCulture)}) FROM People p WHERE Status = 1 AND EXISTS (SELECT 1 FROM Mentions m WHERE m.PersonSlug = p.Slug)";
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            Console.WriteLine($"discovered people with a mention: {r.GetInt32(0)}, of which listed (confidence >= {Person.ListedConfidence}): {(r.IsDBNull(1) ? 0 : r.GetInt32(1))}");
        }

        Console.WriteLine("40 most-mentioned people (articles, mentions, status, confidence):");
        foreach (var p in await PeopleAsync("", 40))
        {
            Console.WriteLine($"  {p.Articles,4} {p.Mentions,5}  {(p.Status == 0 ? "curated" : "discovered"),-10} {p.Confidence:F2}  {p.NameAr} / {p.NameEn} ({p.Slug})");
        }

        Console.WriteLine("200 most frequent discovered people:");
        var k = 0;
        foreach (var p in await PeopleAsync("WHERE p.Status = 1", 200))
        {
            Console.WriteLine($"  {++k,3}. {p.Articles,4} {p.Mentions,5}  {p.Confidence:F2}  {p.NameAr} / {p.NameEn}");
        }
    }
}
