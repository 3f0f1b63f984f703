using System.Globalization;
using System.Text;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Ingestion;

namespace ArabicNewsArchive.Benchmarks;

/// <summary>
/// Dates measured on real news: each row of an ANT-style TSV (source, category, docno, time, url, title, text) is
/// written as a bare text file (title, blank line, text: no front matter), parsed and analysed as ingestion does,
/// and the inferred interval is compared with the row's real publication time. A claim is right when the true day
/// (±1 for time zones) lies inside the interval.
/// Usage: dotnet run -c Release --project tests/ArabicNewsArchive.Benchmarks -- dates FILE.tsv.gz [FILE ...]
///        [--limit N] [--wrong N] (prints N wrong claims per level with their evidence).
/// </summary>
internal static class DateEvaluation
{
    private static readonly string[] s_levels = ["day", "days", "month", "year"];

    private static readonly string[] s_dayFirst = ["dd/MM/yyyy", "yyyy-MM-dd'T'HHmmss"];

    public static int Run(string[] args, string seedsDir)
    {
        var files = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)).ToList();
        var limit = Option(args, "--limit") ?? int.MaxValue;
        var showWrong = Option(args, "--wrong") ?? 0;
        var full = ReferenceData.Load(Path.Combine(seedsDir, "reference"));
        // Dates read no people and no topics: an analyser without them runs the same date code several times faster.
        var analyzer = new ArticleAnalyzer(new ReferenceData { DatedEvents = full.DatedEvents, OutletCatalog = full.OutletCatalog });
        foreach (var file in files)
        {
            var tally = s_levels.ToDictionary(l => l, _ => (Claims: 0, Right: 0), StringComparer.Ordinal);
            var wrongShown = s_levels.ToDictionary(l => l, _ => 0, StringComparer.Ordinal);
            int total = 0, rejected = 0, unknown = 0, badTime = 0;
            var started = DateTime.UtcNow;
            foreach (var row in Tsv.ReadGzip(file).Skip(1).Where(f => f.Count >= 7).Select(f => f.ToArray()).Take(limit))
            {
                total++;
                // Jawhara FM gives some times as dd/MM/yyyy (a day without a zone; the invariant culture would read
                // it month first) or without the colons of the time.
                if (!DateTimeOffset.TryParseExact(row[3], s_dayFirst, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                    && !DateTimeOffset.TryParse(row[3], CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
                {
                    if (badTime++ < 3)
                    {
                        Console.WriteLine($"no time: {row[2]} «{row[3]}»");
                    }

                    continue;
                }

                var truth = DateOnly.FromDateTime(time.DateTime);
                var bytes = Encoding.UTF8.GetBytes(row[5] + "\n\n" + row[6]);
                var parsed = ArticleParser.Parse($"{row[2]}.txt", bytes, full.OutletCatalog);
                if (parsed.Article is not { } article)
                {
                    if (rejected++ < 5)
                    {
                        Console.WriteLine($"rejected: {row[2]}: {parsed.Rejection}");
                    }

                    continue;
                }

                var facts = analyzer.Analyze(article);
                var level = facts.Date.Precision switch
                {
                    DatePrecision.Day => "day",
                    DatePrecision.Days => "days",
                    DatePrecision.Month => "month",
                    DatePrecision.Year => "year",
                    _ => null,
                };
                if (level is null || facts.Date.From is not DateOnly from || facts.Date.To is not DateOnly to)
                {
                    unknown++;
                    continue;
                }

                var right = truth >= from.AddDays(-1) && truth <= to.AddDays(1);
                var (claims, ok) = tally[level];
                tally[level] = (claims + 1, ok + (right ? 1 : 0));
                if (!right && wrongShown[level]++ < showWrong)
                {
                    Console.WriteLine($"WRONG {level} {row[2]} true {truth:yyyy-MM-dd} claimed {from:yyyy-MM-dd}..{to:yyyy-MM-dd}");
                    foreach (var e in facts.Date.Evidence)
                    {
                        Console.WriteLine($"    «{e.Text.ReplaceLineEndings(" ")}» {e.Meaning}");
                    }
                }
            }

            var elapsed = DateTime.UtcNow - started;
            Console.WriteLine($"{Path.GetFileName(file)}: {total} articles, {badTime} without a readable time, {rejected} rejected, {elapsed.TotalSeconds:F0} s");
            Console.WriteLine("| level | claims | right | share right |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            var dated = 0;
            foreach (var l in s_levels)
            {
                var (claims, ok) = tally[l];
                dated += claims;
                var share = claims == 0 ? "–" : (100.0 * ok / claims).ToString("F1", CultureInfo.InvariantCulture) + " %";
                Console.WriteLine($"| {l} | {claims} | {ok} | {share} |");
            }

            var analysed = total - rejected - badTime;
            Console.WriteLine($"| unknown | {unknown} | | |");
            Console.WriteLine($"coverage: {dated}/{analysed} = {(analysed == 0 ? 0 : 100.0 * dated / analysed):F1} % of the analysed articles got a claim");
        }

        return 0;
    }

    private static int? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : null;
    }

}
