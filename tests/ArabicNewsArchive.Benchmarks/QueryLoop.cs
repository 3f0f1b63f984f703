using System.Diagnostics;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Search.Fts5;
using ArabicNewsArchive.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Benchmarks;

/// <summary>
/// BENCH_LOOP=n (with BENCH_DB, BENCH_ONLY): the CPU a query type costs, steadier than wall-clock percentiles on a
/// shared machine. A fixed set of 40 requests of each selected type (drawn once, after 300 untimed ones so the JIT's
/// optimised code runs) is answered n times over; each pass's process CPU (user + sys) and wall time per request are
/// printed, and their medians, with the managed bytes allocated per request (all threads). BENCH_CONCURRENT=n answers
/// each pass n requests at a time, as a loaded web server would (what a search keeps pooled for the next is then
/// made anew by the requests beyond it). BENCH_STAGES=1 adds, for a one-word prefix, the page reader alone (read and sum), the
/// reader with bm25 scoring, and the whole search, each per request over the same passes.
/// </summary>
internal static class QueryLoop
{
    public static async Task RunAsync(IDbContextFactory<ArchiveDbContext> factory, SearchService service, string path, (string Name, Func<SearchRequest> Make)[] mixes, int passes)
    {
        var concurrent = int.TryParse(Environment.GetEnvironmentVariable("BENCH_CONCURRENT"), out var c) ? c : 1;
        foreach (var (name, make) in mixes)
        {
            for (var i = 0; i < 300; i++)
            {
                await service.SearchAsync(make());
            }

            var set = Enumerable.Range(0, 40).Select(_ => make()).ToArray();
            var cpu = new List<double>();
            var wall = new List<double>();
            var bytes = new List<double>();
            for (var pass = 0; pass < passes; pass++)
            {
                // Every thread's allocations (the facets and a prefix's sums run on others).
                var a0 = GC.GetTotalAllocatedBytes(precise: true);
                var c0 = Environment.CpuUsage.TotalTime.TotalMilliseconds;
                var sw = Stopwatch.StartNew();
                if (concurrent > 1)
                {
                    // As a web server under load answers them: several at the same time, each on a pool thread.
                    await Parallel.ForEachAsync(set, new ParallelOptions { MaxDegreeOfParallelism = concurrent }, async (r, _) => await service.SearchAsync(r));
                }
                else
                {
                    foreach (var r in set)
                    {
                        await service.SearchAsync(r);
                    }
                }

                wall.Add(sw.Elapsed.TotalMilliseconds / set.Length);
                cpu.Add((Environment.CpuUsage.TotalTime.TotalMilliseconds - c0) / set.Length);
                bytes.Add((GC.GetTotalAllocatedBytes(precise: true) - a0) / 1024.0 / set.Length);
            }

            Console.WriteLine($"loop | {name}{(concurrent > 1 ? $" ({concurrent} at a time)" : "")} | cpu/query median {Median(cpu):N2} ms (min {cpu.Min():N2}) | wall/query median {Median(wall):N2} ms (min {wall.Min():N2}) | allocated/query median {Median(bytes):N0} KB | passes {string.Join(' ', cpu.Select(c => c.ToString("N2", System.Globalization.CultureInfo.InvariantCulture)))}");

            if (Environment.GetEnvironmentVariable("BENCH_STAGES") == "1")
            {
                Stages(factory, path, set, passes);
            }
        }
    }

    private static void Stages(IDbContextFactory<ArchiveDbContext> factory, string path, SearchRequest[] set, int passes)
    {
        using var db = factory.CreateDbContext();
        db.Database.OpenConnection();
        var snap = SearchSnapshot.LoadAsync(db.Database.GetDbConnection(), CancellationToken.None).GetAwaiter().GetResult();
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        connection.Open();
        var phrases = set.Select(r => QueryParser.Parse(r.Q).PlainPhrases()).ToArray();
        if (phrases.Any(p => p is null))
        {
            Console.WriteLine("stages: not an OR of plain phrases");
            return;
        }

        var reader = new List<double>();
        var ranked = new List<double>();
        var lengths = snap.Lengths;
        var rank = new double[snap.Count];
        var hitCount = 0L;
        var readBytes = new List<double>();
        var rankedBytes = new List<double>();
        for (var pass = 0; pass < passes; pass++)
        {
            var a0 = GC.GetTotalAllocatedBytes(precise: true);
            var sw = Stopwatch.StartNew();
            foreach (var p in phrases)
            {
                var segments = Fts5Postings.ReadStructure(connection.Handle!)!;
                foreach (var (tokens, column, prefix) in p!)
                {
                    var hits = new Fts5Postings.Hits();
                    if (prefix)
                    {
                        Fts5Postings.TryReadPrefix(connection.Handle!, segments, tokens[0], column, [5, 1, 2, 10, 2], lengths.Length, hits);
                    }

                    hitCount += hits.Count;
                    hits.Release();
                }
            }

            reader.Add(sw.Elapsed.TotalMilliseconds / set.Length);
            readBytes.Add((GC.GetTotalAllocatedBytes(precise: true) - a0) / 1024.0 / set.Length);
            a0 = GC.GetTotalAllocatedBytes(precise: true);
            sw.Restart();
            foreach (var p in phrases)
            {
                var docs = new List<int>();
                Bm25Ranker.TryRankFromPages(connection, p!, lengths, (row, score) =>
                {
                    var d = snap.DocByRowId[row];
                    docs.Add(d);
                    rank[d] = score;
                }, n => docs.EnsureCapacity(n));
                ResultOrder.Best(docs, rank, snap.DatePos, 20);
            }

            ranked.Add(sw.Elapsed.TotalMilliseconds / set.Length);
            rankedBytes.Add((GC.GetTotalAllocatedBytes(precise: true) - a0) / 1024.0 / set.Length);
        }

        Console.WriteLine($"stages | read+sum (TryReadPrefix) median {Median(reader):N2} ms, {Median(readBytes):N0} KB | read+sum+bm25+top 20 median {Median(ranked):N2} ms, {Median(rankedBytes):N0} KB | {hitCount / passes / set.Length:N0} hits per query");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }
}
