using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Search.Fts5;
using ArabicNewsArchive.Tests.Ingestion;
using Microsoft.Data.Sqlite;

namespace ArabicNewsArchive.Tests.Search;

/// <summary>
/// FTS5 merges segments a little at each write, so writes usually stop with a merge under way, and the index reader
/// (<see cref="Fts5Postings"/>) then leaves every query to FTS5's slower walk. <see cref="SearchIndex.SettleAsync"/>
/// finishes those merges; ingestion calls it at the end of every run that stored something. 64-byte pages make a
/// few hundred rows span enough pages for merges to take several writes, as a 100k store's do.
/// </summary>
public sealed class SearchIndexSettleTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Settle_MergeUnderWay_FinishesItAndTheIndexAnswersAsBefore()
    {
        using var connection = Open();
        Execute(connection, "INSERT INTO ArticleSearch(ArticleSearch, rank) VALUES('pgsz', 64)");
        var random = new Random(5);
        string[] words = ["روسيا", "الصين", "طاقه", "putin", "تعاون", "نفط"];
        var rowid = 0;
        // Transactions of 20 rows until FTS5 (default automerge) has left a merge under way: the state to settle.
        for (var tx = 0; tx < 200 && !Fts5Postings.MergeUnderWay(connection.Handle!); tx++)
        {
            using var transaction = connection.BeginTransaction();
            for (var i = 0; i < 20; i++)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO ArticleSearch(rowid, title, body, persons) VALUES ($id, $t, $b, '')";
                insert.Parameters.AddWithValue("$id", ++rowid);
                insert.Parameters.AddWithValue("$t", words[random.Next(words.Length)]);
                insert.Parameters.AddWithValue("$b", string.Join(' ', Enumerable.Range(0, 5 + random.Next(30)).Select(_ => words[random.Next(words.Length)])));
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        Assert.True(Fts5Postings.MergeUnderWay(connection.Handle!), "the setup never left a merge under way");
        Assert.Null(Fts5Postings.ReadStructure(connection.Handle!));
        var before = words.ToDictionary(w => w, w => Matches(connection, w));

        await using (var db = _store.Db())
        {
            var (steps, optimised) = await SearchIndex.SettleAsync(db);
            Assert.True(steps > 0);
            Assert.False(optimised); // no row was deleted
        }

        Assert.False(Fts5Postings.MergeUnderWay(connection.Handle!));
        Assert.NotNull(Fts5Postings.ReadStructure(connection.Handle!));
        foreach (var word in words)
        {
            Assert.Equal(before[word], Matches(connection, word));
        }

        // Nothing under way: nothing to do.
        await using (var db = _store.Db())
        {
            Assert.Equal((0, false), await SearchIndex.SettleAsync(db));
        }
    }

    [Fact]
    public async Task Ingest_RunsOfSmallBatches_EachLeavesNoMergeUnderWay()
    {
        using (var connection = Open())
        {
            Execute(connection, "INSERT INTO ArticleSearch(ArticleSearch, rank) VALUES('pgsz', 64)");
        }

        _store.WriteSynthetic(160);
        var files = Directory.GetFiles(Path.Combine(_store.Folder, "in")).Order(StringComparer.Ordinal).ToList();
        // A commit (and an FTS5 segment) every 2 files, in runs of 20: without the settle, runs end mid-merge.
        var service = new IngestionService(_store.Contexts, _store.Reference) { BatchSize = 2 };
        var underWay = new List<int>();
        for (var run = 0; run < files.Count / 20; run++)
        {
            var result = await service.IngestAsync(files.Skip(run * 20).Take(20));
            Assert.Equal(20, result.Count(IngestOutcome.Imported));
            using var check = Open();
            if (Fts5Postings.MergeUnderWay(check.Handle!) || Fts5Postings.ReadStructure(check.Handle!) is null)
            {
                underWay.Add(run);
            }
        }

        Assert.Empty(underWay);
    }

    [Fact]
    public async Task Ingest_Revision_LeavesTombstonesTheReaderReads_WithoutAnOptimise()
    {
        var service = _store.Service();
        var files = Seeds.Files.Select(f => _store.Write(Path.GetFileName(f), System.IO.File.ReadAllBytes(f))).ToList();
        await service.IngestAsync(files);
        var search = new SearchService(_store.Contexts, hitCacheSize: 0);
        var before = (await search.SearchAsync(new SearchRequest { Q = "روسيا" })).Total;
        // A revision re-indexes its article: FTS5 keeps a tombstone for the old row until its segment is merged,
        // which the reader reads, so the run need not optimise the whole index (seconds at 100k) for it.
        System.IO.File.AppendAllText(files[0], "\n\nوأضاف المتحدث كلمة زمردية جديدة.\n");
        var run = await service.IngestAsync(files);

        Assert.Equal(1, run.Count(IngestOutcome.Updated));
        using (var check = Open())
        {
            Assert.InRange(Fts5Postings.Tombstones(check.Handle!), 1, Fts5Postings.MaxTombstones);
            Assert.NotNull(Fts5Postings.ReadStructure(check.Handle!));
        }

        var pageReads = search.PageReads;
        Assert.Equal(1, (await search.SearchAsync(new SearchRequest { Q = "زمردية" })).Total);
        // The revised article's old postings are hidden: a word of every seed still counts it once.
        Assert.Equal(before, (await search.SearchAsync(new SearchRequest { Q = "روسيا" })).Total);
        Assert.Equal(pageReads + 2, search.PageReads);
    }

    [Fact]
    public async Task Settle_MoreTombstonesThanTheReaderReads_Optimises()
    {
        using (var connection = Open())
        {
            // No automatic merge, so that the deleted rows stay behind their tombstones (a merge drops them).
            Execute(connection, "INSERT INTO ArticleSearch(ArticleSearch, rank) VALUES('automerge', 0)");
            using (var transaction = connection.BeginTransaction())
            {
                for (var k = 0; k <= Fts5Postings.MaxTombstones; k++)
                {
                    Execute(connection, $"INSERT INTO ArticleSearch(rowid, title, body, persons) VALUES ({1_000_000 + k}, '', 'نفط', '')");
                }

                transaction.Commit();
            }

            Execute(connection, "DELETE FROM ArticleSearch WHERE rowid >= 1000000");
            Assert.Null(Fts5Postings.ReadStructure(connection.Handle!));
        }

        await using (var db = _store.Db())
        {
            Assert.Equal((0, true), await SearchIndex.SettleAsync(db));
        }

        using var check = Open();
        Assert.Equal(0, Fts5Postings.Tombstones(check.Handle!));
        Assert.NotNull(Fts5Postings.ReadStructure(check.Handle!));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_store.DbPath};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<long> Matches(SqliteConnection connection, string word)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid FROM ArticleSearch WHERE ArticleSearch MATCH $q ORDER BY rowid";
        command.Parameters.AddWithValue("$q", $"\"{word}\"");
        using var reader = command.ExecuteReader();
        var rows = new List<long>();
        while (reader.Read())
        {
            rows.Add(reader.GetInt64(0));
        }

        return rows;
    }
}
