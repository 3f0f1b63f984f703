using ArabicNewsArchive.Search;
using ArabicNewsArchive.Search.Fts5;
using Microsoft.Data.Sqlite;

namespace ArabicNewsArchive.Tests.Search.Fts5;

/// <summary>
/// <c>Bm25Ranker.TryRankFromPages</c> reads postings off FTS5's pages itself (<see cref="Fts5Postings"/>). On a
/// table of the index's own definition with 64-byte pages, every doclist and many position lists span pages, and
/// without automatic merges each transaction leaves a segment of its own; the hits and scores must be bm25()'s.
/// </summary>
public sealed class Fts5PostingsTests : IDisposable
{
    private static readonly string[] s_words = ["روسيا", "الصين", "طاقه", "putin", "تعاون", "نفط", "x1", "بيان"];
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly List<int> _lengths = [0];

    public Fts5PostingsTests()
    {
        _connection.Open();
        Execute(SearchIndexSchema.TableSql);
        Execute("INSERT INTO ArticleSearch(ArticleSearch, rank) VALUES('pgsz', 64)");
        Execute("INSERT INTO ArticleSearch(ArticleSearch, rank) VALUES('automerge', 0)");
        var random = new Random(11);
        for (var segment = 0; segment < 3; segment++)
        {
            using var tx = _connection.BeginTransaction();
            for (var i = 0; i < 150; i++)
            {
                // Word i % 8 is in every row of its kind; a few rows repeat a word 60 times (a long position list).
                var title = Words(random, 1 + random.Next(3), i);
                var body = i % 37 == 0 ? string.Join(' ', Enumerable.Repeat("روسيا", 60)) : Words(random, 5 + random.Next(20), i);
                if (i % 11 == 0)
                {
                    body += " xi_jinping vladimir_putin"; // outside the persons column: a column filter leaves these out
                }

                // "xi_jinping vladimir_putin" in the persons column of some rows and in the body of others.
                var persons = i % 3 == 0 ? "vladimir_putin vladimir_putin" : i % 5 == 0 ? "xi_jinping" : i % 7 == 0 ? "xi_jinping vladimir_putin" : "";
                using var insert = _connection.CreateCommand();
                insert.CommandText = "INSERT INTO ArticleSearch(rowid, title, body, persons) VALUES ($id, $t, $b, $p)";
                insert.Parameters.AddWithValue("$id", _lengths.Count);
                insert.Parameters.AddWithValue("$t", title);
                insert.Parameters.AddWithValue("$b", body);
                insert.Parameters.AddWithValue("$p", persons);
                insert.ExecuteNonQuery();
                _lengths.Add(Count(title) + Count(body) + Count(persons));
            }

            tx.Commit();
        }
    }

    public void Dispose() => _connection.Dispose();

