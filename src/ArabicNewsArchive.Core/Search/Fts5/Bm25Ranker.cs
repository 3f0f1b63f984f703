using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ArabicNewsArchive.Search.Fts5;

/// <summary>
/// FTS5's bm25 (fts5_aux.c, fts5Bm25Function) recomputed in managed code from an auxiliary function registered on
/// the connection, with the same inputs and the same arithmetic, so the scores are equal to
/// <c>bm25(ArticleSearch, 5.0, 1.0, 2.0)</c>. The difference is the document length: bm25 asks FTS5 for it per row
/// (<c>xColumnSize(-1)</c>, a lookup in <c>ArticleSearch_docsize</c>, over half of its cost at 100k hits), this takes
/// it from <see cref="SearchSnapshot.Lengths"/>. One aggregate row comes back instead of a row per hit, and for an
/// OR of phrases (most text queries: a word, a phrase, a name with its person token) each phrase's document count
/// for the IDF comes from the hits instead of one more pass over its postings.
/// </summary>
/// <remarks>
/// Only with SQLitePCLRaw's bundled <c>e_sqlite3</c>, where the raw handles below belong to the library this file
/// calls; with any other provider <see cref="TryRegister"/> says no and the caller keeps SQL's bm25.
/// </remarks>
internal static unsafe class Bm25Ranker
{
    /// <summary>Name of the auxiliary function on the connection.</summary>
    public const string Function = "ana_bm25_collect";

    private const double K1 = 1.2;
    private const double B = 0.75;
    private const string Library = "e_sqlite3";

    /// <summary>Longer phrases are left to FTS5 (a phrase's every token is decoded with its positions).</summary>
    private const int MaxPhraseTokens = 8;

    private static readonly double[] s_weights = SearchIndex.Bm25Weights.Split(',')
        .Select(w => double.Parse(w, CultureInfo.InvariantCulture)).ToArray();

    // The native connections that have the function (pooled connections keep it across opens; registering it
    // again would grow FTS5's list of functions).
    private static readonly ConditionalWeakTable<sqlite3, object> s_registered = [];
    private static readonly bool s_supported = IsBundledLibrary();

    // The collector of the statement being stepped on this thread: a step runs the callback synchronously on the
    // calling thread, and the callback has no other way to reach managed state without a GCHandle per query.
    [ThreadStatic]
    private static Collector? s_current;

    /// <summary>Registers the function on the connection unless it has it. False when this SQLite cannot have it.</summary>
    public static bool TryRegister(SqliteConnection connection)
    {
        if (!s_supported || connection.Handle is not { } db)
        {
            return false;
        }

        lock (s_registered)
        {
            if (s_registered.TryGetValue(db, out _))
            {
                return true;
            }

            var api = FetchApi(db);
            if (api is null || api->IVersion < 2)
            {
                return false;
            }

            int rc;
            fixed (byte* name = "ana_bm25_collect"u8)
            {
                rc = api->XCreateFunction(api, name, null, &Collect, null);
            }

            if (rc != raw.SQLITE_OK)
            {
                return false;
            }

            s_registered.Add(db, new object());
            return true;
        }
    }

    /// <summary>A range of the index's rowids (inclusive) and the connection that reads it.</summary>
    public readonly record struct Slice(SqliteConnection Connection, long From, long To);

    /// <summary>
    /// Every hit of <paramref name="match"/> with its bm25 score, handed to <paramref name="hit"/> in FTS5's order.
    /// Call <see cref="TryRegister"/> on the connection first.
    /// </summary>
    /// <param name="lengths">Document length (tokens, all columns) by rowid; -1 or beyond the end: ask FTS5.</param>
    /// <param name="disjunction">The expression only ORs phrases (<see cref="ParsedQuery.IsDisjunction"/>).</param>
    /// <param name="hit">Called with each hit's rowid and score.</param>
    /// <param name="reserve">Called first with the number of hits (to size what <paramref name="hit"/> fills).</param>
    public static void Rank(SqliteConnection connection, string match, int[] lengths, bool disjunction, Action<long, double> hit, Action<int>? reserve = null) =>
        Rank([new Slice(connection, long.MinValue, long.MaxValue)], match, lengths, disjunction, hit, reserve);

