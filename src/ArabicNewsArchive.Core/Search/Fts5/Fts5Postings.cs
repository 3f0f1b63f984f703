using System.Buffers.Binary;
using System.Text;
using SQLitePCL;

namespace ArabicNewsArchive.Search.Fts5;

/// <summary>
/// Reads one term's postings (its rows and, in each, its instances by column) straight from the leaf pages FTS5
/// keeps in <c>ArticleSearch_data</c>, in the on-disk format fts5_index.c documents ("Details": structure record,
/// leaf pages, doclists, position lists). A query matching most of the archive spent most of its time in FTS5's
/// walk over its hits, and half of that in SQLite's machinery around each row (the virtual table's step and the
/// auxiliary function's call), not in the postings: read here, a 100k-row doclist is decoded in a loop over bytes.
/// </summary>
/// <remarks>
/// Only what this reader can read exactly is read; for anything else it answers null or false and the caller asks
/// FTS5 as before: an incremental merge under way, more than <see cref="MaxTombstones"/> tombstones, a delete flag
/// in a doclist, or any page that is not as the format says. Tombstones (rows deleted or re-indexed since a merge
/// last covered their segment) are read as FTS5 reads them: a row of a segment is left out when that segment's
/// tombstone hash holds its rowid.
/// <c>Fts5PostingsTests</c> and <c>Bm25RankerTests</c> hold the result to FTS5's own, on pages small enough that every doclist spans many.
/// </remarks>
internal static class Fts5Postings
{
    // fts5_index.c: FTS5_SEGMENT_ROWID(segid, pgno) = segid << (31 + 5 + 1) | pgno; the averages and structure records.
    private const int SegmentShift = 37;
    // FTS5_TOMBSTONE_ROWID(segid, page) = FTS5_SEGMENT_ROWID(segid + (1 << 16), page).
    private const int TombstoneSegments = 1 << 16;
    private const long AveragesRowId = 1;
    private const long StructureRowId = 10;

    /// <summary>
    /// How many tombstones this reader reads; past that the index is left to FTS5, and <see cref="SearchIndex.SettleAsync"/>
    /// optimises it. Each query reads the lists afresh, so the bound keeps that small: a revision of 100 articles at
    /// 100k leaves 100 (one hash page), a cost that did not show in the queries (docs/history/performance-rounds.md, round 14); a
    /// re-analysis leaves one per article.
    /// </summary>
    public const int MaxTombstones = 10_000;

    /// <summary>A segment's id and its leaf pages (inclusive).</summary>
    /// <param name="TombstonePages">How many pages its tombstone hash takes (0: no tombstones).</param>
    /// <param name="Deleted">The rowids its tombstones hide, in order; null until read, or when it has none.</param>
    public readonly record struct Segment(int Id, int FirstPage, int LastPage, int TombstonePages = 0, long[]? Deleted = null);