    public static TheoryData<string[]> Queries() => new()
    {
        { ["روسيا"] },                  // every row, long lists
        { ["نفط"] },
        { ["x1"] },
        { ["غائب"] },                   // in no row
        { ["putin", "persons:vladimir_putin"] }, // a typed name and its person token, limited to its column
        { ["persons:xi_jinping"] },
        { ["الصين", "بيان", "تعاون"] },
        { ["روسيا الصين"] },            // a phrase
        { ["روسيا روسيا"] },            // overlapping instances in the long runs
        { ["بيان تعاون نفط", "x1"] },   // a phrase of three, or a word
        { ["نفط غائب"] },               // a phrase with a word in no row
        { ["persons:xi_jinping vladimir_putin"] }, // a phrase limited to a column (the body has it too)
        { ["ال*"] },                    // a prefix of one term, read from FTS5's prefix index of 2 letters
        { ["x*", "نفط"] },              // a prefix of no prefix index (one letter), or a word
        { ["ت*", "persons:xi_jinping"] }, // تعاون and طاقه are not both ت: one term, and a person token
        { ["pu*", "ر*"] },              // two prefixes
        { ["غا*"] },                    // a prefix of no term
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void FromPages_SameHitsAndScoresAsBm25_OverSeveralSegments(string[] query)
    {
        Assert.True(Segments() >= 3);
        AssertSame(query);
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void FromPages_SameHitsAndScoresAsBm25_InOneMergedSegment(string[] query)
    {
        Execute("INSERT INTO ArticleSearch(ArticleSearch) VALUES('optimize')");
        Assert.Equal(1, Segments());
        AssertSame(query);
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void FromPages_SameHitsAndScoresAsBm25_WithTombstones(string[] query)
    {
        // contentless_delete keeps a deleted or re-indexed row's old postings in its segment until a merge, behind a
        // tombstone: FTS5 leaves them out at read time, and so must the reader.
        var random = new Random(23);
        for (var pass = 0; pass < 2; pass++)
        {
            using var tx = _connection.BeginTransaction();
            for (var rowid = 1 + pass; rowid < _lengths.Count; rowid += 8)
            {
                Execute($"DELETE FROM ArticleSearch WHERE rowid = {rowid}");
                if (rowid % 3 != 0)
                {
                    // A revision: the same rowid again, with other words (in the segment this transaction writes).
                    var body = Words(random, 3 + random.Next(10), rowid + 1);
                    Execute($"INSERT INTO ArticleSearch(rowid, title, body, persons) VALUES ({rowid}, 'نفط', '{body}', '')");
                    _lengths[rowid] = 1 + Count(body);
                }
            }

            tx.Commit();
        }

        Assert.InRange(Fts5Postings.Tombstones(_connection.Handle!), 100, Fts5Postings.MaxTombstones);
        Assert.True(Segments() >= 5);
        AssertSame(query);
    }

    [Fact]
    public void Tombstones_AreExactlyTheDeletedRows_OverSeveralPagesAndBothKeySizes()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        void Run(string sql)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }

        Run(SearchIndexSchema.TableSql);
        Run("INSERT INTO ArticleSearch(ArticleSearch, rank) VALUES('pgsz', 64)");
        Run("INSERT INTO ArticleSearch(ArticleSearch, rank) VALUES('automerge', 0)");
        // Three segments of 4-byte rowids, one of rowids past 2^32 (8-byte tombstone keys).
        List<long[]> segments = [[.. Enumerable.Range(1, 200).Select(i => (long)i)], [.. Enumerable.Range(201, 200).Select(i => (long)i)],
            [.. Enumerable.Range(401, 200).Select(i => (long)i)], [.. Enumerable.Range(1, 60).Select(i => (1L << 33) + i)]];
        foreach (var rows in segments)
        {
            using var tx = connection.BeginTransaction();
            foreach (var rowid in rows)
            {
                Run($"INSERT INTO ArticleSearch(rowid, title, body, persons) VALUES ({rowid}, 'روسيا', 'نفط تعاون', '')");
            }

            tx.Commit();
        }

        var deleted = segments.SelectMany(rows => rows.Where((_, i) => i % 3 == 1)).ToList();
        foreach (var half in deleted.Chunk(deleted.Count / 2 + 1))
        {
            using var tx = connection.BeginTransaction();
            foreach (var rowid in half)
            {
                Run($"DELETE FROM ArticleSearch WHERE rowid = {rowid}");
            }

            tx.Commit();
        }

        var structure = Fts5Postings.ReadStructure(connection.Handle!);
        Assert.NotNull(structure);
        Assert.Equal(deleted.Count, Fts5Postings.Tombstones(connection.Handle!));
        // Each deleted row behind the tombstones of exactly one segment, and no other row.
        Assert.Equal(deleted.Order(), structure.SelectMany(s => s.Deleted ?? []).Order());
        Assert.Contains(structure, s => s.Deleted is { } d && d.Min() > uint.MaxValue);
        using var pages = connection.CreateCommand();
        pages.CommandText = "SELECT count(*) FROM ArticleSearch_data WHERE id >= 1 << 53";
        Assert.True(Convert.ToInt32(pages.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > structure.Count(s => s.Deleted is not null),
            "64-byte pages should have split some segment's tombstones over several pages");
    }

    [Fact]
    public void FromPages_LeavesMoreTombstonesThanItReadsToFts5()
    {
        using (var tx = _connection.BeginTransaction())
        {
            for (var k = 0; k <= Fts5Postings.MaxTombstones; k++)
            {
                Execute($"INSERT INTO ArticleSearch(rowid, title, body, persons) VALUES ({100_000 + k}, '', 'نفط', '')");
            }

            tx.Commit();
        }

        Execute("DELETE FROM ArticleSearch WHERE rowid >= 100000");
        Assert.Equal(Fts5Postings.MaxTombstones + 1, Fts5Postings.Tombstones(_connection.Handle!));
        Assert.Null(Fts5Postings.ReadStructure(_connection.Handle!));
        Assert.False(Bm25Ranker.TryRankFromPages(_connection, [(["نفط"], -1)], [.. _lengths], (_, _) => { }));

        Execute("INSERT INTO ArticleSearch(ArticleSearch) VALUES('optimize')");
        AssertSame(["نفط"]);
    }

    [Fact]
    public void FromPages_LeavesRowsBeyondTheSnapshotToFts5()
    {
        Assert.False(Bm25Ranker.TryRankFromPages(_connection, [(["روسيا"], -1)], [.. _lengths.Take(100)], (_, _) => { }));
        Assert.False(Bm25Ranker.TryRankFromPages(_connection, [(["two-words"], -1)], [.. _lengths], (_, _) => { }));

        // A row the snapshot has no length for (-1), with one word, one phrase or an OR of them: nothing is given
        // before the answer is false, or the caller's fallback would give those hits twice.
        (IReadOnlyList<string> Tokens, int Column)[][] cases =
        [
            [(["روسيا"], -1)],
            [(["روسيا", "الصين"], -1)],
            [(["روسيا"], -1), (["نفط"], -1)],
            [(["روسيا", "الصين"], -1), (["نفط"], -1)],
        ];
        foreach (var phrases in cases)
        {
            var hits = new List<long>();
            Assert.True(Bm25Ranker.TryRankFromPages(_connection, phrases, [.. _lengths], (rowId, _) => hits.Add(rowId)));
            int[] unknown = [.. _lengths];
            unknown[hits[hits.Count / 2]] = -1;
            var given = false;
            Assert.False(Bm25Ranker.TryRankFromPages(_connection, phrases, unknown, (_, _) => given = true));
            Assert.False(given);
        }
    }

    [Theory]
    [InlineData("ال")]
    [InlineData("x")]
    [InlineData("ر")]
    [InlineData("pu")]
    [InlineData("vladimir")]
    public void Prefix_HitsAreTheRowsOfEveryTermWithThatStart_AsFts5vocabListsThem(string prefix)
    {
        // An answer that owes nothing to FTS5's query code: fts5vocab lists every instance of every term, and a
        // row's weighted count is the weights of the columns its instances of the prefix's terms stand in.
        Execute("DELETE FROM ArticleSearch WHERE rowid % 9 = 4"); // and a few tombstones
        Execute("CREATE VIRTUAL TABLE temp.Vocab USING fts5vocab(main, 'ArticleSearch', 'instance')");
        double[] weights = [.. SearchIndex.Bm25Weights.Split(',').Select(w => double.Parse(w, System.Globalization.CultureInfo.InvariantCulture))];
        var expected = new SortedDictionary<long, double>();
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT doc, col FROM temp.Vocab WHERE substr(term, 1, length($p)) = $p";
            cmd.Parameters.AddWithValue("$p", prefix);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var column = Array.IndexOf(["title", "body", "persons"], reader.GetString(1));
                expected[reader.GetInt64(0)] = expected.GetValueOrDefault(reader.GetInt64(0)) + weights[column];
            }
        }

        Assert.NotEmpty(expected);
        var hits = new Fts5Postings.Hits();
        Assert.True(Fts5Postings.ReadStructure(_connection.Handle!) is { } segments
            && Fts5Postings.TryReadPrefix(_connection.Handle!, segments, prefix, -1, weights, _lengths.Count, hits));
        Assert.Equal(expected.Keys, Enumerable.Range(0, hits.Count).Select(hits.RowAt));
        Assert.Equal(expected.Values, Enumerable.Range(0, hits.Count).Select(hits.FreqAt));
    }

