using System.Globalization;
using System.Text;
using System.Text.Json;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Dates;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Text;
using ArabicNewsArchive.Topics;
using Microsoft.Data.Sqlite;

namespace ArabicNewsArchive.Tests.Ingestion;

/// <summary>
/// The pipeline's parallelism must not show in what it stores: the same files give the same facts and the same rows
/// (ids, slugs, order of insertion) whether one thread or several prepare them and whatever the batch size.
/// </summary>
public sealed class PipelineDeterminismTests : IDisposable
{
    // Timestamps of the run, not of the content.
    private static readonly HashSet<string> s_clockColumns = ["IngestedAt", "UpdatedAt", "ReplacedAt"];

    private readonly List<TestStore> _stores = [];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var store in _stores)
        {
            store.Dispose();
        }
    }

    [Fact]
    public void Analysis_GivesTheSameFactsOnOneThreadAndOnSeveral()
    {
        var store = NewStore();
        store.WriteSynthetic(60);
        var articles = Directory.GetFiles(Path.Combine(store.Folder, "in")).Order(StringComparer.Ordinal)
            .Select(f => ArticleParser.Parse(Path.GetFileName(f), File.ReadAllBytes(f), store.Reference.OutletCatalog).Article!)
            .ToList();

        var single = new ArticleAnalyzer(store.Reference);
        var alone = articles.Select(a => Json(single.Analyze(a))).ToList();

        // One analyser shared by four threads (as the pipeline's shared loops use it), the texts in another order.
        var shared = new ArticleAnalyzer(store.Reference);
        var together = new string[articles.Count];
        Parallel.ForEach(Enumerable.Range(0, articles.Count).Reverse(), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => together[i] = Json(shared.Analyze(articles[i])));

        Assert.Contains(alone, f => f.Contains("\"PersonSlug\"", StringComparison.Ordinal));
        Assert.Equal(alone, together);
    }

    [Fact]
    public void Analysis_FindsTheSameWithTheWordMemosAsWithout()
    {
        var store = NewStore();
        store.WriteSynthetic(30);
        var reference = store.Reference;
        var texts = Directory.GetFiles(Path.Combine(store.Folder, "in")).Order(StringComparer.Ordinal)
            .Select(f => ArticleParser.Parse(Path.GetFileName(f), File.ReadAllBytes(f), reference.OutletCatalog).Article!.SourceText)
            .ToList();
        var people = new PersonRecognizer(reference.People);
        var dates = new PublicationDateInference(reference.DatedEvents);
        var topics = new TopicClassifier(reference.TopicCatalog!);
        var iptc = reference.IptcModel!;
        var cache = new WordCache();
        var mentions = 0;
        // Twice over: the second round reads the memos the first left on the cache's words.
        for (var round = 0; round < 2; round++)
        {
            foreach (var text in texts)
            {
                var plain = ArabicTokenizer.Tokenize(text);
                var entries = new List<CachedWord?>();
                var tokens = ArabicTokenizer.Tokenize(text, cache, entries);
                var found = people.Recognize(text, tokens, queryMode: false, words: entries).Select(m => m.Mention).ToList();
                mentions += found.Count;
                Assert.Equal(JsonOf(people.Recognize(text, plain, queryMode: false).Select(m => m.Mention)), JsonOf(found));
                Assert.Equal(JsonOf(dates.Infer(text, plain)), JsonOf(dates.Infer(text, tokens, entries)));
                Assert.Equal(JsonOf(topics.Classify(text, plain)), JsonOf(topics.Classify(text, tokens, entries)));
                Assert.Equal(JsonOf(iptc.Classify(text, plain)), JsonOf(iptc.Classify(text, tokens, entries)));
                if (reference.Tagger is { } tagger)
                {
                    Assert.Equal(JsonOf(tagger.Tag(text, plain)), JsonOf(tagger.Tag(text, tokens, entries)));
                }
            }
        }

        Assert.True(mentions > 0);
    }

    private static string JsonOf<T>(T value) => JsonSerializer.Serialize(value);

    [Fact]
    public async Task Ingest_StoresTheSameRowsWhateverTheThreadsAndBatches()
    {
        var one = NewStore();
        var many = NewStore();
        foreach (var store in new[] { one, many })
        {
            store.WriteSynthetic(40);
            // Order-dependent outcomes: the first of two files with one id wins, a twin of its bytes is a duplicate.
            store.Write("later/syn_0003.txt", "مقال آخر بالمعرف نفسه عن زيارة فلاديمير بوتين إلى بكين في الرابع من فبراير.");
            var twin = FirstWith(store, "syn_0005");
            store.Write("later/" + Path.GetFileName(twin), File.ReadAllBytes(twin));
        }

        var sequential = await new IngestionService(one.Contexts, one.Reference) { PrepareThreads = 1, BatchSize = 1000 }
            .IngestAsync([Path.Combine(one.Folder, "in")]);
        var parallel = await new IngestionService(many.Contexts, many.Reference) { PrepareThreads = 4, BatchSize = 3 }
            .IngestAsync([Path.Combine(many.Folder, "in")]);

        Assert.Equal(Outcomes(sequential, one), Outcomes(parallel, many));
        Assert.Contains(sequential.Files, f => f.Outcome == IngestOutcome.Rejected && f.Detail!.StartsWith("id collision", StringComparison.Ordinal));
        var expected = Dump(one);
        Assert.Contains("MentionRows", expected, StringComparison.Ordinal);
        Assert.Equal(expected, Dump(many));
    }

    private TestStore NewStore()
    {
        var store = new TestStore();
        _stores.Add(store);
        return store;
    }

    private static string FirstWith(TestStore store, string prefix) =>
        Directory.GetFiles(Path.Combine(store.Folder, "in")).Single(f => Path.GetFileName(f).StartsWith(prefix, StringComparison.Ordinal));

    private static List<string> Outcomes(IngestRun run, TestStore store) =>
        [.. run.Files.Select(f => $"{Path.GetRelativePath(store.Folder, f.Path)} {f.ArticleId} {f.Outcome} {f.Detail?.Replace(store.Folder, "", StringComparison.Ordinal)}")];

    private static string Json(ArticleFacts facts) => JsonSerializer.Serialize(facts);

    /// <summary>Every row of every table (rowid order, so the order of insertion shows), without the run's timestamps.</summary>
    private static string Dump(TestStore store)
    {
        using var connection = new SqliteConnection($"Data Source={store.DbPath};Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            // FTS5's own tables hold the same terms in pages whose layout depends on the batches' merges, and the
            // index version counts batches.
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'ArticleSearch%' "
                + "AND name <> 'SearchMeta' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            dump.Append("## ").AppendLine(table);
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"" + (HasRowId(connection, table) ? " ORDER BY rowid" : "");
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                for (var c = 0; c < reader.FieldCount; c++)
                {
                    if (!s_clockColumns.Contains(reader.GetName(c)))
                    {
                        dump.Append(Convert.ToString(reader.GetValue(c), CultureInfo.InvariantCulture)).Append('\t');
                    }
                }

                dump.AppendLine();
            }
        }

        return dump.ToString();
    }

    private static bool HasRowId(SqliteConnection connection, string table)
    {
        using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT sql FROM sqlite_master WHERE name = $name";
        probe.Parameters.AddWithValue("$name", table);
        return probe.ExecuteScalar() is string sql && !sql.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase);
    }
}
