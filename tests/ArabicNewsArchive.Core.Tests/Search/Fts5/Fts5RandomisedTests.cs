using System.Globalization;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Search.Fts5;
using Microsoft.Data.Sqlite;

namespace ArabicNewsArchive.Tests.Search.Fts5;

/// <summary>
/// The page reader against FTS5 itself on indexes built at random: many seeds, page sizes, random documents in
/// the index's five columns (stems, persons, exact forms), queries limited to column sets, deletes, revisions (a row deleted and indexed again), partial and full merges, some left mid-merge.
/// Whatever the state, the archive's two paths must give FTS5's own <c>bm25()</c>: the reader where it reads the
/// pages, the auxiliary-function walk (<see cref="Bm25Ranker.Rank(SqliteConnection, string, int[], bool, Action{long, double}, Action{int}?)"/>)
/// where the reader says no, as <c>SearchService</c> falls back.
/// </summary>
public sealed class Fts5RandomisedTests
{
    // A skewed vocabulary: the first words are in most rows (long doclists over many pages), the last in few.
    private static readonly string[] s_words =
    [
        "روسيا", "الصين", "بيان", "تعاون", "نفط", "طاقه", "امن", "حرب", "قمه", "زياره", "putin", "g20", "اتفاق", "سلام",
        "اقتصاد", "تجاره", "غاز", "سلاح", "جيش", "رءيس", "وزير", "مجلس", "شعب", "ارض", "بحر", "نهر", "جبل", "x1", "x2", "x3",
    ];

