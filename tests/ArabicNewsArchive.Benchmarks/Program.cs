using System.Diagnostics;
using System.Globalization;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Outlets;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Text;
using ArabicNewsArchive.Topics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

// Search benchmark: a synthetic archive built from the seeds' own sentences, indexed through SearchIndex, queried
// through SearchService (facets included), against a naive baseline (LIKE over normalised text) on the same rows.
// Usage: dotnet run -c Release --project tests/ArabicNewsArchive.Benchmarks -- [sizes, e.g. 10000,100000]
var sizes = (args.Length > 0 ? args[0] : "10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var seedsDir = FindSeeds();
var corpus = Corpus.Load(seedsDir);
Console.WriteLine($"corpus: {corpus.Sentences.Count} sentences from {seedsDir}; {Environment.ProcessorCount} cores");
foreach (var size in sizes)
{
    await Bench.RunAsync(size, corpus);
}

static string FindSeeds()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ArabicNewsArchive.sln")))
    {
        dir = dir.Parent;
    }

    return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "seeds");
}

internal sealed class Corpus
{
    public required List<string> Sentences { get; init; }

    public static readonly (string Slug, string NameEn, string[] Spellings)[] People =
    [
        ("vladimir-putin", "Vladimir Putin", ["فلاديمير بوتين", "بوتين", "فلاديمير بوتن"]),
        ("xi-jinping", "Xi Jinping", ["شي جين بينغ", "شي جين بينج", "شي جينبينغ"]),
        ("wang-yi", "Wang Yi", ["وانغ يي", "وانج يي"]),
        ("sergey-lavrov", "Sergey Lavrov", ["سيرغي لافروف", "سيرجي لافروف", "لافروف"]),
        ("nikolai-patrushev", "Nikolai Patrushev", ["نيكولاي باتروشيف", "باتروشيف"]),
        ("dmitry-peskov", "Dmitry Peskov", ["دميتري بيسكوف", "ديمتري بيسكوف", "بيسكوف"]),
        ("yuri-ushakov", "Yuri Ushakov", ["يوري أوشاكوف", "يوري اوشاكوف"]),
        ("zhao-lijian", "Zhao Lijian", ["تشاو ليجيان", "جاو ليجيان"]),
        ("yang-jiechi", "Yang Jiechi", ["يانغ جيتشي", "يانج جيتشي"]),
        ("andrey-denisov", "Andrey Denisov", ["أندريه دينيسوف", "اندريه دينيسوف"]),
    ];

    public static readonly string[] Topics =
        ["joint-statement", "security", "military", "trade-energy", "ukraine-war", "winter-olympics", "multipolarity", "united-states-west", "visits-summits", "asia-pacific"];