    /// <summary>
    /// The same, with the index read in rowid slices at the same time, each on its own connection (registered with
    /// <see cref="TryRegister"/>); the hits come back in rowid order, as one read would give them. More than one
    /// slice needs a <paramref name="disjunction"/>: its IDFs come from the hits, summed over the slices, whereas an
    /// AND or NOT query counts each phrase's documents with a pass over the whole index, which every slice would
    /// repeat.
    /// </summary>
    public static void Rank(IReadOnlyList<Slice> slices, string match, int[] lengths, bool disjunction, Action<long, double> hit, Action<int>? reserve = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(slices.Count);
        if (slices.Count > 1 && !disjunction)
        {
            throw new ArgumentException("only an OR of phrases can be ranked in slices", nameof(slices));
        }

        var collectors = new Collector[slices.Count];
        for (var i = 0; i < collectors.Length; i++)
        {
            collectors[i] = new Collector(lengths, disjunction);
        }

        try
        {
            if (slices.Count == 1)
            {
                Read(slices[0], match, collectors[0]);
            }
            else
            {
                try
                {
                    Parallel.For(0, slices.Count, new ParallelOptions { MaxDegreeOfParallelism = slices.Count },
                        i => Read(slices[i], match, collectors[i]));
                }
                catch (AggregateException e) when (e.InnerExceptions.Count == 1)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
                }
            }

            reserve?.Invoke(collectors.Sum(c => c.Count));
            Emit(collectors, disjunction, hit);
        }
        finally
        {
            foreach (var c in collectors)
            {
                c.Release();
            }
        }
    }

    /// <summary>
    /// The same hits and scores as <see cref="Rank(SqliteConnection, string, int[], bool, Action{long, double}, Action{int}?)"/>
    /// for an OR of words and phrases (a typed name with its person tokens, each limited to its column), from the
    /// postings read off FTS5's pages (<see cref="Fts5Postings"/>) instead of through a MATCH. False, having called
    /// nothing, when this SQLite, the index's state or a row's length needs FTS5's walk: the caller then ranks as before.
    /// </summary>
    /// <param name="phrases">
    /// Each phrase of the MATCH expression in its order: its tokens, and its column set (a bit per column, as
    /// <see cref="SearchIndexSchema.StemColumns"/>; -1 for all), the <c>{title body} :</c> of the MATCH.
    /// </param>
    public static bool TryRankFromPages(SqliteConnection connection, IReadOnlyList<(IReadOnlyList<string> Tokens, int Column)> phrases, int[] lengths, Action<long, double> hit, Action<int>? reserve = null) =>
        TryRankFromPages(connection, [.. phrases.Select(p => (p.Tokens, p.Column, false))], lengths, hit, reserve);

    /// <summary>
    /// The same, where a phrase may be a prefix (<c>Prefix</c>: its one token is the start of the terms it stands
    /// for, FTS5's <c>"token"*</c>; read with <see cref="Fts5Postings.TryReadPrefix"/>). A prefix of more than one
    /// token (<c>"a b"*</c>) is not read here.
    /// </summary>
    public static bool TryRankFromPages(SqliteConnection connection, IReadOnlyList<(IReadOnlyList<string> Tokens, int Column, bool Prefix)> phrases, int[] lengths, Action<long, double> hit, Action<int>? reserve = null)
    {
        if (!s_supported || connection.Handle is not { } db || phrases.Count == 0
            || !phrases.All(w => w.Tokens.Count is > 0 and <= MaxPhraseTokens && w.Tokens.All(IsOneToken) && (!w.Prefix || w.Tokens.Count == 1)))
        {
            return false;
        }

        // One read transaction for the structure and the pages: a merge elsewhere may replace them meanwhile.
        var own = raw.sqlite3_get_autocommit(db) != 0;
        if (own && raw.sqlite3_exec(db, "BEGIN") != raw.SQLITE_OK)
        {
            return false;
        }

        var collector = new Collector(lengths, disjunction: true);
        Fts5Postings.Hits?[] postings = [];
        try
        {
            if (Fts5Postings.ReadStructure(db) is not { } segments || Fts5Postings.ReadAverages(db) is not { } averages || averages.Rows <= 0)
            {
                return false;
            }

            postings = new Fts5Postings.Hits[phrases.Count];
            for (var i = 0; i < phrases.Count; i++)
            {
                var hits = postings[i] = new Fts5Postings.Hits();
                var (tokens, column, prefix) = phrases[i];
                if (prefix)
                {
                    if (!Fts5Postings.TryReadPrefix(db, segments, tokens[0], column, s_weights, lengths.Length, hits))
                    {
                        return false;
                    }

                    continue; // in rowid order already
                }

                foreach (var segment in segments)
                {
                    var read = tokens.Count == 1
                        ? Fts5Postings.TryRead(db, segment, tokens[0], column, s_weights, hits)
                        : Fts5Postings.TryReadPhrase(db, segment, tokens, column, s_weights, hits);
                    if (!read)
                    {
                        return false;
                    }
                }

                if (segments.Length > 1 && !hits.SortByRow())
                {
                    return false;
                }
            }

            if (postings.Length == 1)
            {
                return EmitOne(postings[0]!, lengths, averages.Rows, averages.Tokens, hit, reserve);
            }

            if (!collector.AddMerged(postings, averages.Rows, averages.Tokens))
            {
                return false;
            }

            reserve?.Invoke(collector.Count);
            Emit([collector], disjunction: true, hit);
            return true;
        }
        finally
        {
            collector.Release();
            foreach (var hits in postings)
            {
                hits?.Release();
            }

            if (own)
            {
                raw.sqlite3_exec(db, "COMMIT");
            }
        }
    }

    /// <summary>
    /// The same hits and scores as <see cref="Rank(SqliteConnection, string, int[], bool, Action{long, double}, Action{int}?)"/>
    /// for <c>{columns} : NEAR("t0" "t1" ..., near)</c> alone (search's <c>"a b"~N</c>), from the pages: the rows where
    /// the tokens stand within <paramref name="near"/> tokens of each other in one column of the set, each token a
    /// phrase of its own as bm25() scores it: its IDF from every row that holds it in those columns (xQueryPhrase
    /// runs the phrase alone, without the NEAR), its frequency from the instances the NEAR keeps. False, having
    /// called nothing, where <see cref="TryRankFromPages(SqliteConnection, IReadOnlyList{ValueTuple{IReadOnlyList{string}, int, bool}}, int[], Action{long, double}, Action{int}?)"/> would be.
    /// </summary>
    public static bool TryRankNearFromPages(SqliteConnection connection, IReadOnlyList<string> tokens, int near, int columns, int[] lengths, Action<long, double> hit, Action<int>? reserve = null)
    {
        if (!s_supported || connection.Handle is not { } db || tokens.Count is < 2 or > MaxPhraseTokens || !tokens.All(IsOneToken) || near < 0)
        {
            return false;
        }

        var own = raw.sqlite3_get_autocommit(db) != 0;
        if (own && raw.sqlite3_exec(db, "BEGIN") != raw.SQLITE_OK)
        {
            return false;
        }

        var hits = new Fts5Postings.Hits[tokens.Count];
        var alone = new Fts5Postings.Hits();
        try
        {
            if (Fts5Postings.ReadStructure(db) is not { } segments || Fts5Postings.ReadAverages(db) is not { } averages || averages.Rows <= 0)
            {
                return false;
            }

            for (var j = 0; j < hits.Length; j++)
            {
                hits[j] = new Fts5Postings.Hits();
            }

            var idf = new double[tokens.Count];
            for (var j = 0; j < tokens.Count; j++)
            {
                alone.Clear();
                foreach (var segment in segments)
                {
                    if (!Fts5Postings.TryRead(db, segment, tokens[j], columns, s_weights, alone))
                    {
                        return false;
                    }
                }

                idf[j] = Idf(averages.Rows, alone.Count);
            }

            foreach (var segment in segments)
            {
                if (!Fts5Postings.TryReadNear(db, segment, tokens, near, columns, s_weights, hits))
                {
                    return false;
                }
            }

            if (segments.Length > 1 && !hits.All(h => h.SortByRow()))
            {
                return false;
            }

            var rows = hits[0];
            for (var k = 0; k < rows.Count; k++)
            {
                if (!HasLength(lengths, rows.RowAt(k)))
                {
                    return false;
                }
            }

            reserve?.Invoke(rows.Count);
            var avgdl = averages.Tokens / (double)averages.Rows;
            Span<double> freq = stackalloc double[hits.Length];
            for (var k = 0; k < rows.Count; k++)
            {
                for (var j = 0; j < hits.Length; j++)
                {
                    freq[j] = hits[j].FreqAt(k);
                }

                var rowId = rows.RowAt(k);
                hit(rowId, Score(idf, avgdl, freq, lengths[rowId]));
            }

            return true;
        }
        finally
        {
            alone.Release();
            foreach (var h in hits)
            {
                h?.Release();
            }

            if (own)
            {
                raw.sqlite3_exec(db, "COMMIT");
            }
        }
    }

    /// <summary>
    /// One word or phrase (most queries): its rows are the hits, scored straight from them as <see cref="Emit"/>
    /// scores them, without the collector's copy of every row, length and frequency (~1–2 ms of 100k hits). False,
    /// with no hit given, when a row's length is not in the snapshot.
    /// </summary>
    private static bool EmitOne(Fts5Postings.Hits rows, int[] lengths, long rowCount, long totalTokens, Action<long, double> hit, Action<int>? reserve)
    {
        for (var k = 0; k < rows.Count; k++)
        {
            if (!HasLength(lengths, rows.RowAt(k)))
            {
                return false;
            }
        }

        reserve?.Invoke(rows.Count);
        double[] idf = [Idf(rowCount, rows.Count)];
        var avgdl = totalTokens / (double)rowCount;
        for (var k = 0; k < rows.Count; k++)
        {
            var rowId = rows.RowAt(k);
            var freq = rows.FreqAt(k);
            hit(rowId, Score(idf, avgdl, new ReadOnlySpan<double>(in freq), lengths[rowId]));
        }

        return true;
    }

    /// <summary>The snapshot has the row's length (a row written after it was taken has none, or -1).</summary>
    private static bool HasLength(int[] lengths, long rowId) => rowId >= 0 && rowId < lengths.Length && lengths[rowId] >= 0;

    /// <summary>What FTS5's ascii tokenizer (with '_' as a token character) keeps as one token, unchanged.</summary>
    private static bool IsOneToken(string token) =>
        token.Length > 0 && token.All(c => c >= 0x80 || char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private static void Read(Slice slice, string match, Collector collector)
    {
        // The function sits in WHERE: inside an aggregate SQLite resolves an FTS5 auxiliary function to the plain
        // global stub, which refuses to run. Returning NULL, it also keeps every row out of the count, so one row
        // comes back instead of a row per hit. FTS5 seeks to a rowid range itself (its xBestIndex takes rowid
        // bounds), so a slice walks only its part of each posting list.
        using var command = slice.Connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {SearchIndexSchema.Table} WHERE {SearchIndexSchema.Table} MATCH $m AND rowid >= $from AND rowid <= $to AND {Function}({SearchIndexSchema.Table})";
        command.Parameters.AddWithValue("$m", match);
        command.Parameters.AddWithValue("$from", slice.From);
        command.Parameters.AddWithValue("$to", slice.To);
        var previous = s_current;
        s_current = collector;
        try
        {
            command.ExecuteNonQuery();
            if (collector.Error is { } error)
            {
                throw new InvalidOperationException("ranking FTS5 hits failed", error);
            }
        }
        finally
        {
            s_current = previous;
        }
    }

    /// <summary>Scores what the slices collected, now that each phrase's document count is known, in rowid order.</summary>
    private static void Emit(Collector[] collectors, bool disjunction, Action<long, double> hit)
    {
        if (collectors.FirstOrDefault(c => c.Started) is not { } first)
        {
            return;
        }

        // Row count, average length and, for AND/NOT, the IDFs are the whole index's: any slice's are right.
        var idf = first.Idf;
        if (disjunction)
        {
            idf = new double[first.PhraseRows.Length];
            for (var i = 0; i < idf.Length; i++)
            {
                long rows = 0;
                foreach (var c in collectors)
                {
                    rows += c.Started ? c.PhraseRows[i] : 0;
                }

                idf[i] = Idf(first.RowCount, rows);
            }
        }

        foreach (var c in collectors)
        {
            c.Emit(idf, first.AverageLength, hit);
        }
    }

    private static bool IsBundledLibrary()
    {
        try
        {
            return raw.GetNativeLibraryName() == Library;
        }
        catch (Exception e) when (e is InvalidOperationException or NotImplementedException or DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The connection's <c>fts5_api</c>, the documented way: <c>SELECT fts5(?1)</c> with a bound pointer.</summary>
    private static Fts5Api* FetchApi(sqlite3 db)
    {
        if (raw.sqlite3_prepare_v2(db, "SELECT fts5(?1)", out var stmt) != raw.SQLITE_OK)
        {
            stmt?.Dispose();
            return null;
        }

        using (stmt)
        {
            Fts5Api* api = null;
            fixed (byte* type = "fts5_api_ptr"u8)
            {
                if (sqlite3_bind_pointer(stmt.DangerousGetHandle(), 1, &api, type, IntPtr.Zero) != raw.SQLITE_OK)
                {
                    return null;
                }

                raw.sqlite3_step(stmt);
            }

            return api;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Collect(Fts5ExtensionApi* api, IntPtr fts, IntPtr context, int argCount, IntPtr args)
    {
        var c = s_current;
        if (c is null)
        {
            // Called outside Rank (a hand-written query): nothing to collect into.
            sqlite3_result_error(context, "ana_bm25_collect: no collector"u8.ToArray(), -1);
            return;
        }

        try
        {
            if (c.Error is null)
            {
                c.Add(api, fts);
            }
        }
        catch (Exception e)
        {
            c.Error = e;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int CountRow(Fts5ExtensionApi* api, IntPtr fts, void* count)
    {
        (*(long*)count)++;
        return raw.SQLITE_OK;
    }

    /// <summary>
    /// What one read sees of the hits: their rowids, lengths and weighted phrase frequencies, scored by
    /// <see cref="Emit"/> once every slice is read (a hit's score needs the IDFs, and for an OR of phrases those
    /// come from all the slices' hits).
    /// </summary>
    /// <param name="disjunction">
    /// The expression only ORs phrases (see <see cref="ParsedQuery.IsDisjunction"/>): every row a phrase matches is a
    /// hit, so each phrase's document count for the IDF is counted from the hits rather than by a second pass over
    /// its postings per phrase (xQueryPhrase), which costs as much as the query again for a phrase of common words.
    /// </param>
    private sealed class Collector(int[] lengths, bool disjunction)
    {
        // Pooled: at 100k hits these are megabytes per query, which would go to the large object heap each time.
        private Pooled<long> _rows;
        private Pooled<int> _tokens;
        private Pooled<double> _freqs;
        private double[] _freq = [];

        public Exception? Error { get; set; }

        /// <summary>The read saw at least one hit, so the index-wide figures below are set.</summary>
        public bool Started { get; private set; }

        public long RowCount { get; private set; }

        public double AverageLength { get; private set; }

        /// <summary>Each phrase's IDF over the whole index (AND/NOT queries only).</summary>
        public double[] Idf { get; private set; } = [];

        /// <summary>How many of this read's hits each phrase matches (disjunctions only).</summary>
        public long[] PhraseRows { get; private set; } = [];

        /// <summary>How many hits this read saw.</summary>
        public int Count => _rows.Items.Length;

        /// <summary>Gives the buffers back to the pool.</summary>
        public void Release()
        {
            _rows.Release();
            _tokens.Release();
            _freqs.Release();
        }

        public void Add(Fts5ExtensionApi* api, IntPtr fts)
        {
            if (!Started)
            {
                Start(api, fts);
                Started = true;
            }

            var freq = _freq;
            for (var phrase = 0; phrase < freq.Length; phrase++)
            {
                freq[phrase] = PhraseFrequency(api, fts, phrase);
            }

            var rowId = api->XRowid(fts);
            int tokens;
            if (rowId >= 0 && rowId < lengths.Length && lengths[rowId] >= 0)
            {
                tokens = lengths[rowId];
            }
            else
            {
                Check(api->XColumnSize(fts, -1, &tokens));
            }

            _rows.Add(rowId);
            _tokens.Add(tokens);
            for (var i = 0; i < freq.Length; i++)
            {
                // A phrase matches a row exactly when it has an instance there (its position list is empty in a row
                // it does not match, within its column filter), as xQueryPhrase would count it.
                if (disjunction && freq[i] > 0)
                {
                    PhraseRows[i]++;
                }

                _freqs.Add(freq[i]);
            }
        }

        /// <summary>
        /// The rows of each phrase (in rowid order, with their weighted instances) joined into hits as an OR of them:
        /// what <see cref="Add"/> collects row by row from FTS5. False when a row's length is not in the snapshot.
        /// </summary>
        public bool AddMerged(Fts5Postings.Hits?[] phrases, long rowCount, long totalTokens)
        {
            RowCount = rowCount;
            AverageLength = totalTokens / (double)rowCount;
            Idf = new double[phrases.Length];
            PhraseRows = new long[phrases.Length];
            var at = new int[phrases.Length];
            // At most every row of every phrase, and no more rows than the snapshot has (an OR of a person's name
            // forms: ~100k rows from ~300k postings at 100k articles, each buffer otherwise grown by ~10 doublings and copies).
            var bound = (int)Math.Min(phrases.Sum(p => (long)p!.Count), lengths.Length);
            _rows.Reserve(bound);
            _tokens.Reserve(bound);
            _freqs.Reserve(bound * phrases.Length);
            while (true)
            {
                var rowId = long.MaxValue;
                for (var i = 0; i < phrases.Length; i++)
                {
                    if (at[i] < phrases[i]!.Count)
                    {
                        rowId = Math.Min(rowId, phrases[i]!.RowAt(at[i]));
                    }
                }

                if (rowId == long.MaxValue)
                {
                    return true;
                }

                if (!HasLength(lengths, rowId))
                {
                    return false;
                }

                Started = true;
                _rows.Add(rowId);
                _tokens.Add(lengths[rowId]);
                for (var i = 0; i < phrases.Length; i++)
                {
                    var freq = 0.0;
                    if (at[i] < phrases[i]!.Count && phrases[i]!.RowAt(at[i]) == rowId)
                    {
                        freq = phrases[i]!.FreqAt(at[i]++);
                        PhraseRows[i]++;
                    }

                    _freqs.Add(freq);
                }
            }
        }

        /// <summary>
        /// The phrase's instances in the current row, each weighted by its column: the instances bm25 counts with
        /// xInstCount and xInst, read here from the position list that xPhraseFirst exposes (fts5.h:
        /// <c>Fts5PhraseIter</c> is a pointer pair over it; both APIs read the same list, fts5CsrPoslist). One native
        /// call per phrase instead of xInstCount, which builds and sorts an instance array over every phrase, and a
        /// call per instance: at 100k articles, 16–23% less time in the walk of a query matching most of them.
        /// </summary>
        private static double PhraseFrequency(Fts5ExtensionApi* api, IntPtr fts, int phrase)
        {
            Fts5PhraseIter iter;
            int column, offset;
            Check(api->XPhraseFirst(fts, phrase, &iter, &column, &offset));
            if (column < 0)
            {
                return 0; // no instance in this row
            }

            // xPhraseFirst has read the first entry; the rest are varints, each an instance (offset delta + 2),
            // except a 0x01 byte, which starts a column: the column's number and its first offset follow (fts5_main.c,
            // fts5ApiPhraseNext; sqlite3Fts5PoslistNext64 counts a 0 the same way, as an instance).
            var weight = Weight(column);
            var sum = weight;
            var a = iter.A;
            var end = iter.B;
            while (a < end)
            {
                if (*a == 1)
                {
                    a++;
                    column = (int)ReadVarint(ref a, end);
                    weight = Weight(column);
                }

                SkipVarint(ref a, end);
                sum += weight;
            }

            return sum;
        }

        private static double Weight(int column) => (uint)column < (uint)s_weights.Length ? s_weights[column] : 1.0;

        /// <summary>An SQLite varint, as FTS5 writes them (<see cref="Fts5Postings.Varint"/>), moving past it.</summary>
        private static ulong ReadVarint(ref byte* a, byte* end)
        {
            var p = 0;
            var value = Fts5Postings.Varint(new ReadOnlySpan<byte>(a, (int)(end - a)), ref p);
            a += p;
            return value;
        }

        private static void SkipVarint(ref byte* a, byte* end)
        {
            for (var i = 0; i < 9 && a < end; i++)
            {
                if (*a++ < 0x80)
                {
                    return;
                }
            }
        }

        /// <summary>Hands each hit with its score to <paramref name="hit"/>, in the order read.</summary>
        public void Emit(double[] idf, double avgdl, Action<long, double> hit)
        {
            var rows = _rows.Items;
            var tokens = _tokens.Items;
            var freqs = _freqs.Items;
            var phrases = idf.Length;
            for (var k = 0; k < rows.Length; k++)
            {
                hit(rows[k], Score(idf, avgdl, freqs.Slice(k * phrases, phrases), tokens[k]));
            }
        }

        /// <summary>What fts5Bm25GetData computes once per query: avgdl and, unless counted from the hits, each phrase's IDF.</summary>
        private void Start(Fts5ExtensionApi* api, IntPtr fts)
        {
            long rows, tokens;
            Check(api->XRowCount(fts, &rows));
            Check(api->XColumnTotalSize(fts, -1, &tokens));
            RowCount = rows;
            AverageLength = tokens / (double)rows;
            var phrases = api->XPhraseCount(fts);
            Idf = new double[phrases];
            _freq = new double[phrases];
            PhraseRows = new long[phrases];
            for (var i = 0; i < phrases && !disjunction; i++)
            {
                long hits = 0;
                Check(api->XQueryPhrase(fts, i, &hits, &CountRow));
                Idf[i] = Bm25Ranker.Idf(rows, hits);
            }
        }

        private static void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                throw new InvalidOperationException($"FTS5 extension API returned {rc}");
            }
        }
    }

    // fts5Bm25Function's expression, term for term and in its order, so the doubles come out identical.
    private static double Score(double[] idf, double avgdl, ReadOnlySpan<double> freq, int tokens)
    {
        var d = (double)tokens;
        var score = 0.0;
        for (var i = 0; i < freq.Length; i++)
        {
            score += idf[i] * (freq[i] * (K1 + 1.0) / (freq[i] + K1 * (1 - B + B * d / avgdl)));
        }

        return -1.0 * score;
    }

    private static double Idf(long rows, long hits)
    {
        var idf = Math.Log((rows - hits + 0.5) / (hits + 0.5));
        return idf <= 0.0 ? 1e-6 : idf;
    }

    /// <summary>A growable buffer in arrays from <see cref="System.Buffers.ArrayPool{T}.Shared"/>.</summary>
    private struct Pooled<T>
    {
        private T[]? _array;
        private int _count;

        public readonly ReadOnlySpan<T> Items => _array.AsSpan(0, _count);

        /// <summary>Room for <paramref name="count"/> items in all, taken at once rather than by doublings and copies.</summary>
        public void Reserve(int count)
        {
            if (count > (_array?.Length ?? 0))
            {
                var bigger = System.Buffers.ArrayPool<T>.Shared.Rent(count);
                if (_array is not null)
                {
                    _array.AsSpan(0, _count).CopyTo(bigger);
                    System.Buffers.ArrayPool<T>.Shared.Return(_array);
                }

                _array = bigger;
            }
        }

        public void Add(T item)
        {
            if (_array is null || _count == _array.Length)
            {
                Reserve(Math.Max(1024, _count * 2));
            }

            _array![_count++] = item;
        }

        public void Release()
        {
            if (_array is not null)
            {
                System.Buffers.ArrayPool<T>.Shared.Return(_array);
            }

            _array = null;
            _count = 0;
        }
    }

    // fts5.h; the layouts only ever grow at the end (iVersion says how far), and this uses version 2's fields.
    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5Api
    {
        public int IVersion;
        public IntPtr XCreateTokenizer;
        public IntPtr XFindTokenizer;
        public delegate* unmanaged[Cdecl]<Fts5Api*, byte*, void*, delegate* unmanaged[Cdecl]<Fts5ExtensionApi*, IntPtr, IntPtr, int, IntPtr, void>, void*, int> XCreateFunction;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5ExtensionApi
    {
        public int IVersion;
        public IntPtr XUserData;
        public IntPtr XColumnCount;
        public delegate* unmanaged[Cdecl]<IntPtr, long*, int> XRowCount;
        public delegate* unmanaged[Cdecl]<IntPtr, int, long*, int> XColumnTotalSize;
        public IntPtr XTokenize;
        public delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int> XPhraseCount;
        public IntPtr XPhraseSize;
        public IntPtr XInstCount;
        public IntPtr XInst;
        public delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, long> XRowid;
        public IntPtr XColumnText;
        public delegate* unmanaged[Cdecl]<IntPtr, int, int*, int> XColumnSize;
        public delegate* unmanaged[Cdecl]<IntPtr, int, void*, delegate* unmanaged[Cdecl]<Fts5ExtensionApi*, IntPtr, void*, int>, int> XQueryPhrase;
        public IntPtr XSetAuxdata;
        public IntPtr XGetAuxdata;
        public delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, Fts5PhraseIter*, int*, int*, int> XPhraseFirst;
    }

    /// <summary>fts5.h's <c>Fts5PhraseIter</c>: the unread part of a phrase's position list in the current row.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5PhraseIter
    {
        public byte* A;
        public byte* B;
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_bind_pointer(IntPtr stmt, int index, void* pointer, byte* type, IntPtr destructor);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void sqlite3_result_error(IntPtr context, byte[] message, int length);
}
