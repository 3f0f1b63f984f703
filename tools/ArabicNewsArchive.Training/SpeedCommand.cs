using System.Diagnostics;
using System.Globalization;
using ArabicNewsArchive.People.Recognition;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Training;

/// <summary>
/// speed: the committed model's tagging time per real article (ANT, one thread), after one untimed pass that fills
/// the word cache as a long ingestion would. Tokenising is not counted: the analysis has the tokens already.
/// </summary>
internal static class SpeedCommand
{
    public static int Run(Options options)
    {
        var corpora = options.Text("corpora", "../shared/corpora");
        var model = options.Text("model", Path.Combine("seeds/reference/people-model", PersonTaggerCommand.ModelFile));
        var count = options.Number("articles", 2000);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var tagger = PersonTagger.Load(model);
        var loadTime = clock.ElapsedMilliseconds;
        Console.WriteLine($"model loaded in {loadTime} ms, {(GC.GetTotalMemory(forceFullCollection: true) - before) / (1 << 20)} MB held");
        var articles = Corpora.ReadAnt(Path.Combine(corpora, "ant-multisource.tsv.gz"))
            .Take(count)
            .Select(a => (a.Text, Tokens: ArabicTokenizer.Tokenize(a.Text)))
            .ToList();
        var tokens = articles.Sum(a => a.Tokens.Count);
        var spans = 0;
        foreach (var pass in new[] { "cold", "warm" })
        {
            spans = 0;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var cpu = Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime;
            clock.Restart();
            foreach (var (text, articleTokens) in articles)
            {
                spans += tagger.Tag(text, articleTokens).Count;
            }

            var elapsed = clock.Elapsed.TotalMicroseconds;
            var cpuElapsed = (Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime - cpu).TotalMicroseconds;
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{pass}: {articles.Count} articles, {tokens / articles.Count} tokens each: {elapsed / articles.Count:F0} µs/article (CPU time {cpuElapsed / articles.Count:F0} µs), " +
                $"{allocated / articles.Count / 1024} KB allocated/article, {spans} spans"));
        }

        if (options.Flag("parts"))
        {
            var firstOnly = new PersonTagger(tagger.Lexicon, tagger.Groups, tagger.FirstPass, null, tagger.Temperature);
            foreach (var (name, action) in new (string, Action<string, List<Token>>)[]
            {
                ("tokens only (cache lookups)", (t, k) => firstOnly.Decode("", [])),
                ("first pass decode", (t, k) => firstOnly.Decode(t, k)),
                ("first pass tag", (t, k) => firstOnly.Tag(t, k)),
                ("both passes decode", (t, k) => tagger.Decode(t, k)),
                ("both passes tag", (t, k) => tagger.Tag(t, k)),
            })
            {
                for (var round = 0; round < 2; round++)
                {
                    var cpu = Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime;
                    foreach (var (text, articleTokens) in articles)
                    {
                        action(text, articleTokens);
                    }

                    var used = (Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime - cpu).TotalMicroseconds;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: CPU {used / articles.Count:F0} µs/article"));
                }
            }
        }

        return 0;
    }
}