    [Fact]
    public void Prefix_OfThousandsOfTerms_InRunsOverTwoThreads_EqualsFts5vocabAndBm25()
    {
        // Over 64 KB of doclists under one prefix: its terms are cut into runs that two threads share out, each
        // adding into sums of its own. Every term's rows must be counted once, whichever thread took it.
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, SearchIndexSchema.LeanTableSql);
        var random = new Random(3);
        var lengths = new List<int> { 0 };
        using (var tx = connection.BeginTransaction())
        {
            for (var row = 1; row <= 3000; row++)
            {
                // ق0…ق2999: thousands of terms, the first ones in many rows, the last in few (as a 2-letter prefix's).
                var body = string.Join(' ', Enumerable.Range(0, 30).Select(_ => "ق" + (int)(3000 * Math.Pow(random.NextDouble(), 3))));
                var title = "ق" + random.Next(50) + " روسيا";
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO ArticleSearch(rowid, title, body) VALUES ($id, $t, $b)";
                insert.Parameters.AddWithValue("$id", row);
                insert.Parameters.AddWithValue("$t", title);
                insert.Parameters.AddWithValue("$b", body);
                insert.ExecuteNonQuery();
                lengths.Add(Count(title) + Count(body));
            }

            tx.Commit();
        }

        Execute(connection, "DELETE FROM ArticleSearch WHERE rowid % 13 = 5");
        Execute(connection, "CREATE VIRTUAL TABLE temp.Vocab USING fts5vocab(main, 'ArticleSearch', 'instance')");
        double[] weights = [.. SearchIndex.Bm25Weights.Split(',').Select(w => double.Parse(w, System.Globalization.CultureInfo.InvariantCulture))];
        var expected = new SortedDictionary<long, double>();
        long bytes;
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT doc, col FROM temp.Vocab WHERE substr(term, 1, 1) = 'ق'";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var column = Array.IndexOf(["title", "body"], reader.GetString(1));
                expected[reader.GetInt64(0)] = expected.GetValueOrDefault(reader.GetInt64(0)) + weights[column];
            }
        }

        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT sum(length(block)) FROM ArticleSearch_data";
            bytes = Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.True(bytes > 3 << 16, $"{bytes} bytes: too few for several runs");
        AssertPrefixEqualsFts5(connection, "ق", weights, [.. lengths], expected);
    }

    [Fact]
    public void Prefix_OfThousandsOfTerms_OverSparseRowidsInManyBlocks_EqualsFts5vocabAndBm25()
    {
        // Rowids far apart (SearchDocs' AUTOINCREMENT also counts the rows its triggers skip: ~9 per article at 100k),
        // over dozens of the blocks of 1,024 rows the prefix's postings are added up in, with rows on both sides of
        // each block's edge, and every row in several terms, so that its entries come from both threads' lists.
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, SearchIndexSchema.LeanTableSql);
        var random = new Random(5);
        var rowIds = new SortedSet<long>();
        for (long row = 1; rowIds.Count < 2500; row += 1 + random.Next(17))
        {
            rowIds.Add(row);
        }

        for (long edge = 1024; edge < rowIds.Max; edge += 1024 * 3)
        {
            rowIds.Add(edge - 1);
            rowIds.Add(edge);
        }

        var lengths = new int[rowIds.Max + 1];
        Array.Fill(lengths, -1);
        using (var tx = connection.BeginTransaction())
        {
            foreach (var row in rowIds)
            {
                var body = string.Join(' ', Enumerable.Range(0, 30).Select(_ => "ك" + (int)(3000 * Math.Pow(random.NextDouble(), 3))));
                var title = "ك" + random.Next(50) + " روسيا";
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO ArticleSearch(rowid, title, body, title_exact, body_exact) VALUES ($id, $t, $b, $t, $b)";
                insert.Parameters.AddWithValue("$id", row);
                insert.Parameters.AddWithValue("$t", title);
                insert.Parameters.AddWithValue("$b", body);
                insert.ExecuteNonQuery();
                lengths[row] = 2 * (Count(title) + Count(body));
            }

            tx.Commit();
        }

        Execute(connection, "DELETE FROM ArticleSearch WHERE rowid % 11 = 3");
        Execute(connection, "CREATE VIRTUAL TABLE temp.Vocab USING fts5vocab(main, 'ArticleSearch', 'instance')");
        double[] weights = [.. SearchIndex.Bm25Weights.Split(',').Select(w => double.Parse(w, System.Globalization.CultureInfo.InvariantCulture))];
        var expected = new SortedDictionary<long, double>();
        using (var cmd = connection.CreateCommand())
        {
            // The stems' columns only, as search reads a prefix: the same terms in the exact columns do not count.
            cmd.CommandText = "SELECT doc, col FROM temp.Vocab WHERE substr(term, 1, 1) = 'ك' AND col IN ('title', 'body')";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var column = Array.IndexOf(["title", "body"], reader.GetString(1));
                expected[reader.GetInt64(0)] = expected.GetValueOrDefault(reader.GetInt64(0)) + weights[column];
            }
        }

        Assert.True(expected.Keys.Max() / 1024 >= 20, $"{expected.Keys.Max()}: too few blocks");
        Assert.Contains(expected.Keys, r => r % 1024 == 0);
        Assert.Contains(expected.Keys, r => r % 1024 == 1023);
        AssertPrefixEqualsFts5(connection, "ك", weights, lengths, expected);

        var hits = new Fts5Postings.Hits();
        // A bound below the last row is a page not as expected: no answer rather than a wrong one.
        Assert.False(Fts5Postings.TryReadPrefix(connection.Handle!, Fts5Postings.ReadStructure(connection.Handle!)!, "ك", SearchIndexSchema.StemColumns, weights, (int)expected.Keys.Max(), hits));
        hits.Release();
    }

    /// <summary>
    /// The page reader's prefix read equals <paramref name="expected"/> (each row's weighted instances in the stems'
    /// columns, from fts5vocab), and the ranker's scores over it equal FTS5's own <c>bm25()</c> for the same prefix.
    /// </summary>
    private static void AssertPrefixEqualsFts5(SqliteConnection connection, string prefix, double[] weights, int[] lengths, SortedDictionary<long, double> expected)
    {
        var hits = new Fts5Postings.Hits();
        Assert.True(Fts5Postings.ReadStructure(connection.Handle!) is { } segments
            && Fts5Postings.TryReadPrefix(connection.Handle!, segments, prefix, SearchIndexSchema.StemColumns, weights, lengths.Length, hits));
        Assert.Equal(expected.Keys, Enumerable.Range(0, hits.Count).Select(hits.RowAt));
        Assert.Equal(expected.Values, Enumerable.Range(0, hits.Count).Select(hits.FreqAt));
        hits.Release();

        var scores = new List<(long RowId, double Score)>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT rowid, bm25(ArticleSearch, {SearchIndex.Bm25Weights}) FROM ArticleSearch WHERE ArticleSearch MATCH '{{title body}} : \"{prefix}\"*' ORDER BY rowid";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                scores.Add((reader.GetInt64(0), reader.GetDouble(1)));
            }
        }

        var actual = new List<(long RowId, double Score)>();
        Assert.True(Bm25Ranker.TryRankFromPages(connection, [([prefix], SearchIndexSchema.StemColumns, true)], lengths, (rowId, score) => actual.Add((rowId, score))));
        Assert.Equal(scores.Select(h => h.RowId), actual.Select(h => h.RowId));
        for (var i = 0; i < scores.Count; i++)
        {
            Assert.True(Math.Abs(scores[i].Score - actual[i].Score) <= 1e-12 * Math.Abs(scores[i].Score), $"row {scores[i].RowId}: {scores[i].Score} vs {actual[i].Score}");
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private void AssertSame(string[] query)
    {
        // "word*": a prefix (FTS5's "word"*).
        var phrases = query.Select(w => w.StartsWith("persons:", StringComparison.Ordinal)
            ? ((IReadOnlyList<string>)w["persons:".Length..].Split(' '), SearchIndexSchema.PersonsColumns, false)
            : (w.TrimEnd('*').Split(' '), -1, w.EndsWith('*'))).ToList();
        var match = string.Join(" OR ", phrases.Select(p => (p.Item2 < 0 ? "" : "persons : ") + $"\"{string.Join(' ', p.Item1)}\"" + (p.Item3 ? "*" : "")));
        var expected = new List<(long RowId, double Score)>();
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT rowid, bm25(ArticleSearch, {SearchIndex.Bm25Weights}) FROM ArticleSearch WHERE ArticleSearch MATCH $m ORDER BY rowid";
            cmd.Parameters.AddWithValue("$m", match);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                expected.Add((reader.GetInt64(0), reader.GetDouble(1)));
            }
        }

        Assert.True(expected.Count > 0 || match.Contains("غائب", StringComparison.Ordinal) || match.Contains("غا", StringComparison.Ordinal), match);
        var actual = new List<(long RowId, double Score)>();
        Assert.True(Bm25Ranker.TryRankFromPages(_connection, phrases, [.. _lengths], (rowId, score) => actual.Add((rowId, score))), match);
        Assert.Equal(expected.Select(h => h.RowId), actual.Select(h => h.RowId));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(Math.Abs(expected[i].Score - actual[i].Score) <= 1e-12 * Math.Abs(expected[i].Score), $"{match}: row {expected[i].RowId} {expected[i].Score} vs {actual[i].Score}");
        }
    }

    private int Segments()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM ArticleSearch_data WHERE id >= 1 << 37 AND (id & ((1 << 37) - 1)) = 1";
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Words(Random random, int count, int i) =>
        string.Join(' ', Enumerable.Range(0, count).Select(k => k == 0 ? s_words[i % s_words.Length] : s_words[random.Next(s_words.Length)]));

    private static int Count(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