    private static readonly string[] s_people = ["vladimir_putin", "xi_jinping", "wang_yi"];

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 24)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EveryQuery_OnARandomIndex_GivesFts5sOwnHitsAndScores(int seed)
    {
        var random = new Random(seed);
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        // Today's table, and on odd seeds the one before with FTS5's prefix indexes: there FTS5 answers a prefix from
        // an index of its own, a path independent of the terms the reader adds up (which never reads those keys).
        Execute(connection, seed % 2 == 0 ? SearchIndexSchema.LeanTableSql : SearchIndexSchema.ExactFormsTableSql);
        Execute(connection, $"INSERT INTO ArticleSearch(ArticleSearch, rank) VALUES('pgsz', {new[] { 64, 128, 300, 1000 }[random.Next(4)]})");
        Execute(connection, $"INSERT INTO ArticleSearch(ArticleSearch, rank) VALUES('automerge', {new[] { 0, 2, 4 }[random.Next(3)]})");

        var lengths = new List<int> { 0 };
        var live = new List<int>();
        for (var batch = 0; batch < 4 + random.Next(6); batch++)
        {
            using var tx = connection.BeginTransaction();
            for (var i = 0; i < 10 + random.Next(60); i++)
            {
                lengths.Add(Insert(connection, random, lengths.Count));
                live.Add(lengths.Count - 1);
            }

            // Deletes and revisions of earlier rows: tombstones over the segments that hold them.
            for (var k = 0; k < random.Next(12) && live.Count > 1; k++)
            {
                var at = random.Next(live.Count);
                var rowid = live[at];
                Execute(connection, $"DELETE FROM ArticleSearch WHERE rowid = {rowid}");
                if (random.Next(2) == 0)
                {
                    lengths[rowid] = Insert(connection, random, rowid);
                }
                else
                {
                    live.RemoveAt(at);
                }
            }

            tx.Commit();
            switch (random.Next(8))
            {
                case 0:
                    Execute(connection, "INSERT INTO ArticleSearch(ArticleSearch) VALUES('optimize')");
                    break;
                case 1:
                    // A partial merge: it may stop half-way, which the reader leaves to FTS5.
                    Execute(connection, $"INSERT INTO ArticleSearch(ArticleSearch, rank) VALUES('merge', {2 + random.Next(20)})");
                    break;
            }
        }

        var queries = s_words.Select(w => new[] { w }).ToList();
        for (var k = 0; k < 8; k++)
        {
            queries.Add([$"{Pick(random)} {Pick(random)}"]);
            queries.Add([Pick(random), $"{Pick(random)} {Pick(random)}", "persons:" + s_people[random.Next(s_people.Length)]]);
            // A plain word as search writes it: its stem in title/body OR its exact form in the exact columns.
            queries.Add(["stems:" + Pick(random), "exact:" + Pick(random)]);
            queries.Add([$"exact:{Pick(random)} {Pick(random)}", "title:" + Pick(random), "title_exact:" + Pick(random)]);
            // Prefixes as search writes them (stems only), of 1–4 letters: several terms each, or one, or none.
            queries.Add(["stems:" + Start(random) + "*"]);
            queries.Add(["stems:" + Start(random) + "*", "exact:" + Pick(random), "persons:" + s_people[random.Next(s_people.Length)]]);
            queries.Add(["title:" + Start(random) + "*", Start(random) + "*"]);
        }

        queries.Add(["stems:zz*"]);

        // "a b"~N as search writes it: NEAR of the exact forms in the exact columns (or the title's), N from 0; now
        // and then three tokens, or one token twice.
        var nears = new List<(string[] Tokens, int Near, int Columns)>();
        for (var k = 0; k < 10; k++)
        {
            var first = Pick(random);
            string[] tokens = k % 5 == 4 ? [first, first] : k % 3 == 2 ? [first, Pick(random), Pick(random)] : [first, Pick(random)];
            var columns = k % 4 == 3 ? 1 << SearchIndexSchema.TitleExactColumn : SearchIndexSchema.ExactColumns;
            nears.Add((tokens, random.Next(k % 2 == 0 ? 3 : 12), columns));
        }

        foreach (var query in queries)
        {
            AssertSame(connection, [.. lengths], query, seed);
        }

        foreach (var (tokens, near, columns) in nears)
        {
            AssertNearSame(connection, [.. lengths], tokens, near, columns, seed);
        }

        // Settled, the reader must read every query of this index itself.
        while (Fts5Postings.MergeUnderWay(connection.Handle!))
        {
            Execute(connection, "INSERT INTO ArticleSearch(ArticleSearch, rank) VALUES('merge', 1000)");
        }

        foreach (var query in queries)
        {
            Assert.True(AssertSame(connection, [.. lengths], query, seed), $"seed {seed}: the settled index was left to FTS5 for {string.Join(" | ", query)}");
        }

        foreach (var (tokens, near, columns) in nears)
        {
            Assert.True(AssertNearSame(connection, [.. lengths], tokens, near, columns, seed), $"seed {seed}: the settled index was left to FTS5 for NEAR {string.Join(' ', tokens)}, {near}");
        }
    }

    [Fact]
    public void MidMerge_TheReaderSaysNo_AndTheFallbackGivesFts5sOwnScores()
    {
        var random = new Random(5);
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, SearchIndexSchema.ExactFormsTableSql);
        Execute(connection, "INSERT INTO ArticleSearch(ArticleSearch, rank) VALUES('pgsz', 64)");
        Execute(connection, "INSERT INTO ArticleSearch(ArticleSearch, rank) VALUES('automerge', 0)");
        var lengths = new List<int> { 0 };
        for (var segment = 0; segment < 6; segment++)
        {
            using var tx = connection.BeginTransaction();
            for (var i = 0; i < 80; i++)
            {
                lengths.Add(Insert(connection, random, lengths.Count));
            }

            tx.Commit();
        }

        // A few pages of a merge of all six segments: the merge is then under way, its output partly written.
        Execute(connection, "INSERT INTO ArticleSearch(ArticleSearch, rank) VALUES('merge', -3)");
        Assert.True(Fts5Postings.MergeUnderWay(connection.Handle!));

        foreach (var word in s_words)
        {
            Assert.False(AssertSame(connection, [.. lengths], [word], 5), word);
        }
    }

    private static string Pick(Random random) => s_words[(int)(s_words.Length * Math.Pow(random.NextDouble(), 2))];

    /// <summary>The first 1–4 letters of a word of the vocabulary (ا, سلا, x...: shared by several words).</summary>
    private static string Start(Random random)
    {
        var word = s_words[random.Next(s_words.Length)];
        return word[..Math.Min(word.Length, 1 + random.Next(4))];
    }

    /// <summary>Inserts a random row; returns its length in tokens over all columns (what the snapshot keeps).</summary>
    private static int Insert(SqliteConnection connection, Random random, int rowid)
    {
        string Text(int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => Pick(random)));
        var title = Text(1 + random.Next(4));
        var body = random.Next(25) == 0 ? string.Join(' ', Enumerable.Repeat(s_words[0], 40 + random.Next(80))) : Text(3 + random.Next(40));
        var persons = random.Next(3) == 0 ? string.Join(' ', Enumerable.Range(0, 1 + random.Next(3)).Select(_ => s_people[random.Next(s_people.Length)])) : "";
        // The exact columns as the index writes them: one word per stem, often the same word.
        string Exact(string stems) => string.Join(' ', stems.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => random.Next(3) == 0 ? Pick(random) : w));
        var titleExact = Exact(title);
        var bodyExact = Exact(body);
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO ArticleSearch(rowid, title, body, persons, title_exact, body_exact) VALUES ($id, $t, $b, $p, $te, $be)";
        insert.Parameters.AddWithValue("$id", rowid);
        insert.Parameters.AddWithValue("$t", title);
        insert.Parameters.AddWithValue("$b", body);
        insert.Parameters.AddWithValue("$p", persons);
        insert.Parameters.AddWithValue("$te", titleExact);
        insert.Parameters.AddWithValue("$be", bodyExact);
        insert.ExecuteNonQuery();
        return Count(title) + Count(body) + Count(persons) + Count(titleExact) + Count(bodyExact);
    }

    /// <summary>
    /// Asserts the archive's answer for <paramref name="query"/> (an OR of words and phrases) is bm25()'s; returns
    /// whether the page reader gave it (true) or the fallback did.
    /// </summary>
    private static bool AssertSame(SqliteConnection connection, int[] lengths, string[] query, int seed)
    {
        // "set:words": the phrase limited to a column set, written in MATCH as search writes it.
        (string Prefix, int Columns, string Fts)[] sets =
        [
            ("persons:", SearchIndexSchema.PersonsColumns, "persons : "),
            ("stems:", SearchIndexSchema.StemColumns, "{title body} : "),
            ("exact:", SearchIndexSchema.ExactColumns, "{title_exact body_exact} : "),
            ("title_exact:", 1 << SearchIndexSchema.TitleExactColumn, "title_exact : "),
            ("title:", 1 << SearchIndexSchema.TitleColumn, "title : "),
        ];
        // "word*": a prefix (one token).
        var parsed = query.Select(w => sets.FirstOrDefault(c => w.StartsWith(c.Prefix, StringComparison.Ordinal)) is { Prefix: not null } set
            ? (Tokens: (IReadOnlyList<string>)w[set.Prefix.Length..].TrimEnd('*').Split(' '), set.Columns, set.Fts, IsPrefix: w.EndsWith('*'))
            : (Tokens: w.TrimEnd('*').Split(' '), Columns: -1, Fts: "", IsPrefix: w.EndsWith('*'))).ToList();
        var phrases = parsed.Select(p => (p.Tokens, p.Columns, p.IsPrefix)).ToList();
        var match = string.Join(" OR ", parsed.Select(p => p.Fts + $"\"{string.Join(' ', p.Tokens)}\"" + (p.IsPrefix ? "*" : "")));
        var expected = Bm25(connection, match);
        var actual = new List<(long RowId, double Score)>();
        var fromPages = Bm25Ranker.TryRankFromPages(connection, phrases, lengths, (rowId, score) => actual.Add((rowId, score)));
        if (!fromPages)
        {
            Assert.Empty(actual);
            Assert.True(Bm25Ranker.TryRegister(connection));
            Bm25Ranker.Rank(connection, match, lengths, disjunction: true, (rowId, score) => actual.Add((rowId, score)));
        }

        AssertEqual(expected, actual, $"seed {seed}, {(fromPages ? "pages" : "fallback")}, {match}");
        return fromPages;
    }

    /// <summary>
    /// Asserts the archive's answer for <c>NEAR(tokens, near)</c> in a column set (search's <c>"a b"~N</c>) is FTS5's
    /// own NEAR with its bm25(); returns whether the page reader gave it (true) or the fallback did, called as
    /// <c>SearchService</c> calls it for a NEAR (not a disjunction: bm25() takes each phrase's IDF from its rows alone).
    /// </summary>
    private static bool AssertNearSame(SqliteConnection connection, int[] lengths, string[] tokens, int near, int columns, int seed)
    {
        var set = columns == SearchIndexSchema.ExactColumns ? "{title_exact body_exact} : " : "title_exact : ";
        var match = $"{set}NEAR({string.Join(' ', tokens.Select(t => $"\"{t}\""))}, {near})";
        var expected = Bm25(connection, match);
        var actual = new List<(long RowId, double Score)>();
        var fromPages = Bm25Ranker.TryRankNearFromPages(connection, tokens, near, columns, lengths, (rowId, score) => actual.Add((rowId, score)));
        if (!fromPages)
        {
            Assert.Empty(actual);
            Assert.True(Bm25Ranker.TryRegister(connection));
            var disjunction = QueryParser.Parse("\"روسيا الصين\"~5").IsDisjunction;
            Bm25Ranker.Rank(connection, match, lengths, disjunction, (rowId, score) => actual.Add((rowId, score)));
        }

        AssertEqual(expected, actual, $"seed {seed}, {(fromPages ? "pages" : "fallback")}, {match}");
        return fromPages;
    }

    private static List<(long RowId, double Score)> Bm25(SqliteConnection connection, string match)
    {
        var expected = new List<(long RowId, double Score)>();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT rowid, bm25(ArticleSearch, {SearchIndex.Bm25Weights}) FROM ArticleSearch WHERE ArticleSearch MATCH $m ORDER BY rowid";
        cmd.Parameters.AddWithValue("$m", match);
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            expected.Add((reader.GetInt64(0), reader.GetDouble(1)));
        }

        return expected;
    }

    private static void AssertEqual(List<(long RowId, double Score)> expected, List<(long RowId, double Score)> actual, string where)
    {
        actual.Sort((a, b) => a.RowId.CompareTo(b.RowId));
        Assert.True(expected.Select(h => h.RowId).SequenceEqual(actual.Select(h => h.RowId)),
            $"{where}: {expected.Count} rows expected, {actual.Count} given");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(Math.Abs(expected[i].Score - actual[i].Score) <= 1e-12 * Math.Abs(expected[i].Score),
                string.Create(CultureInfo.InvariantCulture, $"{where}: row {expected[i].RowId} {expected[i].Score} vs {actual[i].Score}"));
        }
    }

    private static int Count(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
