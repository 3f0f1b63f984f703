using System.Diagnostics;
using System.Globalization;
using System.Text;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Stories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ArabicNewsArchive.Benchmarks;

/// <summary>
/// Stories measured on real news: the ANT rows published between --from and --to (default March 2018) are written as
/// bare text files (title, blank line, text) into a folder outside the repository and ingested into a fresh store as
/// a user would, all but the last --batch files in one run, then the last batch (the incremental story step, timed).
/// The stories are then compared with the rows' real publication times: count, largest and its span, same-story pairs
/// more than 7 days apart, articles in multi-article stories. --pairs N writes N random same-story pairs (seeded) with
/// their titles and openings to --out for reading; --grid re-groups the stored features in memory under other
/// thresholds and lead floors (nothing written) to show the trade-off; --reuse FOLDER reads the store a run left in
/// FOLDER instead of ingesting again; --judged FILE prints the body and lead cosines of the pairs a story-pairs table
/// (docs/story-pairs-ant.md) judged.
/// Usage: dotnet run -c Release --project tests/ArabicNewsArchive.Benchmarks -- stories [CORPUS.tsv.gz] [--from yyyy-MM-dd]
///        [--to yyyy-MM-dd] [--limit N] [--batch 1000] [--pairs 50] [--out FILE] [--grid] [--reuse FOLDER] [--judged FILE].
/// </summary>
internal static class StoryEvaluation
{
    public static async Task<int> RunAsync(string[] args, string seedsDir)
    {
        var corpus = args.FirstOrDefault(a => a.EndsWith(".tsv.gz", StringComparison.Ordinal))
            ?? Path.GetFullPath(Path.Combine(seedsDir, "..", "..", "shared", "corpora", "ant-multisource.tsv.gz"));
        var from = DateOnly.ParseExact(Text(args, "--from") ?? "2018-03-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = DateOnly.ParseExact(Text(args, "--to") ?? "2018-03-31", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var limit = int.Parse(Text(args, "--limit") ?? "100000", CultureInfo.InvariantCulture);
        var batch = int.Parse(Text(args, "--batch") ?? "1000", CultureInfo.InvariantCulture);
        var pairCount = int.Parse(Text(args, "--pairs") ?? "50", CultureInfo.InvariantCulture);
        var output = Text(args, "--out") ?? Path.Combine(Path.GetTempPath(), "story-pairs.txt");

        // --reuse FOLDER reads the store an earlier run left there (same --from/--to) instead of ingesting again.
        var reuse = Text(args, "--reuse");
        var folder = reuse ?? Path.Combine(Path.GetTempPath(), "ana-stories-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(folder, "in"));
        var truth = new Dictionary<string, (DateOnly Day, string Source, string Title, string Text)>(StringComparer.Ordinal);
        var files = new List<string>();
        var rows = Tsv.ReadGzip(corpus).Skip(1).Where(r => r.Count >= 7)
            .Select(r => (Row: r, Time: DateTimeOffset.Parse(r[3], CultureInfo.InvariantCulture)))
            .Where(r => DateOnly.FromDateTime(r.Time.UtcDateTime) is var d && d >= from && d <= to)
            .OrderBy(r => r.Time).Take(limit).ToList();
        foreach (var (row, time) in rows)
        {
            var id = $"ant_{files.Count:D5}";
            var path = Path.Combine(folder, "in", id + ".txt");
            if (reuse is null)
            {
                await File.WriteAllTextAsync(path, $"{row[5].Trim()}\n\n{row[6].Trim()}\n");
            }

            files.Add(path);
            truth[id] = (DateOnly.FromDateTime(time.UtcDateTime), row[0], row[5].Trim(), row[6].Trim());
        }

        Console.WriteLine($"{files.Count:N0} ANT articles of {from:yyyy-MM-dd}..{to:yyyy-MM-dd} written to {folder}");
        var options = new DbContextOptionsBuilder<ArchiveDbContext>().UseSqlite($"Data Source={Path.Combine(folder, "archive.db")};Pooling=False").Options;
        var contexts = new PooledDbContextFactory<ArchiveDbContext>(options);
        if (reuse is null)
        {
            await IngestAsync(contexts, seedsDir, files, batch);
        }

        await using var db = await contexts.CreateDbContextAsync();
        var stored = await db.Articles.AsNoTracking().Select(a => new { a.Id, a.StoryId }).ToListAsync();
        Report("store (ingested)", stored.Where(a => a.StoryId is not null).GroupBy(a => a.StoryId!.Value).Select(g => g.Select(a => a.Id).ToList()).ToList(), truth);

        var features = await db.Set<ArticleStoryFeatures>().AsNoTracking().ToListAsync();
        var articles = features.Select(f => new StoryArticle(f.ArticleId, "", f.Earliest, f.Latest, ArticleStoryFeatures.ParsePersons(f.Persons))
        {
            TermCounts = ArticleStoryFeatures.ParseTerms(f.Terms),
        }).ToList();
        if (args.Contains("--grid"))
        {
            foreach (var leadFloor in new[] { 0.0, 0.4, 0.5 })
            {
                foreach (var large in new[] { 0.5, 0.55, 0.6 })
                {
                    var grouping = new StoryClusterer { LargeArchiveThreshold = large, LeadFloor = leadFloor }.Group(articles);
                    Report($"in memory: lead floor {leadFloor}, story threshold {large}", [.. grouping.Groups.Select(g => g.ArticleIds.ToList())], truth);
                }
            }
        }

        if (Text(args, "--judged") is { } judged)
        {
            ScoreJudged(judged, articles, truth);
        }

        // Random same-story pairs (seeded), for reading.
        var stories = stored.Where(a => a.StoryId is not null).GroupBy(a => a.StoryId!.Value).Select(g => g.Select(a => a.Id).Order(StringComparer.Ordinal).ToList()).ToList();
        var rng = new Random(25);
        var chosen = new HashSet<(string, string)>();
        var pairs = stories.SelectMany(s => s.SelectMany((a, i) => s.Skip(i + 1).Select(b => (a, b)))).ToList();
        var text = new StringBuilder();
        while (chosen.Count < Math.Min(pairCount, pairs.Count))
        {
            // A story first, then a pair in it: the large stories do not fill the sample alone.
            var story = stories[rng.Next(stories.Count)];
            var a = story[rng.Next(story.Count)];
            var b = story[rng.Next(story.Count)];
            if (a == b || !chosen.Add(string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a)))
            {
                continue;
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"=== pair {chosen.Count}: {a} ~ {b} (story of {story.Count})");
            foreach (var id in new[] { a, b })
            {
                var t = truth[id];
                text.AppendLine(CultureInfo.InvariantCulture, $"--- {id} {t.Source} {t.Day:yyyy-MM-dd}: {t.Title}");
                text.AppendLine(t.Text.Length > 500 ? t.Text[..500] : t.Text);
            }
        }

        await File.WriteAllTextAsync(output, text.ToString());
        Console.WriteLine($"{chosen.Count} random same-story pairs written to {output} (outside the repository: they quote article text)");
        return 0;
    }

    /// <summary>
    /// Prints the body and lead similarity of pairs judged before (a story-pairs markdown table: "ant_X ~ ant_Y" and a
    /// verdict), to see which parts tell the same event from an affair's next development.
    /// </summary>
    private static void ScoreJudged(string file, List<StoryArticle> articles, Dictionary<string, (DateOnly Day, string Source, string Title, string Text)> truth)
    {
        var clusterer = new StoryClusterer();
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in articles)
        {
            foreach (var term in a.TermCounts!.Keys)
            {
                df[term] = df.GetValueOrDefault(term) + 1;
            }
        }

        var byId = articles.ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var line in File.ReadLines(file))
        {
            var m = System.Text.RegularExpressions.Regex.Match(line, @"(ant_\d+) ~ (ant_\d+).*\| (same|related|unrelated)");
            if (!m.Success || !byId.TryGetValue(m.Groups[1].Value, out var a) || !byId.TryGetValue(m.Groups[2].Value, out var b))
            {
                continue;
            }

            var (va, vb) = (clusterer.Vector(a.TermCounts!, t => df[t], articles.Count), clusterer.Vector(b.TermCounts!, t => df[t], articles.Count));
            var (body, lead) = (0.0, 0.0);
            var shared = new List<string>();
            foreach (var (term, w) in va)
            {
                if (vb.TryGetValue(term, out var w2))
                {
                    if (term.StartsWith(StoryClusterer.LeadPrefix, StringComparison.Ordinal))
                    {
                        lead += w * w2;
                        shared.Add($"{term}({df[term]})");
                    }
                    else
                    {
                        body += w * w2;
                    }
                }
            }

            var share = clusterer.LeadShare;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"judged {m.Groups[3].Value,-9} {a.Id} ~ {b.Id} days {Math.Abs(truth[a.Id].Day.DayNumber - truth[b.Id].Day.DayNumber)}: body {body / (1 - share):F2} lead {lead / share:F2} total {body + lead:F2}; lead shares {string.Join(' ', shared)}"));
        }
    }

    private static async Task IngestAsync(PooledDbContextFactory<ArchiveDbContext> contexts, string seedsDir, List<string> files, int batch)
    {
        var reference = await ArchiveStartup.PrepareStoreAsync(contexts, seedsDir);
        var first = files.Take(Math.Max(0, files.Count - batch)).ToList();
        var watch = Stopwatch.StartNew();
        var service = new IngestionService(contexts, reference);
        await service.IngestAsync(first);
        Console.WriteLine($"first run: {first.Count:N0} files in {watch.Elapsed.TotalSeconds:N1} s ({service.Times})");
        var last = new IngestionService(contexts, reference);
        watch.Restart();
        await last.IngestAsync(files.Skip(first.Count));
        Console.WriteLine($"last run: {files.Count - first.Count:N0} files in {watch.Elapsed.TotalSeconds:N1} s; its story step {last.Times.Stories.TotalSeconds:N2} s (incremental on a store of {files.Count:N0})");

    }

    private static void Report(string what, List<List<string>> stories, Dictionary<string, (DateOnly Day, string Source, string Title, string Text)> truth)
    {
        var pairs = 0L;
        var far = 0L;
        foreach (var story in stories)
        {
            for (var i = 0; i < story.Count; i++)
            {
                for (var j = i + 1; j < story.Count; j++)
                {
                    pairs++;
                    if (Math.Abs(truth[story[i]].Day.DayNumber - truth[story[j]].Day.DayNumber) > 7)
                    {
                        far++;
                    }
                }
            }
        }

        var largest = stories.OrderByDescending(s => s.Count).FirstOrDefault() ?? [];
        var span = largest.Count == 0 ? 0 : largest.Max(id => truth[id].Day.DayNumber) - largest.Min(id => truth[id].Day.DayNumber);
        var maxSpan = stories.Count == 0 ? 0 : stories.Max(s => s.Max(id => truth[id].Day.DayNumber) - s.Min(id => truth[id].Day.DayNumber));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {stories.Count:N0} stories holding {stories.Sum(s => s.Count):N0} of {truth.Count:N0} articles; largest {largest.Count} (span {span} days); widest span {maxSpan} days; same-story pairs {pairs:N0}, more than 7 days apart {far:N0} ({(pairs == 0 ? 0 : 100.0 * far / pairs):N2} %)"));
    }

    private static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