    public static Corpus Load(string dir)
    {
        var sentences = Directory.GetFiles(dir, "*.txt")
            .SelectMany(f => File.ReadAllText(f).Split(['\n', '.'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(s => s.Length > 30)
            .Distinct()
            .ToList();
        return new Corpus { Sentences = sentences };
    }
}

internal static class Bench
{
    private static readonly string[] s_words = ["أولمبياد", "تايوان", "سمرقند", "الطاقة", "العسكري", "الاستقرار", "النفط", "شنغهاي"];
    private static readonly string[] s_phrases = ["\"البيان المشترك\"", "\"الولايات المتحدة\"", "\"مجلس الأمن\"", "\"العلاقات الثنائية\""];

    public static async Task RunAsync(int size, Corpus corpus)
    {
        var path = Path.Combine(Path.GetTempPath(), $"archive-bench-{size}-{Guid.NewGuid():N}.db");
        var cs = $"Data Source={path};Pooling=True";
        var options = new DbContextOptionsBuilder<ArchiveDbContext>().UseSqlite(cs).Options;
        var factory = new PooledDbContextFactory<ArchiveDbContext>(options);
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL; CREATE TABLE Baseline (ArticleId TEXT PRIMARY KEY, Text TEXT NOT NULL);");
            await SeedReferenceAsync(db);
        }

        var rng = new Random(42);
        var ingest = Stopwatch.StartNew();
        const int batch = 500;
        for (var start = 0; start < size; start += batch)
        {
            await using var db = await factory.CreateDbContextAsync();
            await using var tx = await db.Database.BeginTransactionAsync();
            var made = new List<(Article Article, List<Mention> Mentions)>();
            for (var i = start; i < Math.Min(size, start + batch); i++)
            {
                var (article, mentions, topics) = Generate(i, corpus, rng);
                db.Articles.Add(article);
                db.Mentions.AddRange(mentions);
                db.ArticleTopics.AddRange(topics);
                made.Add((article, mentions));
            }

            await db.SaveChangesAsync();
            foreach (var (article, mentions) in made)
            {
                await SearchIndex.UpdateArticleAsync(db, article, mentions.Select(m => m.PersonSlug));
            }

            await tx.CommitAsync();
        }

        ingest.Stop();

        // The baseline's normalised copy is written outside the timed ingestion (it is not part of the product).
        await using (var db = await factory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var rows = await db.Articles.AsNoTracking().Select(a => new { a.Id, a.Title, a.SourceText }).ToListAsync();
            foreach (var r in rows)
            {
                await db.Database.ExecuteSqlRawAsync("INSERT INTO Baseline VALUES ({0}, {1})", r.Id, ArabicNormalizer.Normalize(r.Title + "\n" + r.SourceText));
            }

            await tx.CommitAsync();
            await db.Database.ExecuteSqlRawAsync("INSERT INTO ArticleSearch(ArticleSearch) VALUES('optimize')");
        }

        long indexBytes;
        await using (var db = await factory.CreateDbContextAsync())
        {
            indexBytes = await db.Database.SqlQueryRaw<long>(
                "SELECT (SELECT COALESCE(SUM(LENGTH(block)), 0) FROM ArticleSearch_data) + (SELECT COUNT(*) * 16 FROM ArticleSearch_idx) + (SELECT COUNT(*) * 24 FROM SearchDocs) AS Value").SingleAsync();
        }

        var fileBytes = new FileInfo(path).Length;
        var service = new SearchService(factory);
        var warm = Stopwatch.StartNew();
        await service.SearchAsync(new SearchRequest());
        warm.Stop();

        if (Environment.GetEnvironmentVariable("BENCH_PROFILE") is not null)
        {
            await using var pdb = await factory.CreateDbContextAsync();
            var text = (await pdb.Articles.AsNoTracking().FirstAsync()).SourceText;
            var t0 = Stopwatch.StartNew();
            for (var k = 0; k < 100; k++)
            {
                ArabicTokenizer.Tokenize(text);
            }

            Console.WriteLine($"profile: tokenize {text.Length} chars: {t0.Elapsed.TotalMilliseconds / 100:N3} ms");
            foreach (var w in s_words)
            {
                var t1 = Stopwatch.StartNew();
                var n = (await pdb.Database.SqlQueryRaw<double>("SELECT bm25(ArticleSearch) AS Value FROM ArticleSearch WHERE ArticleSearch MATCH {0}", "\"" + ArabicTokenizer.Tokenize(w)[0].Stem + "\"").ToListAsync()).Count;
                var fts = t1.Elapsed.TotalMilliseconds;
                t1.Restart();
                await service.SearchAsync(new SearchRequest { Q = w });
                Console.WriteLine($"profile: {w}: {n} hits, fts {fts:N1} ms, search {t1.Elapsed.TotalMilliseconds:N1} ms");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"## {size:N0} articles");
        Console.WriteLine($"ingestion: {size / ingest.Elapsed.TotalSeconds:N0} articles/s ({ingest.Elapsed.TotalSeconds:N1} s, analysis + EF rows + FTS5, batches of {batch})");
        Console.WriteLine($"index: {indexBytes / 1048576.0:N1} MB FTS5 data; database file {fileBytes / 1048576.0:N1} MB; first query (snapshot load) {warm.ElapsedMilliseconds} ms");
        Console.WriteLine();
        Console.WriteLine("| query | p50 ms | p95 ms | baseline p50 ms | baseline p95 ms | speed-up (p50) |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");

        var qrng = new Random(7);
        var slugs = Corpus.People.Select(p => p.Slug).ToArray();
        var mixes = new (string Name, Func<SearchRequest> Make)[]
        {
            ("single word", () => new SearchRequest { Q = s_words[qrng.Next(s_words.Length)] }),
            ("phrase", () => new SearchRequest { Q = s_phrases[qrng.Next(s_phrases.Length)] }),
            ("person filter", () => new SearchRequest { Persons = [slugs[qrng.Next(slugs.Length)]] }),
            ("person + date range + topic", () =>
            {
                var from = new DateOnly(2020, 1, 1).AddDays(qrng.Next(1400));
                return new SearchRequest { Persons = [slugs[qrng.Next(slugs.Length)]], Topics = [Corpus.Topics[qrng.Next(Corpus.Topics.Length)]], From = from, To = from.AddDays(180) };
            }),
            ("facets, common word (روسيا)", () => new SearchRequest { Q = "روسيا" }),
            ("person name typed (Putin)", () => new SearchRequest { Q = "Putin" }),
        };

        var total50 = new List<double>();
        foreach (var (name, make) in mixes)
        {
            var ours = new List<double>();
            for (var i = 0; i < 200; i++)
            {
                var req = make();
                var sw = Stopwatch.StartNew();
                await service.SearchAsync(req);
                ours.Add(sw.Elapsed.TotalMilliseconds);
            }

            var base_ = new List<double>();
            var iterations = size >= 100_000 ? 5 : 20;
            for (var i = 0; i < iterations; i++)
            {
                var req = make();
                var sw = Stopwatch.StartNew();
                await BaselineAsync(factory, req);
                base_.Add(sw.Elapsed.TotalMilliseconds);
            }

            var p50 = Percentile(ours, 50);
            var b50 = Percentile(base_, 50);
            Console.WriteLine($"| {name} | {p50:N2} | {Percentile(ours, 95):N2} | {b50:N1} | {Percentile(base_, 95):N1} | {b50 / p50:N0}× |");
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Console.WriteLine();
        Console.WriteLine($"memory after the run: managed heap {GC.GetTotalMemory(true) / 1048576.0:N0} MB, working set {Process.GetCurrentProcess().WorkingSet64 / 1048576.0:N0} MB");
        SqliteConnection.ClearAllPools();
        File.Delete(path);
        File.Delete(path + "-wal");
        File.Delete(path + "-shm");
    }

    /// <summary>The naive way: LIKE over normalised text for q, EXISTS for filters, GROUP BY for facets.</summary>
    private static async Task BaselineAsync(IDbContextFactory<ArchiveDbContext> factory, SearchRequest r)
    {
        await using var db = await factory.CreateDbContextAsync();
        var where = new List<string>();
        var args = new List<object>();
        if (r.Q is { } q)
        {
            var words = q.Trim('"');
            var people = Corpus.People.Where(p => p.NameEn.Contains(words, StringComparison.OrdinalIgnoreCase)).SelectMany(p => p.Spellings).ToList();
            var likes = (people.Count > 0 ? people : [words]).Select(w =>
            {
                args.Add("%" + ArabicNormalizer.Normalize(w) + "%");
                return $"b.Text LIKE {{{args.Count - 1}}}";
            });
            where.Add("(" + string.Join(" OR ", likes) + ")");
        }

        foreach (var p in r.Persons)
        {
            args.Add(p);
            where.Add($"EXISTS (SELECT 1 FROM Mentions m WHERE m.ArticleId = a.Id AND m.PersonSlug = {{{args.Count - 1}}})");
        }

        foreach (var t in r.Topics)
        {
            args.Add(t);
            where.Add($"EXISTS (SELECT 1 FROM ArticleTopics t WHERE t.ArticleId = a.Id AND t.TopicSlug = {{{args.Count - 1}}})");
        }

        if (r.From is { } from)
        {
            args.Add(from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            where.Add($"a.Published >= {{{args.Count - 1}}}");
        }

        if (r.To is { } to)
        {
            args.Add(to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            where.Add($"a.Published <= {{{args.Count - 1}}}");
        }

        var filter = where.Count == 0 ? "1" : string.Join(" AND ", where);
        var matched = $"SELECT a.Id FROM Articles a JOIN Baseline b ON b.ArticleId = a.Id WHERE {filter}";
        var argArray = args.ToArray();
        // Only the query's shape is composed here; every value is a parameter.
        var queries = new[]
        {
            "SELECT COUNT(*) AS Value FROM (" + matched + ")",
            "SELECT COUNT(DISTINCT ArticleId) AS Value FROM Mentions WHERE ArticleId IN (" + matched + ") GROUP BY PersonSlug",
            "SELECT COUNT(*) AS Value FROM ArticleTopics WHERE ArticleId IN (" + matched + ") GROUP BY TopicSlug",
            "SELECT COUNT(*) AS Value FROM Articles WHERE Id IN (" + matched + ") GROUP BY OutletSlug",
            "SELECT COUNT(*) AS Value FROM Articles WHERE Id IN (" + matched + ") GROUP BY substr(Published, 1, 7)",
        };
        var page = "SELECT Id AS Value FROM (" + matched + ") ORDER BY Id LIMIT 20";
        await db.Database.SqlQueryRaw<string>(page, argArray).ToListAsync();
        foreach (var sql in queries)
        {
            await db.Database.SqlQueryRaw<int>(sql, argArray).ToListAsync();
        }
    }

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    private static async Task SeedReferenceAsync(ArchiveDbContext db)
    {
        db.Outlets.AddRange(
            new Outlet { Slug = "alwaght", NameAr = "الوقت", NameEn = "Al-Waght" },
            new Outlet { Slug = "asharq", NameAr = "الشرق", NameEn = "Asharq" },
            new Outlet { Slug = "almayadeen", NameAr = "الميادين", NameEn = "Al Mayadeen" });
        foreach (var (slug, nameEn, spellings) in Corpus.People)
        {
            db.People.Add(new Person
            {
                Slug = slug,
                NameAr = spellings[0],
                NameEn = nameEn,
                Aliases = spellings.Append(nameEn).Append(nameEn.Split(' ')[^1]).Distinct()
                    .Select(s => new PersonAlias { PersonSlug = slug, Text = s, Normalized = ArabicNormalizer.Normalize(s) }).ToList(),
            });
        }

        foreach (var t in Corpus.Topics)
        {
            db.Topics.Add(new Topic { Slug = t, NameAr = t, NameEn = t });
        }

        await db.SaveChangesAsync();
    }

    private static readonly string[] s_outlets = ["alwaght", "asharq", "almayadeen"];

    private static (Article, List<Mention>, List<ArticleTopic>) Generate(int i, Corpus corpus, Random rng)
    {
        var id = $"syn_{i:D7}";
        var sentences = Enumerable.Range(0, rng.Next(8, 15)).Select(_ => corpus.Sentences[rng.Next(corpus.Sentences.Count)]).ToList();
        // Re-spell the people: each sentence naming someone gets one of their spellings at random.
        for (var s = 0; s < sentences.Count; s++)
        {
            foreach (var (_, _, spellings) in Corpus.People)
            {
                foreach (var spelling in spellings)
                {
                    if (sentences[s].Contains(spelling, StringComparison.Ordinal))
                    {
                        sentences[s] = sentences[s].Replace(spelling, spellings[rng.Next(spellings.Length)], StringComparison.Ordinal);
                        break;
                    }
                }
            }
        }

        if (rng.Next(3) == 0)
        {
            var p = Corpus.People[rng.Next(Corpus.People.Length)];
            sentences.Insert(rng.Next(sentences.Count), $"وقال {p.Spellings[rng.Next(p.Spellings.Length)]} إن المحادثات كانت بناءة");
        }

        var title = sentences[0].Length > 90 ? sentences[0][..90] : sentences[0];
        var body = new System.Text.StringBuilder();
        var paragraphs = new List<Paragraph>();
        body.Append(title).Append('\n');
        paragraphs.Add(new Paragraph { ArticleId = id, Ordinal = 0, Kind = ParagraphKind.Title, SourceStart = 0, SourceEnd = body.Length, FirstLine = 1, LastLine = 1, Text = title });
        for (var s = 1; s < sentences.Count; s += 2)
        {
            var start = body.Length;
            var text = string.Join(". ", sentences.Skip(s).Take(2)) + ".";
            body.Append(text).Append('\n');
            paragraphs.Add(new Paragraph { ArticleId = id, Ordinal = paragraphs.Count, Kind = ParagraphKind.Body, SourceStart = start, SourceEnd = body.Length, FirstLine = paragraphs.Count + 1, LastLine = paragraphs.Count + 1, Text = text });
        }

        var source = body.ToString();
        var day = new DateOnly(2020, 1, 1).AddDays(rng.Next(365 * 4));
        var precision = rng.Next(10) == 0 ? DatePrecision.Month : DatePrecision.Day;
        var article = new Article
        {
            Id = id,
            SourceFile = id + ".txt",
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source))),
            SourceText = source,
            Title = title,
            TitleStart = 0,
            TitleEnd = title.Length,
            BodyMarkdown = source[(title.Length + 1)..],
            OutletSlug = rng.Next(5) == 0 ? null : s_outlets[rng.Next(s_outlets.Length)],
            Published = precision == DatePrecision.Month ? new DateOnly(day.Year, day.Month, 1) : day,
            DatePrecision = precision,
            Paragraphs = paragraphs,
        };

        var mentions = new List<Mention>();
        foreach (var (slug, _, spellings) in Corpus.People)
        {
            foreach (var spelling in spellings.OrderByDescending(s => s.Length))
            {
                for (var at = source.IndexOf(spelling, StringComparison.Ordinal); at >= 0; at = source.IndexOf(spelling, at + spelling.Length, StringComparison.Ordinal))
                {
                    if (!mentions.Any(m => m.Start <= at && at < m.End))
                    {
                        mentions.Add(new Mention { ArticleId = id, PersonSlug = slug, Start = at, End = at + spelling.Length, Text = spelling });
                    }
                }
            }
        }

        var topics = Corpus.Topics.OrderBy(_ => rng.Next()).Take(rng.Next(1, 4))
            .Select(t => new ArticleTopic { ArticleId = id, TopicSlug = t, Score = 1 }).ToList();
        return (article, mentions, topics);
    }
}