    /// <summary>
    /// The segments of the index (any order: a row is in one), with their tombstones, or null when it is in a state this
    /// reader leaves to FTS5. Call inside a read transaction that also covers the reads of the postings (a merge may
    /// replace the pages).
    /// </summary>
    public static Segment[]? ReadStructure(sqlite3 db)
    {
        if (ReadLevels(db) is not { Merging: false } structure || structure.Tombstones > MaxTombstones)
        {
            return null;
        }

        var segments = structure.Segments;
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].TombstonePages > 0)
            {
                if (ReadDeleted(db, segments[i].Id, segments[i].TombstonePages) is not { } deleted)
                {
                    return null;
                }

                segments[i] = segments[i] with { Deleted = deleted };
            }
        }

        return segments;
    }

    /// <summary>
    /// True when the structure record shows an incremental merge under way, which leaves every query to FTS5's own
    /// walk (<see cref="SearchIndex.SettleAsync"/> finishes it); false when none is, or the record cannot be read.
    /// </summary>
    public static bool MergeUnderWay(sqlite3 db) => ReadLevels(db) is { Merging: true };

    /// <summary>
    /// The tombstones of every segment together (rows deleted or re-indexed since a merge last covered their
    /// segment; only a merge of that segment clears them), as the structure record counts them; 0 when it cannot be read.
    /// </summary>
    public static long Tombstones(sqlite3 db) => ReadLevels(db)?.Tombstones ?? 0;

    /// <summary>
    /// The structure record ("Details" in fts5_index.c): every level's segments, the tombstones in all, and whether
    /// a merge is under way.
    /// </summary>
    private static (Segment[] Segments, long Tombstones, bool Merging)? ReadLevels(sqlite3 db)
    {
        if (ReadBlob(db, $"SELECT block FROM {SearchIndexSchema.Table}_data WHERE id = {StructureRowId}") is not { } data || data.Length < 4)
        {
            return null;
        }

        var p = 4; // the configuration cookie
        var v2 = data.Length >= 8 && data[4] == 0xFF && data[5] == 0x00 && data[6] == 0x00 && data[7] == 0x01;
        if (v2)
        {
            p = 8;
        }

        var levels = (int)Varint(data, ref p);
        var total = (int)Varint(data, ref p);
        Varint(data, ref p); // write counter
        var segments = new List<Segment>(total);
        var merging = false;
        long tombstones = 0;
        for (var level = 0; level < levels && p < data.Length; level++)
        {
            // An incremental merge: its input segments are partly in its output.
            merging |= Varint(data, ref p) != 0;
            var count = (int)Varint(data, ref p);
            for (var s = 0; s < count; s++)
            {
                var id = (int)Varint(data, ref p);
                var first = (int)Varint(data, ref p);
                var last = (int)Varint(data, ref p);
                var tombstonePages = 0;
                if (v2)
                {
                    Varint(data, ref p); // origin 1
                    Varint(data, ref p); // origin 2
                    // Deleted rows still in this segment's doclists, behind its tombstone hash.
                    tombstonePages = (int)Varint(data, ref p);
                    tombstones += (long)Varint(data, ref p);
                    Varint(data, ref p); // entries
                }

                segments.Add(new Segment(id, first, last, tombstonePages));
            }
        }

        return segments.Count == total && p <= data.Length ? ([.. segments], tombstones, merging) : null;
    }

    /// <summary>
    /// Every rowid a segment's tombstone hash hides, in order; null when a page is missing or not as the format says.
    /// </summary>
    /// <remarks>
    /// fts5_index.c (fts5MultiIterIsDeleted, fts5IndexTombstoneQuery): a segment's tombstones are a hash table split
    /// over its pages, rowid r on page r % pages. A page is a key size (4 or 8) byte, a byte that is 1 when rowid 0 is
    /// deleted, 6 more header bytes, then big-endian slots, 0 for empty, probed linearly from (r / pages) % slots. Every
    /// key found in a slot is looked up again the way FTS5 looks it up, so the set is exactly the rows FTS5 leaves out.
    /// </remarks>
    private static long[]? ReadDeleted(sqlite3 db, int segment, int pages)
    {
        var deleted = new List<long>();
        for (var page = 0; page < pages; page++)
        {
            if (ReadBlob(db, $"SELECT block FROM {SearchIndexSchema.Table}_data WHERE id = {PageRowId(segment + TombstoneSegments, page)}") is not { Length: >= 8 } hash)
            {
                return null;
            }

            var keySize = hash[0] == 4 ? 4 : 8;
            var slots = hash.Length > 16 ? (hash.Length - 8) / keySize : 1;
            if (8 + (slots * keySize) > hash.Length)
            {
                return null;
            }

            if (page == 0 && hash[1] != 0)
            {
                deleted.Add(0);
            }

            for (var slot = 0; slot < slots; slot++)
            {
                var key = Slot(hash, keySize, slot);
                if (key != 0 && key % (ulong)pages == (ulong)page && InHash(hash, keySize, slots, pages, key))
                {
                    deleted.Add((long)key);
                }
            }
        }

        // A key twice in a hash, should one hold it, would be harmless: RemoveFrom walks past equal keys.
        deleted.Sort();
        return [.. deleted];
    }

    /// <summary>fts5IndexTombstoneQuery: whether <paramref name="rowid"/> is in one page of a tombstone hash.</summary>
    private static bool InHash(byte[] hash, int keySize, int slots, int pages, ulong rowid)
    {
        var slot = (int)(rowid / (ulong)pages % (ulong)slots);
        for (var collisions = slots; ; collisions--)
        {
            var key = Slot(hash, keySize, slot);
            if (key == 0)
            {
                return false;
            }

            if (key == rowid)
            {
                return true;
            }

            if (collisions == 0)
            {
                return false;
            }

            slot = (slot + 1) % slots;
        }
    }

    private static ulong Slot(byte[] hash, int keySize, int slot) => keySize == 4
        ? BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(8 + (slot * 4)))
        : BinaryPrimitives.ReadUInt64BigEndian(hash.AsSpan(8 + (slot * 8)));

    /// <summary>The averages record: the number of rows and the tokens of all columns together (what bm25 uses).</summary>
    public static (long Rows, long Tokens)? ReadAverages(sqlite3 db)
    {
        if (ReadBlob(db, $"SELECT block FROM {SearchIndexSchema.Table}_data WHERE id = {AveragesRowId}") is not { } data)
        {
            return null;
        }

        var p = 0;
        var rows = (long)Varint(data, ref p);
        long tokens = 0;
        while (p < data.Length)
        {
            tokens += (long)Varint(data, ref p);
        }

        return (rows, tokens);
    }

    /// <summary>
    /// Appends every row of <paramref name="term"/> in <paramref name="segment"/>, in rowid order, with the sum of
    /// its instances' column weights (only those in the column set <paramref name="columns"/>, a bit per column, -1 for
    /// all; a row without one there is not a hit, as FTS5's column filter has it). False when a page is not as expected.
    /// </summary>
    public static bool TryRead(sqlite3 db, Segment segment, string term, int columns, double[] weights, Hits hits)
    {
        if (!TryReadDoclist(db, segment, term, out var doclist))
        {
            return false;
        }

        if (doclist is null)
        {
            return true; // not in this segment
        }

        try
        {
            return Kept(segment, hits, rows => InHalves(doclist, rows, (lo, hi, into) => Decode(doclist, lo, new Decoder(columns, weights, into, lo, hi))));
        }
        finally
        {
            doclist.Release();
        }
    }

    /// <summary>
    /// Appends every row of <paramref name="segment"/> where <paramref name="tokens"/> stand one after the other in
    /// one column (of the set <paramref name="columns"/>, -1 for all), in rowid order, with the sum of the column weights
    /// of its instances: a phrase's instances as FTS5 matches them (fts5_expr.c, fts5ExprPhraseIsMatch). A row's
    /// postings are all in the segment it was written to (a deleted row's would be behind a tombstone), so each
    /// segment is matched on its own.
    /// </summary>
    public static bool TryReadPhrase(sqlite3 db, Segment segment, IReadOnlyList<string> tokens, int columns, double[] weights, Hits hits)
    {
        var doclists = new Doclist?[tokens.Count];
        try
        {
            for (var j = 0; j < doclists.Length; j++)
            {
                if (!TryReadDoclist(db, segment, tokens[j], out doclists[j]))
                {
                    return false;
                }

                if (doclists[j] is null)
                {
                    return true; // a token in no row of this segment: neither is the phrase
                }
            }

            var all = doclists.Select(d => d!).ToArray();
            return Kept(segment, hits, rows => InHalves(all[0], rows, (lo, hi, into) => MatchRange(all, lo, hi, columns, weights, into)));
        }
        finally
        {
            foreach (var d in doclists)
            {
                d?.Release();
            }
        }
    }

    /// <summary>
    /// Appends every row of <paramref name="segment"/> that FTS5's <c>NEAR("t0" "t1" ..., near)</c> limited to the
    /// column set <paramref name="columns"/> matches, to each <paramref name="hits"/>[j] (one per token, the same rows
    /// in rowid order) with the sum of the column weights of token j's instances that the NEAR keeps: the instances
    /// bm25() counts for the NEAR's phrase j (fts5_expr.c: each phrase's position list is cut to the columns, then
    /// fts5ExprNearIsMatch trims it to the positions that stand in a window with one of every other phrase). The
    /// tokens are one-token phrases, as search writes <c>"a b"~N</c>.
    /// </summary>
    public static bool TryReadNear(sqlite3 db, Segment segment, IReadOnlyList<string> tokens, int near, int columns, double[] weights, Hits[] hits)
    {
        var doclists = new Doclist?[tokens.Count];
        try
        {
            for (var j = 0; j < doclists.Length; j++)
            {
                if (!TryReadDoclist(db, segment, tokens[j], out doclists[j]))
                {
                    return false;
                }

                if (doclists[j] is null)
                {
                    return true; // a token in no row of this segment: no NEAR either
                }
            }

            var start = hits[0].Count;
            if (!NearRange(doclists.Select(d => d!).ToArray(), near, columns, weights, hits))
            {
                return false;
            }

            if (segment.Deleted is { } deleted)
            {
                foreach (var h in hits)
                {
                    h.RemoveFrom(start, deleted);
                }
            }

            return true;
        }
        finally
        {
            foreach (var d in doclists)
            {
                d?.Release();
            }
        }
    }

    /// <summary>The tokens' rows walked together (as <see cref="MatchRange"/>), each row they all hold matched as a NEAR.</summary>
    private static bool NearRange(Doclist[] doclists, int near, int columns, double[] weights, Hits[] hits)
    {
        var n = doclists.Length;
        var cursors = new RowCursor[n];
        var positions = new long[n][];
        var counts = new int[n];
        var freqs = new double[n];
        for (var j = 0; j < n; j++)
        {
            cursors[j] = new RowCursor(doclists[j], long.MinValue);
            positions[j] = new long[64];
            if (!cursors[j].Next())
            {
                return false;
            }
        }

        while (true)
        {
            var target = long.MinValue;
            for (var j = 0; j < n; j++)
            {
                if (cursors[j].Done)
                {
                    return true;
                }

                target = Math.Max(target, cursors[j].Rowid);
            }

            var all = true;
            for (var j = 0; j < n; j++)
            {
                ref var c = ref cursors[j];
                if (!c.SkipBelow(target))
                {
                    return false;
                }

                all &= !c.Done && c.Rowid == target;
            }

            if (!all)
            {
                continue;
            }

            for (var j = 0; j < n; j++)
            {
                if (!cursors[j].Positions(ref positions[j], out counts[j]))
                {
                    return false;
                }

                counts[j] = InColumns(positions[j], counts[j], columns);
            }

            if (NearRow(positions, counts, near, weights, freqs))
            {
                for (var j = 0; j < n; j++)
                {
                    hits[j].Add(target, freqs[j]);
                }
            }

            for (var j = 0; j < n; j++)
            {
                if (!cursors[j].Next())
                {
                    return false;
                }
            }
        }
    }

    /// <summary>Keeps the positions in the column set, in order, at the front; returns how many.</summary>
    private static int InColumns(long[] positions, int count, int columns)
    {
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            if (InSet(columns, (int)(positions[i] >> 32)))
            {
                positions[kept++] = positions[i];
            }
        }

        return kept;
    }

    /// <summary>
    /// fts5ExprNearIsMatch for one-token phrases, step for step (which instance is kept depends on the order the
    /// readers advance in): whether the row matches, and per phrase the column weights of the positions it keeps.
    /// Positions are (column &lt;&lt; 32) + offset, so a window never spans two columns.
    /// </summary>
    private static bool NearRow(long[][] positions, int[] counts, int near, double[] weights, double[] freqs)
    {
        const long Eof = 1L << 62; // FTS5_LOOKAHEAD_EOF
        var n = positions.Length;
        Span<long> pos = stackalloc long[n];
        Span<long> ahead = stackalloc long[n];
        Span<int> next = stackalloc int[n];
        Span<long> previous = stackalloc long[n];
        Span<int> kept = stackalloc int[n];
        for (var i = 0; i < n; i++)
        {
            freqs[i] = 0;
            if (counts[i] == 0)
            {
                return false; // a phrase with no instance in the columns: not a match
            }

            pos[i] = positions[i][0];
            ahead[i] = counts[i] > 1 ? positions[i][1] : Eof;
            next[i] = 2;
        }

        // fts5LookaheadReaderNext: true at the end of the list.
        bool Next(Span<long> pos, Span<long> ahead, Span<int> next, int i)
        {
            pos[i] = ahead[i];
            ahead[i] = next[i] < counts[i] ? positions[i][next[i]++] : Eof;
            return pos[i] == Eof;
        }

        while (true)
        {
            var max = pos[0];
            bool match;
            do
            {
                match = true;
                for (var i = 0; i < n; i++)
                {
                    var min = max - 1 - near; // iMax - nTerm - nNear, each phrase one token
                    if (pos[i] < min || pos[i] > max)
                    {
                        match = false;
                        while (pos[i] < min)
                        {
                            if (Next(pos, ahead, next, i))
                            {
                                return kept[0] > 0;
                            }
                        }

                        if (pos[i] > max)
                        {
                            max = pos[i];
                        }
                    }
                }
            }
            while (!match);

            for (var i = 0; i < n; i++)
            {
                if (kept[i] == 0 || pos[i] != previous[i])
                {
                    var c = (int)(pos[i] >> 32);
                    freqs[i] += (uint)c < (uint)weights.Length ? weights[c] : 1.0;
                    previous[i] = pos[i];
                    kept[i]++;
                }
            }

            var advance = 0;
            var least = ahead[0];
            for (var i = 0; i < n; i++)
            {
                if (ahead[i] < least)
                {
                    least = ahead[i];
                    advance = i;
                }
            }

            if (Next(pos, ahead, next, advance))
            {
                return kept[0] > 0;
            }
        }
    }

    /// <summary>
    /// Appends every row that holds a term starting with <paramref name="prefix"/> (the term itself included) in the
    /// column set <paramref name="columns"/>, in rowid order, with the sum of the column weights of all those terms'
    /// instances there: FTS5's <c>"prefix"*</c> as it matches and counts it (a prefix phrase's instances are those of
    /// every term it expands to; fts5_index.c, fts5SetupPrefixIter). In each segment the terms that start with the
    /// prefix lie one after the other on its leaves, so they are read in one pass over those pages, and their doclists
    /// decoded (in runs of terms shared out over two cores) into lists of (row, weighted instances), one entry per
    /// term and row, which are then added up per row in blocks of rows (<see cref="PrefixPostings"/>).
    /// <paramref name="rows"/> bounds the rowids: false when a row is at or beyond it, as when a page is not as expected.
    /// </summary>
    public static bool TryReadPrefix(sqlite3 db, Segment[] segments, string prefix, int columns, double[] weights, int rows, Hits hits)
    {
        var key = MainIndexKey(prefix);

        var scratch = PrefixScratch.Rent();
        var all = scratch.All;
        // Each term's pieces [First, End) in all, and the segment whose tombstones apply.
        var terms = scratch.Terms;
        try
        {
            foreach (var segment in segments)
            {
                if (!CollectPrefix(db, segment, key, all, terms))
                {
                    return false;
                }
            }

            // The terms in runs of about 64 KB, taken in turn by two threads (one per core), each into a list of its
            // own. A cut at half of the bytes left one thread with ~3x the other's work (CPU samples at 100k): a
            // term's cost is its rows as much as its bytes, and a common term (لا) has few rows for its bytes, the
            // rare ones many. The sums are whole numbers (the weights are), so the order in which a row's entries
            // are added changes no bit of them.
            var runs = Runs(all, terms);
            var lower = scratch.Lower;
            var upper = Environment.ProcessorCount > 1 && runs.Count > 1 ? scratch.Upper : null;
            lower.Start(rows);
            upper?.Start(rows);

            bool summed;
            if (upper is null)
            {
                summed = SumTerms(all, terms, 0, terms.Count, columns, weights, lower, rows);
            }
            else
            {
                var next = -1;
                var failed = 0;
                void Take(PrefixPostings into)
                {
                    int run;
                    while (Volatile.Read(ref failed) == 0 && (run = Interlocked.Increment(ref next)) < runs.Count)
                    {
                        if (!SumTerms(all, terms, runs[run].From, runs[run].To, columns, weights, into, rows))
                        {
                            Interlocked.Exchange(ref failed, 1);
                        }
                    }
                }

                Parallel.Invoke(() => Take(lower), () => Take(upper));
                summed = failed == 0;
            }

            if (!summed)
            {
                return false;
            }

            PrefixPostings.AddUp(lower, upper, scratch, hits);
            return true;
        }
        finally
        {
            PrefixScratch.Return(scratch);
        }
    }

    /// <summary>
    /// The doclists, the term list and the postings lists a prefix read fills, kept for the next read with their
    /// capacity: a 2-letter prefix at 100k articles lists thousands of terms and pages and ~50k postings, and growing
    /// those lists anew was ~230 KB of garbage per query for the terms and pages alone.
    /// </summary>
    private sealed class PrefixScratch
    {
        // Two prefix reads at the same time; a third makes its own.
        private const int Kept = 2;
        private static readonly Stack<PrefixScratch> s_free = new();

        public Doclist All { get; } = new();

        public List<(int First, int End, long[]? Deleted)> Terms { get; } = [];

        /// <summary>The postings of the first thread (of the only one on one core), and of the second.</summary>
        public PrefixPostings Lower { get; } = new();

        public PrefixPostings Upper { get; } = new();

        /// <summary>Both threads' postings, ordered by block of rows.</summary>
        public Posting[] ByBlock { get; set; } = [];

        public static PrefixScratch Rent()
        {
            lock (s_free)
            {
                if (s_free.TryPop(out var scratch))
                {
                    return scratch;
                }
            }

            return new PrefixScratch();
        }

        public static void Return(PrefixScratch scratch)
        {
            scratch.All.Reset();
            scratch.Terms.Clear(); // drops the tombstone lists it points to
            lock (s_free)
            {
                // Not the lists of a rare prefix of many megabytes: those go to the GC.
                if (s_free.Count < Kept && scratch.All.Bytes.Length <= 1 << 22 && scratch.ByBlock.Length <= PrefixPostings.KeptEntries)
                {
                    s_free.Push(scratch);
                    return;
                }
            }

            scratch.All.Release();
        }
    }

    /// <summary>
    /// One term's weighted instances in one row, in 8 bytes (a 2-letter prefix has up to ~155k of them at 100k
    /// articles): the weights are whole numbers, so the count is one and a float holds it exactly (a count it would
    /// not hold exactly is left to FTS5).
    /// </summary>
    private readonly record struct Posting(int Row, float Freq);

    /// <summary>
    /// A prefix's postings as one thread decodes them: an entry per term and row, in the order read, and how many
    /// fall in each block of <see cref="BlockRows"/> rows. <see cref="AddUp"/> puts both threads' entries in order
    /// of block (one pass) and adds up each block's rows in an array of that block's size, which stays in the
    /// first-level cache. It replaced arrays of sums indexed by rowid: the rowids of a 100k archive run to ~940k
    /// (the AUTOINCREMENT of SearchDocs also counts the rows its triggers' INSERT OR IGNORE skip), so those were
    /// two arrays of 7.5 MB, whose adds missed the cache and whose scan for the hits took ~2 ms of CPU per query,
    /// kept four at a time (30 MB) and allocated anew by every query past the two at a time they were kept for.
    /// </summary>
    private sealed class PrefixPostings
    {
        /// <summary>Rows per block: a block's sums (8 KB) and its bitmap of rows met stay in the L1 cache.</summary>
        public const int BlockShift = 10;
        public const int BlockRows = 1 << BlockShift;

        /// <summary>Lists up to this many entries (2 MB) are kept between reads; a larger one goes to the GC.</summary>
        public const int KeptEntries = 1 << 18;

        public Posting[] Items { get; private set; } = new Posting[4096];

        public int Count { get; private set; }

        /// <summary>How many entries fall in each block, for the blocks of the rows being read.</summary>
        public int[] Blocks { get; private set; } = [];

        private int _blockCount;

        /// <summary>Empty, for a read of rowids below <paramref name="rows"/>.</summary>
        public void Start(int rows)
        {
            Count = 0;
            _blockCount = (int)(((long)rows + BlockRows - 1) >> BlockShift);
            if (Blocks.Length < _blockCount)
            {
                Blocks = new int[_blockCount];
            }
            else
            {
                Array.Clear(Blocks, 0, _blockCount);
            }
        }

        public void Add(int row, float freq)
        {
            if (Count == Items.Length)
            {
                var bigger = new Posting[Items.Length * 2];
                Items.AsSpan(0, Count).CopyTo(bigger);
                Items = bigger;
            }

            Items[Count++] = new Posting(row, freq);
            Blocks[row >> BlockShift]++;
        }

        /// <summary>
        /// Appends to <paramref name="hits"/>, in rowid order, every row of <paramref name="lower"/> and
        /// <paramref name="upper"/> (if any) with the sum of its entries in both.
        /// </summary>
        public static void AddUp(PrefixPostings lower, PrefixPostings? upper, PrefixScratch scratch, Hits hits)
        {
            var blocks = lower._blockCount;
            var total = lower.Count + (upper?.Count ?? 0);
            if (scratch.ByBlock.Length < total)
            {
                scratch.ByBlock = new Posting[Math.Max(total, Math.Min(scratch.ByBlock.Length * 2, KeptEntries))];
            }

            // Where each block's entries start in ByBlock (lower's counts turned into offsets, upper's added in).
            var starts = lower.Blocks;
            var offset = 0;
            for (var b = 0; b < blocks; b++)
            {
                var count = starts[b] + (upper is null ? 0 : upper.Blocks[b]);
                starts[b] = offset;
                offset += count;
            }

            var byBlock = scratch.ByBlock;
            Scatter(lower, starts, byBlock);
            if (upper is not null)
            {
                Scatter(upper, starts, byBlock);
            }

            // starts[b] is now where block b ends, and so where block b + 1 starts.
            Span<double> sums = stackalloc double[BlockRows];
            sums.Clear();
            Span<ulong> met = stackalloc ulong[BlockRows / 64];
            var from = 0;
            for (var b = 0; b < blocks; b++)
            {
                var to = starts[b];
                if (to == from)
                {
                    continue;
                }

                for (var i = from; i < to; i++)
                {
                    var at = byBlock[i].Row & (BlockRows - 1);
                    sums[at] += byBlock[i].Freq;
                    met[at >> 6] |= 1UL << at;
                }

                // The block's rows in order, each sum read and set back to 0 for the next block.
                var first = (long)b << BlockShift;
                for (var w = 0; w < met.Length; w++)
                {
                    var bits = met[w];
                    met[w] = 0;
                    while (bits != 0)
                    {
                        var at = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                        bits &= bits - 1;
                        hits.Add(first + at, sums[at]);
                        sums[at] = 0;
                    }
                }

                from = to;
            }
        }

        private static void Scatter(PrefixPostings list, int[] starts, Posting[] into)
        {
            var items = list.Items;
            for (var i = 0; i < list.Count; i++)
            {
                into[starts[items[i].Row >> BlockShift]++] = items[i];
            }
        }
    }

    /// <summary>The terms cut into runs [From, To) of at least 64 KB of doclist each (the last may be shorter).</summary>
    private static List<(int From, int To)> Runs(Doclist all, List<(int First, int End, long[]? Deleted)> terms)
    {
        var runs = new List<(int From, int To)>();
        var from = 0;
        long length = 0;
        for (var t = 0; t < terms.Count; t++)
        {
            length += PiecesLength(all, terms[t].First, terms[t].End);
            if (length >= 1 << 16)
            {
                runs.Add((from, t + 1));
                from = t + 1;
                length = 0;
            }
        }

        if (from < terms.Count)
        {
            runs.Add((from, terms.Count));
        }

        return runs;
    }

    private static long PiecesLength(Doclist all, int first, int end)
    {
        long length = 0;
        for (var i = first; i < end; i++)
        {
            length += all.Pieces[i].Length;
        }

        return length;
    }

    /// <summary>
    /// Decodes the terms <paramref name="from"/> up to <paramref name="to"/> (excluded) into <paramref name="postings"/>:
    /// an entry per term and row with that term's weighted instances there. Weights are positive, so every entry is
    /// above 0, and a row with no instance that counts has none.
    /// </summary>
    private static bool SumTerms(Doclist all, List<(int First, int End, long[]? Deleted)> terms, int from, int to, int columns, double[] weights, PrefixPostings postings, int rows)
    {
        for (var t = from; t < to; t++)
        {
            var (first, end, deleted) = terms[t];
            if (!SumTerm(all, first, end, deleted, columns, weights, postings, rows))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// One term's doclist (the pieces <paramref name="first"/> up to <paramref name="end"/> of <paramref name="all"/>,
    /// which lie one after the other in its bytes) into <paramref name="postings"/> straight from the bytes: the
    /// rows as <see cref="Decoder"/> reads them, less those in <paramref name="deleted"/> (sorted), without the list of
    /// rows per term that the decoder builds (a 2-letter prefix has thousands of terms and over a million bytes of
    /// position lists at 100k articles, where the decoder's state machine per byte cost ~9 ns a byte). Each instance
    /// is a varint stepped over, not decoded; a column past the set's last ends the row's list. The same checks as
    /// the decoder: false for a delete flag, an empty list, a rowid where a page says none starts or not where it
    /// says the page's first starts, a list or varint that runs past the doclist, a row beyond <paramref name="rows"/>.
    /// </summary>
    private static bool SumTerm(Doclist all, int first, int end, long[]? deleted, int columns, double[] weights, PrefixPostings postings, int rows)
    {
        var pieces = all.Pieces;
        var data = all.Bytes.AsSpan(0, pieces[end - 1].Offset + pieces[end - 1].Length);
        var p = pieces[first].Offset;
        var lastColumn = columns == -1 ? int.MaxValue : 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)columns);
        // Each column's weight and whether it is in the set, as the decoder has them (the table has five columns).
        Span<double> weightOf = stackalloc double[8];
        Span<bool> countsIn = stackalloc bool[8];
        for (var c = 0; c < weightOf.Length; c++)
        {
            weightOf[c] = (uint)c < (uint)weights.Length ? weights[c] : 1.0;
            countsIn[c] = InSet(columns, c);
        }

        var piece = first;          // the piece p lies in
        var pieceEnd = pieces[first].Offset + pieces[first].Length;
        var rowsInPiece = 0;        // rowids read in that piece
        long rowid = 0;
        var d = 0;
        while (p < data.Length)
        {
            while (p >= pieceEnd)
            {
                piece++;
                pieceEnd = pieces[piece].Offset + pieces[piece].Length;
                rowsInPiece = 0;
            }

            // The doclist's first rowid (its first piece follows the term) and each page's first are written whole.
            var rowidAt = pieces[piece].RowidAt;
            bool whole;
            if (rowidAt == TermPage)
            {
                whole = piece == first && rowsInPiece == 0 && p == pieces[first].Offset;
            }
            else if (rowidAt == NoRowid)
            {
                return false; // a page that starts no rowid, yet a rowid here
            }
            else if (rowsInPiece == 0)
            {
                if (p != pieces[piece].Offset + rowidAt)
                {
                    return false;
                }

                whole = true;
            }
            else
            {
                whole = false;
            }

            rowsInPiece++;
            var value = (long)Varint(data, ref p);
            rowid = whole ? value : rowid + value;
            var size = Varint(data, ref p);
            if ((size & 1) != 0 || size == 0 || p > data.Length)
            {
                return false; // a delete flag or an empty list: left to FTS5
            }

            var listEnd = p + (int)(size >> 1);
            if (listEnd > data.Length)
            {
                return false;
            }

            var weight = weightOf[0];
            var counts = countsIn[0];
            var counted = false;
            var freq = 0.0;
            var q = p;
            while (q < listEnd)
            {
                var b = data[q];
                if (b == 0x01)
                {
                    // A column starts: its number follows (a byte: the table has five).
                    if (q + 1 >= listEnd || data[q + 1] >= 0x80)
                    {
                        return false;
                    }

                    int column = data[q + 1];
                    if (column > lastColumn)
                    {
                        break; // columns come in order: none of the rest counts
                    }

                    if (column >= weightOf.Length)
                    {
                        return false;
                    }

                    weight = weightOf[column];
                    counts = countsIn[column];
                    q += 2;
                    continue;
                }

                while (b >= 0x80)
                {
                    if (++q >= listEnd)
                    {
                        return false; // a varint cut by the list's end
                    }

                    b = data[q];
                }

                q++;
                if (counts)
                {
                    freq += weight;
                    counted = true;
                }
            }

            p = listEnd;
            if (!counted)
            {
                if (columns == -1)
                {
                    return false; // a row without an instance: not a hit FTS5 would give
                }

                continue;
            }

            if (deleted is not null)
            {
                while (d < deleted.Length && deleted[d] < rowid)
                {
                    d++;
                }

                if (d < deleted.Length && deleted[d] == rowid)
                {
                    continue;
                }
            }

            if ((ulong)rowid >= (ulong)rows)
            {
                return false;
            }

            if ((float)freq != freq)
            {
                return false; // weights that are not whole numbers, or a count beyond a float's 24 bits
            }

            postings.Add((int)rowid, (float)freq);
        }

        return true;
    }

    /// <summary>
    /// Copies into <paramref name="all"/> the doclists of the segment's terms that start with <paramref name="key"/>
    /// (the main index's '0' and the prefix), one range of pieces per term into <paramref name="terms"/>: from the leaf
    /// where the key would start, page after page, until a term after every term with that prefix.
    /// </summary>
    private static bool CollectPrefix(sqlite3 db, Segment segment, byte[] key, Doclist all, List<(int First, int End, long[]? Deleted)> terms)
    {
        var page = FindPage(db, segment, key);
        if (page < 0)
        {
            return page == -1;
        }

        var rc = PreparePages(db, segment, page, out var stmt);
        using (stmt)
        {
            if (rc != raw.SQLITE_OK)
            {
                return false;
            }

            var buffer = new byte[256];
            var length = 0;
            var open = -1; // the term whose doclist may go on over the next page, when it is one of ours
            for (var pgno = page; ; pgno++)
            {
                if (raw.sqlite3_step(stmt) != raw.SQLITE_ROW || raw.sqlite3_column_int64(stmt, 0) != PageRowId(segment.Id, pgno))
                {
                    break; // past the segment's last page
                }

                var leaf = raw.sqlite3_column_blob(stmt, 1);
                if (leaf.Length < 4)
                {
                    return false;
                }

                var firstRowid = BinaryPrimitives.ReadUInt16BigEndian(leaf);
                var footer = BinaryPrimitives.ReadUInt16BigEndian(leaf[2..]);
                if (footer > leaf.Length || footer < 4)
                {
                    return false;
                }

                int pgidx = footer;
                var offset = pgidx < leaf.Length ? (int)Varint(leaf, ref pgidx) : footer;
                if (open >= 0)
                {
                    // The open doclist goes on from byte 4 up to the page's first term, if any (as ReadPages reads it).
                    const int start = 4;
                    var end = Math.Min(offset, (int)footer);
                    if (end < start || (firstRowid != 0 && (firstRowid < start || firstRowid >= end)))
                    {
                        return false;
                    }

                    long? whole = null;
                    if (firstRowid != 0)
                    {
                        var at = (int)firstRowid;
                        whole = (long)Varint(leaf[..end], ref at);
                    }

                    all.Add(leaf[start..end], firstRowid == 0 ? NoRowid : firstRowid - start, whole);
                    terms[open] = terms[open] with { End = all.Pieces.Count };
                    if (end < footer)
                    {
                        open = -1;
                    }
                }
                else if (offset >= footer)
                {
                    continue; // the rest of a doclist before the prefix
                }

                // The terms that start on this page (the first whole, each later one sharing a prefix with the one before).
                var firstOnPage = true;
                while (offset < footer)
                {
                    var p = offset;
                    var keep = firstOnPage ? 0 : (int)Varint(leaf, ref p);
                    var added = (int)Varint(leaf, ref p);
                    if (keep > length || p + added > footer)
                    {
                        return false;
                    }

                    if (keep + added > buffer.Length)
                    {
                        Array.Resize(ref buffer, Math.Max(buffer.Length * 2, keep + added));
                    }

                    leaf.Slice(p, added).CopyTo(buffer.AsSpan(keep));
                    length = keep + added;
                    firstOnPage = false;
                    var start = p + added;
                    var next = pgidx < leaf.Length ? offset + (int)Varint(leaf, ref pgidx) : footer;
                    if (next > footer || next < start)
                    {
                        return false;
                    }

                    var term = buffer.AsSpan(0, length);
                    open = -1;
                    if (term.StartsWith(key))
                    {
                        var at = start;
                        all.Add(leaf[start..next], TermPage, (long)Varint(leaf[..next], ref at));
                        terms.Add((all.Pieces.Count - 1, all.Pieces.Count, segment.Deleted));
                        open = next == footer ? terms.Count - 1 : -1;
                    }
                    else if (term.SequenceCompareTo(key) > 0)
                    {
                        return true; // terms are in order: none after this one starts with the prefix
                    }

                    offset = next;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// Appends the rows <paramref name="read"/> gives of <paramref name="segment"/> (in rowid order), less those its
    /// tombstones hide: a re-indexed row's old postings stay in its old segment until a merge drops them.
    /// </summary>
    private static bool Kept(Segment segment, Hits hits, Func<Hits, bool> read)
    {
        var start = hits.Count;
        if (!read(hits))
        {
            return false;
        }

        if (segment.Deleted is { } deleted)
        {
            hits.RemoveFrom(start, deleted);
        }

        return true;
    }

    /// <summary>
    /// Reads every row with <paramref name="read"/>(lo, hi, into), or, when <paramref name="lead"/> is long, the rows
    /// below its middle page's first rowid and the rest at the same time, one core each, joined in rowid order.
    /// </summary>
    private static bool InHalves(Doclist lead, Hits hits, Func<long, long, Hits, bool> read)
    {
        if (Split(lead) is not { } middle)
        {
            return read(long.MinValue, long.MaxValue, hits);
        }

        var upper = new Hits();
        try
        {
            bool first = false, second = false;
            Parallel.Invoke(() => first = read(long.MinValue, middle, hits), () => second = read(middle, long.MaxValue, upper));
            hits.AddRange(upper);
            return first && second;
        }
        finally
        {
            upper.Release();
        }
    }

    /// <summary>
    /// The phrase's rows from <paramref name="lo"/> up to <paramref name="hi"/> (excluded): the tokens' rows walked
    /// together, each position list stepped over by its size, and decoded only in a row every token has. Decoding
    /// every position of both tokens first (round 8) cost a phrase of common words ~27 ms of CPU at 100k: up to 261k
    /// positions per token into arrays of megabytes, most of them in rows the other token is not in, or not next to.
    /// </summary>
    private static bool MatchRange(Doclist[] doclists, long lo, long hi, int columns, double[] weights, Hits hits)
    {
        var n = doclists.Length;
        var cursors = new RowCursor[n];
        var positions = new long[n][];
        var counts = new int[n];
        for (var j = 0; j < n; j++)
        {
            cursors[j] = new RowCursor(doclists[j], lo);
            positions[j] = new long[64];
            if (!cursors[j].Next() || !cursors[j].SkipBelow(lo))
            {
                return false;
            }
        }

        while (true)
        {
            // Leapfrog: every cursor to the highest current row until they all stand on it.
            var target = long.MinValue;
            for (var j = 0; j < n; j++)
            {
                if (cursors[j].Done)
                {
                    return true;
                }

                target = Math.Max(target, cursors[j].Rowid);
            }

            if (target >= hi)
            {
                return true;
            }

            var all = true;
            for (var j = 0; j < n; j++)
            {
                ref var c = ref cursors[j];
                if (!c.SkipBelow(target))
                {
                    return false;
                }

                all &= !c.Done && c.Rowid == target;
            }

            if (!all)
            {
                continue;
            }

            for (var j = 0; j < n; j++)
            {
                if (!cursors[j].Positions(ref positions[j], out counts[j]))
                {
                    return false;
                }
            }

            if (MatchRow(positions, counts, columns, weights, out var freq))
            {
                hits.Add(target, freq);
            }

            for (var j = 0; j < n; j++)
            {
                if (!cursors[j].Next())
                {
                    return false;
                }
            }
        }
    }

    /// <summary>Whether column <paramref name="c"/> is in the set (a bit per column; -1, every bit, is all of them).</summary>
    internal static bool InSet(int columns, int c) => (uint)c < 32 && ((columns >> c) & 1) != 0;

    /// <summary>
    /// Whether the tokens' positions in one row follow each other in one column (of the set <paramref name="columns"/>,
    /// -1 for all), and the sum of the column weights of those instances, in the order of the first token's positions
    /// (the order bm25() adds them in).
    /// </summary>
    private static bool MatchRow(long[][] positions, int[] counts, int columns, double[] weights, out double freq)
    {
        // Positions are (column << 32) + offset, in order: token j of an instance at p is at p + j.
        Span<int> cursor = stackalloc int[positions.Length];
        freq = 0.0;
        var found = false;
        var first = positions[0];
        for (var i = 0; i < counts[0]; i++)
        {
            var p = first[i];
            var match = true;
            for (var j = 1; j < positions.Length && match; j++)
            {
                var list = positions[j];
                while (cursor[j] < counts[j] && list[cursor[j]] < p + j)
                {
                    cursor[j]++;
                }

                match = cursor[j] < counts[j] && list[cursor[j]] == p + j;
            }

            var c = (int)(p >> 32);
            if (match && InSet(columns, c))
            {
                freq += (uint)c < (uint)weights.Length ? weights[c] : 1.0;
                found = true;
            }
        }

        return found;
    }

    /// <summary>
    /// Where to cut a long doclist in two: the first rowid written whole on a page in its middle; null when it is
    /// short (under 16 pages, about 60 KB, where a second thread costs more than it saves) or there is one core.
    /// </summary>
    private static long? Split(Doclist doclist)
    {
        if (doclist.Pieces.Count < 16 || Environment.ProcessorCount < 2)
        {
            return null;
        }

        for (var i = doclist.Pieces.Count / 2; i < doclist.Pieces.Count; i++)
        {
            if (doclist.Pieces[i].FirstRowid is { } rowid)
            {
                return rowid;
            }
        }

        return null;
    }

    /// <summary>
    /// Decodes the doclist's rows from <paramref name="from"/> on into <paramref name="decoder"/> (which stops at its
    /// own upper bound), starting at the last page whose first rowid, written whole, is not after it.
    /// </summary>
    private static bool Decode(Doclist doclist, long from, Decoder decoder)
    {
        var start = StartPiece(doclist, from);
        for (var i = start; i < doclist.Pieces.Count; i++)
        {
            var piece = doclist.Pieces[i];
            var bytes = doclist.Bytes.AsSpan(piece.Offset, piece.Length);
            // Started on a later page: from its first rowid, which the decoder reads as its first, whole.
            var read = i == start && i > 0
                ? decoder.Read(bytes[piece.RowidAt..], TermPage)
                : decoder.Read(bytes, piece.RowidAt);
            if (!read)
            {
                return false;
            }

            if (decoder.Stopped)
            {
                return true;
            }
        }

        return decoder.AtRowBoundary && decoder.Finish();
    }

    /// <summary>The last piece whose first rowid, written whole, is not after <paramref name="from"/> (0: the term's page).</summary>
    private static int StartPiece(Doclist doclist, long from)
    {
        var start = 0;
        for (var i = 1; i < doclist.Pieces.Count; i++)
        {
            if (doclist.Pieces[i].FirstRowid is { } rowid && rowid <= from)
            {
                start = i;
            }
        }

        return start;
    }

    /// <summary>
    /// The arrays a query's doclists are copied and its hits collected into, kept for the next query, but only up to 1 MB each
    /// and one of each size (at most ~2 MB per type): the shared pool keeps arrays of any size for every thread that
    /// returned one, which added ~45 MB to the web process (330 -> 373–378 MB after 123 searches at 100k); two of
    /// each size up to 2 MB still held 356–388 MB, this 337–345 MB.
    /// </summary>
    private static class Pool<T>
    {
        public static readonly System.Buffers.ArrayPool<T> Arrays =
            System.Buffers.ArrayPool<T>.Create((1 << 20) / System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), 1);
    }

    /// <summary>What of one page belongs to a doclist, where in <see cref="Doclist.Bytes"/>.</summary>
    /// <param name="RowidAt">Where in the piece the page's first rowid starts (<see cref="NoRowid"/>, <see cref="TermPage"/>).</param>
    /// <param name="FirstRowid">That rowid, written whole on the page; null when none starts there.</param>
    private readonly record struct Piece(int Offset, int Length, int RowidAt, long? FirstRowid);

    /// <summary>A term's doclist in one segment as its pages hold it, copied out (the pages are read once, in order).</summary>
    private sealed class Doclist
    {
        /// <summary>
        /// Up to 4 MB, one of each size: the doclists of a 2–3-letter prefix's terms (copied into one Doclist) are 1–2 MB
        /// at 100k articles, and past <see cref="Pool{T}"/>'s 1 MB each query allocated them anew on the large object
        /// heap, with every doubling on the way (~4 MB a query).
        /// </summary>
        private static readonly System.Buffers.ArrayPool<byte> s_bytes = System.Buffers.ArrayPool<byte>.Create(1 << 22, 1);

        private int _length;

        public byte[] Bytes { get; private set; } = s_bytes.Rent(16384);

        public List<Piece> Pieces { get; } = [];

        public int Length => _length;

        public void Add(ReadOnlySpan<byte> data, int rowidAt, long? firstRowid)
        {
            if (_length + data.Length > Bytes.Length)
            {
                var bigger = s_bytes.Rent(Math.Max(Bytes.Length * 2, _length + data.Length));
                Bytes.AsSpan(0, _length).CopyTo(bigger);
                s_bytes.Return(Bytes);
                Bytes = bigger;
            }

            data.CopyTo(Bytes.AsSpan(_length));
            Pieces.Add(new Piece(_length, data.Length, rowidAt, firstRowid));
            _length += data.Length;
        }

        public void Release()
        {
            s_bytes.Return(Bytes);
            Bytes = [];
        }

        /// <summary>Empty again, for another read, with the bytes it has room for.</summary>
        public void Reset()
        {
            _length = 0;
            Pieces.Clear();
        }
    }

    /// <summary>
    /// A growable array read directly (a List's indexer costs per item), in arrays from <see cref="Pool{T}"/>: a
    /// common word's hits are ~100k rows and weights per query.
    /// </summary>
    private sealed class Growable<T>
    {
        public T[] Items { get; private set; } = Pool<T>.Arrays.Rent(1024);

        public int Count { get; private set; }

        public void Add(T item)
        {
            if (Count == Items.Length)
            {
                var bigger = Pool<T>.Arrays.Rent(Items.Length * 2);
                Items.AsSpan(0, Count).CopyTo(bigger);
                Pool<T>.Arrays.Return(Items);
                Items = bigger;
            }

            Items[Count++] = item;
        }

        public void Truncate(int count) => Count = count;

        public void Release()
        {
            Pool<T>.Arrays.Return(Items);
            Items = [];
            Count = 0;
        }
    }

    /// <summary>Rows, in rowid order, each with its weighted instances, in arrays from <see cref="Pool{T}"/>.</summary>
    internal sealed class Hits
    {
        private readonly Growable<long> _rows = new();
        private readonly Growable<double> _freqs = new();

        public int Count => _rows.Count;

        public long RowAt(int i) => _rows.Items[i];

        public double FreqAt(int i) => _freqs.Items[i];

        public void Add(long row, double freq)
        {
            _rows.Add(row);
            _freqs.Add(freq);
        }

        public void Clear()
        {
            _rows.Truncate(0);
            _freqs.Truncate(0);
        }

        public void AddRange(Hits more)
        {
            for (var i = 0; i < more.Count; i++)
            {
                Add(more.RowAt(i), more.FreqAt(i));
            }
        }

        /// <summary>Removes, from index <paramref name="start"/> on (rows in rowid order), the rows in <paramref name="except"/> (sorted).</summary>
        public void RemoveFrom(int start, long[] except)
        {
            var rows = _rows.Items;
            var freqs = _freqs.Items;
            int kept = start, e = 0;
            for (var i = start; i < Count; i++)
            {
                var row = rows[i];
                while (e < except.Length && except[e] < row)
                {
                    e++;
                }

                if (e < except.Length && except[e] == row)
                {
                    continue;
                }

                rows[kept] = row;
                freqs[kept++] = freqs[i];
            }

            _rows.Truncate(kept);
            _freqs.Truncate(kept);
        }

        /// <summary>Sorts the rows of several segments together; false if a row is in two (a row that a tombstone should have hidden).</summary>
        public bool SortByRow()
        {
            var rows = _rows.Items.AsSpan(0, Count);
            rows.Sort(_freqs.Items.AsSpan(0, Count));
            for (var k = 1; k < rows.Length; k++)
            {
                if (rows[k] == rows[k - 1])
                {
                    return false;
                }
            }

            return true;
        }

        public void Release()
        {
            _rows.Release();
            _freqs.Release();
        }
    }

    /// <summary>The main index's key of a term or prefix: its UTF-8 after a '0' byte (prefix indexes use '1', '2', ...).</summary>
    private static byte[] MainIndexKey(string text)
    {
        var key = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        key[0] = (byte)'0';
        Encoding.UTF8.GetBytes(text, key.AsSpan(1));
        return key;
    }

    /// <summary>A statement reading the segment's leaves from <paramref name="page"/> to its last, in order.</summary>
    private static int PreparePages(sqlite3 db, Segment segment, int page, out sqlite3_stmt stmt)
    {
        var rc = raw.sqlite3_prepare_v2(db, $"SELECT id, block FROM {SearchIndexSchema.Table}_data WHERE id >= ?1 AND id <= ?2", out stmt);
        if (rc == raw.SQLITE_OK)
        {
            raw.sqlite3_bind_int64(stmt, 1, PageRowId(segment.Id, page));
            raw.sqlite3_bind_int64(stmt, 2, PageRowId(segment.Id, segment.LastPage));
        }

        return rc;
    }

    /// <summary>
    /// Copies out the pieces of the pages that hold <paramref name="term"/>'s doclist in the segment; null when the
    /// term is not in it. False when a page is not as expected.
    /// </summary>
    private static bool TryReadDoclist(sqlite3 db, Segment segment, string term, out Doclist? doclist)
    {
        doclist = null;
        var key = MainIndexKey(term);

        var page = FindPage(db, segment, key);
        if (page < 0)
        {
            return page == -1;
        }

        var rc = PreparePages(db, segment, page, out var stmt);
        using (stmt)
        {
            if (rc != raw.SQLITE_OK)
            {
                return false;
            }

            var list = new Doclist();
            var ok = false;
            try
            {
                ok = ReadPages(stmt, segment, page, key, list, out var found);
                doclist = ok && found ? list : null;
                return ok;
            }
            finally
            {
                if (doclist is null)
                {
                    list.Release();
                }
            }
        }
    }

    private static bool ReadPages(sqlite3_stmt stmt, Segment segment, int page, byte[] key, Doclist list, out bool found)
    {
        found = false;
        for (var pgno = page; ; pgno++)
        {
            if (raw.sqlite3_step(stmt) != raw.SQLITE_ROW || raw.sqlite3_column_int64(stmt, 0) != PageRowId(segment.Id, pgno))
            {
                // Past the segment's last page: the doclist ended with it (the term page itself must be there).
                return found;
            }

            var leaf = raw.sqlite3_column_blob(stmt, 1);
            if (leaf.Length < 4)
            {
                return false;
            }

            var firstRowid = BinaryPrimitives.ReadUInt16BigEndian(leaf);
            var footer = BinaryPrimitives.ReadUInt16BigEndian(leaf[2..]);
            if (footer > leaf.Length || footer < 4)
            {
                return false;
            }

            bool more;
            if (!found)
            {
                // The term starts on this page (the index says so); its doclist runs to the next term or the footer.
                if (!FindTerm(leaf, footer, key, out var start, out var end, out var last))
                {
                    return true; // not in this segment
                }

                found = true;
                more = last;
                var at = start;
                list.Add(leaf[start..end], TermPage, (long)Varint(leaf[..end], ref at));
            }
            else
            {
                // A page after the term's: the doclist goes on from byte 4 up to the page's first term, if any.
                const int start = 4;
                int pgidx = footer;
                var firstTerm = pgidx < leaf.Length ? Varint(leaf, ref pgidx) : (ulong)footer;
                var end = (int)Math.Min(firstTerm, footer);
                more = end == footer;
                if (end < start || (firstRowid != 0 && (firstRowid < start || firstRowid >= end)))
                {
                    return false;
                }

                // The page's first rowid (if one starts here before a term) is written whole, not as a delta.
                long? whole = null;
                if (firstRowid != 0)
                {
                    var at = (int)firstRowid;
                    whole = (long)Varint(leaf[..end], ref at);
                }

                list.Add(leaf[start..end], firstRowid == 0 ? NoRowid : firstRowid - start, whole);
            }

            if (!more)
            {
                return true;
            }
        }
    }

    /// <summary>The leaf page where <paramref name="key"/> would start (the index's last key not after it); -1: none.</summary>
    private static int FindPage(sqlite3 db, Segment segment, byte[] key)
    {
        var rc = raw.sqlite3_prepare_v2(db, $"SELECT pgno FROM {SearchIndexSchema.Table}_idx WHERE segid = ?1 AND term <= ?2 ORDER BY term DESC LIMIT 1", out var stmt);
        using (stmt)
        {
            if (rc != raw.SQLITE_OK)
            {
                return -2;
            }

            raw.sqlite3_bind_int(stmt, 1, segment.Id);
            raw.sqlite3_bind_blob(stmt, 2, key);
            rc = raw.sqlite3_step(stmt);
            if (rc == raw.SQLITE_DONE)
            {
                return segment.FirstPage;
            }

            // The low bit says whether the doclist has a doclist index (for seeking, not needed to read it through).
            return rc == raw.SQLITE_ROW ? raw.sqlite3_column_int(stmt, 0) >> 1 : -2;
        }
    }

    /// <summary>
    /// Finds <paramref name="key"/> among the terms that start on the page (the page footer lists their offsets;
    /// the first is whole, each later one shares a prefix with the one before). <paramref name="last"/>: it is the
    /// page's last term, so its doclist may go on over the next pages.
    /// </summary>
    private static bool FindTerm(ReadOnlySpan<byte> leaf, int footer, byte[] key, out int start, out int end, out bool last)
    {
        start = end = 0;
        last = false;
        var buffer = new byte[256];
        var length = 0;
        var pgidx = footer;
        var offset = 0;
        var first = true;
        while (pgidx < leaf.Length)
        {
            offset += (int)Varint(leaf, ref pgidx);
            if (offset >= footer)
            {
                return false;
            }

            var p = offset;
            var keep = first ? 0 : (int)Varint(leaf, ref p);
            var added = (int)Varint(leaf, ref p);
            if (keep > length || p + added > footer)
            {
                return false;
            }

            if (keep + added > buffer.Length)
            {
                Array.Resize(ref buffer, keep + added);
            }

            leaf.Slice(p, added).CopyTo(buffer.AsSpan(keep));
            length = keep + added;
            first = false;
            var order = buffer.AsSpan(0, length).SequenceCompareTo(key);
            if (order > 0)
            {
                return false; // terms are in order: it is not here
            }

            if (order == 0)
            {
                start = p + added;
                if (pgidx < leaf.Length)
                {
                    var next = pgidx;
                    end = offset + (int)Varint(leaf, ref next);
                }
                else
                {
                    end = footer;
                    last = true;
                }

                return end <= footer && start <= end;
            }
        }

        return false;
    }

    private const int NoRowid = -1;
    private const int TermPage = -2;

    private static long PageRowId(int segment, int page) => ((long)segment << SegmentShift) + page;

    private static byte[]? ReadBlob(sqlite3 db, string sql)
    {
        var rc = raw.sqlite3_prepare_v2(db, sql, out var stmt);
        using (stmt)
        {
            return rc == raw.SQLITE_OK && raw.sqlite3_step(stmt) == raw.SQLITE_ROW ? raw.sqlite3_column_blob(stmt, 0).ToArray() : null;
        }
    }

    /// <summary>An SQLite varint (big-endian groups of 7 bits, the ninth byte whole); past the end reads as 0.</summary>
    internal static ulong Varint(ReadOnlySpan<byte> data, ref int p)
    {
        ulong value = 0;
        for (var i = 0; i < 9 && p < data.Length; i++)
        {
            var b = data[p++];
            if (i == 8)
            {
                return (value << 8) | b;
            }

            value = (value << 7) | (uint)(b & 0x7F);
            if (b < 0x80)
            {
                break;
            }
        }

        return value;
    }

    /// <summary>
    /// A doclist read piece by piece (one piece per page): rowids (the first whole, then deltas), each followed by
    /// its position list's size (bytes × 2, plus 1 for a delete flag) and the list: varints, each an instance
    /// (offset delta + 2), except a 0x01 byte, which starts a column whose number follows.
    /// </summary>
    /// <param name="lo">Rows below are read past, not kept.</param>
    /// <param name="hi">At the first row from here on the decoder stops (<see cref="Stopped"/>).</param>
    private sealed class Decoder(int columns, double[] weights, Hits hits, long lo, long hi)
    {
        private bool _inWindow = true;
        private long _rowid;
        private bool _first = true;   // the doclist's first rowid is written whole
        private int _remaining;       // bytes of the current position list still to read
        private bool _inRow;
        private bool _continuing;     // inside a multi-byte varint of the position list
        private bool _columnNext;     // the varint being read is a column number
        private ulong _value;         // the varint being read
        private int _column;
        private long _offset;         // the last instance's offset in its column
        private double _freq;
        private bool _counted;        // the current row has an instance that counts
        private bool _past;           // the rest of the current position list is in columns after the set's last

        // Columns come in ascending order in a position list, so past the set's last one the rest of the list is
        // skipped by its size: a stem query over {title body} reads none of the exact columns' positions, which a
        // term shares with its stem wherever the word is its own stem (most short words).
        private readonly int _lastColumn = columns == -1 ? int.MaxValue : 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)columns);

        public bool AtRowBoundary => _remaining == 0 && !_continuing && !_columnNext;

        /// <summary>It reached a row at or after its upper bound.</summary>
        public bool Stopped { get; private set; }

        /// <param name="rowidAt">
        /// Where in the piece the page's first rowid starts, written whole (<see cref="NoRowid"/>: the piece only goes
        /// on with a position list; <see cref="TermPage"/>: the piece follows the term).
        /// </param>
        public bool Read(ReadOnlySpan<byte> piece, int rowidAt)
        {
            // The state in locals for the loop, back in the fields at the end: as fields it was loaded and stored for
            // every byte. The same loop reads rowids, sizes and positions, so a row costs no call.
            var rowid = _rowid;
            var remaining = _remaining;
            var inRow = _inRow;
            var continuing = _continuing;
            var columnNext = _columnNext;
            var value = _value;
            var col = _column;
            var offset = _offset;
            var freq = _freq;
            var counted = _counted;
            var inWindow = _inWindow;
            var past = _past;
            var weight = Weight(col);
            var counts = InSet(columns, col);
            var pageRowid = rowidAt >= 0;
            var ok = true;
            var p = 0;
            while (p < piece.Length)
            {
                if (remaining == 0)
                {
                    if (continuing || columnNext || rowidAt == NoRowid || (pageRowid && p != rowidAt))
                    {
                        ok = false;
                        break;
                    }

                    if (inRow && counted && inWindow)
                    {
                        hits.Add(rowid, freq);
                    }

                    var delta = (long)Varint(piece, ref p);
                    rowid = _first || pageRowid ? delta : rowid + delta;
                    _first = false;
                    pageRowid = false;
                    inRow = false;
                    if (rowid >= hi)
                    {
                        Stopped = true;
                        break;
                    }

                    inWindow = rowid >= lo;
                    var size = Varint(piece, ref p);
                    if ((size & 1) != 0 || size == 0 || p > piece.Length)
                    {
                        ok = false; // a delete flag or an empty list: left to FTS5
                        break;
                    }

                    remaining = (int)(size >> 1);
                    inRow = true;
                    past = false;
                    col = 0;
                    offset = 0;
                    freq = 0;
                    counted = false;
                    weight = Weight(0);
                    counts = InSet(columns, 0);
                    continue;
                }

                // The position list, or the part of it on this page: varints, each an instance (offset delta + 2),
                // except a 0x01 byte, which starts a column whose number follows.
                var stop = p + Math.Min(remaining, piece.Length - p);
                remaining -= stop - p;
                if (past)
                {
                    p = stop;
                    continue;
                }

                for (; p < stop; p++)
                {
                    var b = piece[p];
                    if (continuing)
                    {
                        value = (value << 7) | (uint)(b & 0x7F);
                        if (b >= 0x80)
                        {
                            continue;
                        }

                        continuing = false;
                    }
                    else if (b == 0x01)
                    {
                        columnNext = true;
                        continuing = true;
                        value = 0;
                        continue;
                    }
                    else
                    {
                        value = (uint)(b & 0x7F);
                        if (b >= 0x80)
                        {
                            continuing = true;
                            continue;
                        }
                    }

                    if (columnNext)
                    {
                        col = (int)value;
                        offset = 0;
                        columnNext = false;
                        weight = Weight(col);
                        counts = InSet(columns, col);
                        if (value > (ulong)_lastColumn)
                        {
                            past = true;
                            p = stop;
                            break;
                        }

                        continue;
                    }

                    offset += (long)value - 2;
                    if (counts)
                    {
                        freq += weight;
                        counted = true;
                    }
                }
            }

            _rowid = rowid;
            _remaining = remaining;
            _inRow = inRow;
            _continuing = continuing;
            _columnNext = columnNext;
            _value = value;
            _column = col;
            _offset = offset;
            _freq = freq;
            _counted = counted;
            _inWindow = inWindow;
            _past = past;
            return ok;
        }

        /// <summary>Ends the last row; false if it has no instance at all (not a hit FTS5 would give).</summary>
        public bool Finish()
        {
            if (_inRow && !_counted && columns == -1)
            {
                return false;
            }

            Flush();
            return true;
        }

        private void Flush()
        {
            if (_inRow && _counted && _inWindow)
            {
                hits.Add(_rowid, _freq);
            }

            _inRow = false;
        }

        private double Weight(int c) => (uint)c < (uint)weights.Length ? weights[c] : 1.0;
    }

    /// <summary>
    /// A doclist's rows one at a time, each position list stepped over by its size (two varints a row) and decoded
    /// only on request. The pieces lie one after the other in <see cref="Doclist.Bytes"/>, so a position list (or a
    /// varint) that goes on over a page boundary is read as one; only a page's first rowid is written whole. A struct
    /// kept in an array and used by reference, its state in locals inside each method: as a class behind a field
    /// per byte, a phrase of common words took 16 ns a varint.
    /// </summary>
    private struct RowCursor
    {
        private readonly byte[] _bytes;
        private readonly int _end;
        private readonly List<Piece> _pieces;
        private int _p;
        private bool _whole;          // the next rowid is written whole (the doclist's first, or a page's first)
        private int _nextPiece;       // the next piece that starts with a rowid of its own
        private int _nextWhole;       // where in the bytes that rowid starts (int.MaxValue: no more)
        private int _positionsAt;
        private int _positionsEnd;

        /// <summary>Starts at the last page whose first rowid is not after <paramref name="from"/>; <see cref="Next"/> reads its first row.</summary>
        public RowCursor(Doclist doclist, long from)
        {
            _bytes = doclist.Bytes;
            _end = doclist.Length;
            _pieces = doclist.Pieces;
            var start = StartPiece(doclist, from);
            var piece = _pieces[start];
            _p = start == 0 ? piece.Offset : piece.Offset + piece.RowidAt;
            _whole = true;
            _nextPiece = start + 1;
            FindNextWhole();
        }

        public long Rowid { get; private set; }

        /// <summary>Past the last row.</summary>
        public bool Done { get; private set; }

        /// <summary>Steps to the next row; false when the bytes are not as the format says.</summary>
        public bool Next()
        {
            var p = _p;
            if (p >= _end)
            {
                Done = true;
                return p == _end;
            }

            if (p >= _nextWhole)
            {
                if (p > _nextWhole)
                {
                    return false; // a page's first rowid fell inside a position list
                }

                _whole = true;
                _nextPiece++;
                FindNextWhole();
            }

            var bytes = new ReadOnlySpan<byte>(_bytes, 0, _end);
            var value = (long)FastVarint(bytes, ref p);
            Rowid = _whole ? value : Rowid + value;
            _whole = false;
            var size = FastVarint(bytes, ref p);
            _positionsAt = p;
            _positionsEnd = p + (int)(size >> 1);
            _p = _positionsEnd;
            // A delete flag or an empty list: left to FTS5.
            return (size & 1) == 0 && size != 0 && _positionsEnd <= _end;
        }

        /// <summary>Steps on while the row is below <paramref name="rowid"/>.</summary>
        public bool SkipBelow(long rowid)
        {
            while (!Done && Rowid < rowid)
            {
                if (!Next())
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The current row's instances as (column &lt;&lt; 32) + offset, in order; false when malformed.</summary>
        public readonly bool Positions(ref long[] into, out int count)
        {
            count = 0;
            var bytes = new ReadOnlySpan<byte>(_bytes, 0, _positionsEnd);
            var p = _positionsAt;
            long column = 0;
            long offset = 0;
            var n = 0;
            var items = into;
            while (p < bytes.Length)
            {
                var b = bytes[p];
                if (b == 0x01)
                {
                    // A column whose number follows (a position's first byte is never 1: offsets are written + 2).
                    p++;
                    if (p >= bytes.Length)
                    {
                        return false;
                    }

                    column = (long)FastVarint(bytes, ref p);
                    offset = 0;
                    continue;
                }

                offset += (long)FastVarint(bytes, ref p) - 2;
                if (n == items.Length)
                {
                    Array.Resize(ref into, items.Length * 2);
                    items = into;
                }

                items[n++] = (column << 32) + offset;
            }

            count = n;
            // The list must end where a varint does (past the end Varint reads as 0 and stops).
            return bytes[^1] < 0x80;
        }

        private void FindNextWhole()
        {
            while (_nextPiece < _pieces.Count && _pieces[_nextPiece].RowidAt < 0)
            {
                _nextPiece++;
            }

            _nextWhole = _nextPiece < _pieces.Count ? _pieces[_nextPiece].Offset + _pieces[_nextPiece].RowidAt : int.MaxValue;
        }
    }

    /// <summary><see cref="Varint"/> with a one-byte value read inline (most rowid deltas, sizes and offsets).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static ulong FastVarint(ReadOnlySpan<byte> data, ref int p)
    {
        if ((uint)p < (uint)data.Length && data[p] < 0x80)
        {
            return data[p++];
        }

        return Varint(data, ref p);
    }
}
