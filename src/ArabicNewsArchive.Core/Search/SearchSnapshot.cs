using System.Data.Common;
using System.Globalization;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Search.Fts5;

namespace ArabicNewsArchive.Search;

/// <summary>
/// What filtering, sorting and facet counting need about every article, held in arrays: a few bytes per article
/// (about 10 MB at 100k), so that filters and facets over a 100k-article result cost a loop, not a SQL GROUP BY.
/// Immutable; replaced as a whole when <c>SearchMeta.Version</c> moves.
/// </summary>
internal sealed class SearchSnapshot
{
    public const int NoDate = int.MinValue;

    public required long Version { get; init; }

    public required string[] Ids { get; init; }

    /// <summary>FTS rowid → article index, -1 where no article.</summary>
    public required int[] DocByRowId { get; init; }

    /// <summary>
    /// Tokens in each FTS row (all columns) by rowid, -1 where unknown: the document length bm25 needs, read once
    /// here rather than per hit by FTS5 (see <see cref="Bm25Ranker"/>).
    /// </summary>
    public required int[] Lengths { get; init; }

    /// <summary>First and last day (DayNumber) the publication date can be (the stored interval); <see cref="NoDate"/> when unknown.</summary>
    public required int[] PubStart { get; init; }

    public required int[] PubEnd { get; init; }

    public required int[] Outlet { get; init; }

    /// <summary>The agency each article credits (an index into <see cref="OutletMeta"/>), -1 where none.</summary>
    public required int[] Agency { get; init; }

    /// <summary>Kind and country of each outlet of <see cref="OutletMeta"/>.</summary>
    public required (string Kind, string? Country)[] OutletInfo { get; init; }

    public required int[] Month { get; init; }

    /// <summary>The people each article mentions (sorted person indices).</summary>
    public required DocSets Persons { get; init; }

    /// <summary>The topics of each article (sorted topic indices).</summary>
    public required DocSets Topics { get; init; }

    /// <summary>Article indices newest first by the interval's first day (narrower first, unknown dates last, then by id).</summary>
    public required int[] DateOrder { get; init; }

    /// <summary>Position of each article in <see cref="DateOrder"/>.</summary>
    public required int[] DatePos { get; init; }

    /// <summary>The articles that mention each person, newest first: the candidates of a person filter.</summary>
    public required int[][] PersonDocs { get; init; }

    /// <summary>The articles of each topic, newest first.</summary>
    public required int[][] TopicDocs { get; init; }

    public required Meta[] People { get; init; }

    public required Meta[] TopicMeta { get; init; }

    /// <summary>Kind, IPTC code and parent of each topic of <see cref="TopicMeta"/>.</summary>
    public required (string Kind, string? Iptc, string? Parent)[] TopicInfo { get; init; }

    public required Meta[] OutletMeta { get; init; }

    public required string[] Months { get; init; }

    public required Dictionary<string, int> PersonIndex { get; init; }

    public required Dictionary<string, int> TopicIndex { get; init; }

    public required Dictionary<string, int> OutletIndex { get; init; }

    public required Dictionary<string, int> ArticleIndex { get; init; }

    /// <summary>Each spelling of each person, as name keys (<see cref="NameKey"/>), longest first.</summary>
    public required (int Person, string[] Keys)[] AliasKeys { get; init; }

    /// <summary>
    /// The positions in <see cref="AliasKeys"/> of the spellings that start with each key, in order: a query word
    /// looks up its people here instead of walking every spelling (a walk over the ~100k spellings of a 100k archive
    /// was a seventh of a search page's time). Built once, by the first reader: with the lock, the readers that
    /// arrive with it wait rather than each building a copy (20 searches just after a reload at 100k had built 20 and
    /// run the heap out of its limit).
    /// </summary>
    public Dictionary<string, int[]> AliasesByFirstKey =>
        LazyInitializer.EnsureInitialized(ref _aliasesByFirstKey, ref _aliasesBuilt, ref _aliasesLock, () => AliasKeys
            .Select((a, position) => (a.Keys, position))
            .Where(a => a.Keys.Length > 0)
            .GroupBy(a => a.Keys[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => a.position).ToArray(), StringComparer.Ordinal))!;

    private Dictionary<string, int[]>? _aliasesByFirstKey;
    private bool _aliasesBuilt;
    private object? _aliasesLock;

    public required int[] PersonArticleCount { get; init; }

    /// <summary>
    /// The people the lists show, most articles first, then by slug: curated and confirmed people, and discovered
    /// ones that are <see cref="Meta.Listed"/> with an article. Sorted once per snapshot: sorting the ~30,000 people of
    /// a 100k archive on every view of <c>/people</c> was most of that page's time.
    /// </summary>
    public int[] ListedPeople => LazyInitializer.EnsureInitialized(ref _listedPeople, () => Enumerable.Range(0, People.Length)
        .Where(i => People[i].Status is "curated" or "confirmed" || (People[i].Status == "discovered" && People[i].Listed && PersonArticleCount[i] > 0))
        .OrderByDescending(i => PersonArticleCount[i])
        .ThenBy(i => People[i].Slug, StringComparer.Ordinal)
        .ToArray());

    private int[]? _listedPeople;

    /// <summary>
    /// The people the persons facet may list (<see cref="Meta.Listed"/>), in index order: its loop then reads neither
    /// the records of the ~30,000 people of a 100k archive (one each: ~1.5 ms of a query matching most of it, their
    /// records scattered over megabytes) nor the unlisted ones.
    /// </summary>
    internal int[] FacetPeople => LazyInitializer.EnsureInitialized(ref _facetPeople, () => [.. Enumerable.Range(0, People.Length).Where(i => People[i].Listed)]);

    private int[]? _facetPeople;

    public required int[] TopicArticleCount { get; init; }

    /// <summary>Articles per outlet (those with an outlet).</summary>
    public required int[] OutletArticleCount { get; init; }

    /// <summary>Articles per month (those dated to a month or a day).</summary>
    public required int[] MonthArticleCount { get; init; }

    public int Count => Ids.Length;

    /// <param name="Status">For a person: "curated", "confirmed" or "discovered".</param>
    /// <param name="Listed">False for a discovered person below <see cref="Person.ListedConfidence"/>: kept out of facets and lists.</param>
    internal sealed record Meta(string Slug, string NameAr, string NameEn, string Role, IReadOnlyList<string> Aliases, string Status = "curated", bool Listed = true, bool NameEnTransliterated = false);

    /// <summary>The API's name of a status.</summary>
    public static string StatusName(PersonStatus status) => status switch
    {
        PersonStatus.Curated => "curated",
        PersonStatus.Confirmed => "confirmed",
        PersonStatus.Rejected => "rejected",
        _ => "discovered",
    };

    public static async Task<long> ReadVersionAsync(DbConnection connection, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT Version FROM SearchMeta WHERE Id = 1";
        return (long)(await cmd.ExecuteScalarAsync(ct) ?? 0L);
    }

    public static async Task<SearchSnapshot> LoadAsync(DbConnection connection, CancellationToken ct)
    {
        // The version is read first: a write that lands while loading moves it past this value, so the next query
        // reloads rather than keeping a snapshot that missed the write.
        var version = await ReadVersionAsync(connection, ct);

        // One string per distinct value: the ~100k spellings of a 100k archive share most of their words' keys
        // (a first name's key appears thousands of times), roles and spellings repeat, and the snapshot stays in the
        // server's heap for as long as it serves.
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        string Pooled(string value)
        {
            if (pool.TryGetValue(value, out var held))
            {
                return held;
            }

            pool[value] = value;
            return value;
        }

        var people = new List<Meta>();
        var aliases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var aliasNormalized = new List<(string Slug, string Normalized)>();
        await foreach (var r in RowsAsync(connection, "SELECT PersonSlug, Text, Normalized FROM PersonAliases ORDER BY PersonSlug, Id", ct))
        {
            var slug = r.GetString(0);
            if (!aliases.TryGetValue(slug, out var list))
            {
                aliases[slug] = list = [];
            }

            list.Add(Pooled(r.GetString(1)));
            aliasNormalized.Add((slug, r.IsDBNull(2) || r.GetString(2).Length == 0 ? r.GetString(1) : r.GetString(2)));
        }

        // A store not migrated yet (the search index's own upgrade test reads one) has no Confidence (1 for all) and
        // no NameEnTransliterated (no English name marked as a guess).
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var r in RowsAsync(connection, "SELECT name FROM pragma_table_info('People') WHERE name IN ('Confidence', 'NameEnTransliterated')", ct))
        {
            columns.Add(r.GetString(0));
        }

        var confidence = columns.Contains("Confidence") ? "Confidence" : "1.0";
        var guessed = columns.Contains("NameEnTransliterated") ? "NameEnTransliterated" : "0";
        await foreach (var r in RowsAsync(connection, $"SELECT Slug, NameAr, NameEn, Role, Status, {confidence}, {guessed} FROM People ORDER BY Slug", ct))
        {
            var slug = r.GetString(0);
            var status = (PersonStatus)r.GetInt32(4);
            people.Add(new Meta(slug, Pooled(r.GetString(1)), Pooled(r.GetString(2)), Pooled(r.GetString(3)), aliases.GetValueOrDefault(slug)?.ToArray() ?? [],
                StatusName(status), status is PersonStatus.Curated or PersonStatus.Confirmed || (status == PersonStatus.Discovered && r.GetDouble(5) >= Person.ListedConfidence),
                r.GetInt64(6) != 0));
        }

        var topics = new List<Meta>();
        var topicInfo = new List<(string, string?, string?)>();
        await foreach (var r in RowsAsync(connection, "SELECT Slug, NameAr, NameEn, Kind, IptcCode, Parent FROM Topics ORDER BY Slug", ct))
        {
            topics.Add(new Meta(r.GetString(0), r.GetString(1), r.GetString(2), "", []));
            topicInfo.Add((r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)));
        }

        var outlets = new List<Meta>();
        var outletInfo = new List<(string, string?)>();
        await foreach (var r in RowsAsync(connection, "SELECT Slug, NameAr, NameEn, Kind, Country FROM Outlets ORDER BY Slug", ct))
        {
            outlets.Add(new Meta(r.GetString(0), r.GetString(1), r.GetString(2), "", []));
            outletInfo.Add((r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4)));
        }

        var personIndex = Index(people);
        var topicIndex = Index(topics);
        var outletIndex = Index(outlets);

        var ids = new List<string>();
        var rowIds = new List<long>();
        var pubStart = new List<int>();
        var pubEnd = new List<int>();
        var outlet = new List<int>();
        var agency = new List<int>();
        var monthKeys = new List<string?>();
        await foreach (var r in RowsAsync(connection,
            $"SELECT a.Id, d.RowId, a.Published, a.DatePrecision, a.OutletSlug, {(await HasColumnAsync(connection, "Articles", "PublishedTo", ct) ? "a.PublishedTo" : "NULL")}, "
            + $"{(await HasColumnAsync(connection, "Articles", "AgencySlug", ct) ? "a.AgencySlug" : "NULL")} FROM Articles a LEFT JOIN SearchDocs d ON d.ArticleId = a.Id", ct))
        {
            ids.Add(r.GetString(0));
            rowIds.Add(r.IsDBNull(1) ? -1 : r.GetInt64(1));
            var precision = (DatePrecision)r.GetInt32(3);
            var range = DateRange.Of(Day(r, 2), Day(r, 5), precision);
            if (range is not var (first, last))
            {
                pubStart.Add(NoDate);
                pubEnd.Add(NoDate);
                monthKeys.Add(null);
            }
            else
            {
                pubStart.Add(first.DayNumber);
                pubEnd.Add(last.DayNumber);
                // The month facet counts an article under a month only when its interval lies within it.
                monthKeys.Add(first.Year == last.Year && first.Month == last.Month ? first.ToString("yyyy-MM", CultureInfo.InvariantCulture) : null);
            }

            outlet.Add(r.IsDBNull(4) ? -1 : outletIndex.GetValueOrDefault(r.GetString(4), -1));
            agency.Add(r.IsDBNull(6) ? -1 : outletIndex.GetValueOrDefault(r.GetString(6), -1));
        }

        var n = ids.Count;
        var articleIndex = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            articleIndex[ids[i]] = i;
        }

        var maxRow = rowIds.Count == 0 ? 0 : rowIds.Max();
        var docByRow = new int[maxRow + 1];
        Array.Fill(docByRow, -1);
        for (var i = 0; i < n; i++)
        {
            if (rowIds[i] >= 0)
            {
                docByRow[rowIds[i]] = i;
            }
        }

        var lengths = await LengthsAsync(connection, docByRow.Length, ct);

        var months = monthKeys.Where(m => m is not null).Distinct().Order(StringComparer.Ordinal).ToArray();
        var monthIndex = months.Select((m, i) => (m, i)).ToDictionary(x => x.m!, x => x.i, StringComparer.Ordinal);
        var month = monthKeys.Select(m => m is null ? -1 : monthIndex[m]).ToArray();

        // The lean table's distinct (document, person) numbers, off its index, then their names (migration LeanFacts):
        // every mention through the Mentions view's joins took about three times the CPU at 100k.
        var persons = await PairsAsync(connection, await HasTableAsync(connection, "MentionRows", ct)
            ? "SELECT d.ArticleId, p.Slug FROM (SELECT DISTINCT Doc, Person FROM MentionRows) m JOIN SearchDocs d ON d.RowId = m.Doc JOIN PersonNumbers p ON p.No = m.Person"
            : "SELECT DISTINCT ArticleId, PersonSlug FROM Mentions", articleIndex, personIndex, n, ct);
        var topicsOf = await PairsAsync(connection, "SELECT ArticleId, TopicSlug FROM ArticleTopics", articleIndex, topicIndex, n, ct);

        var start = pubStart.ToArray();
        var end = pubEnd.ToArray();
        // Newest first by the interval's first day: an article is listed at the earliest day its text allows, so
        // a vague date ("2015", "since 2012") never lifts it above articles proven later, and an undated one
        // (NoDate) comes last. By the end or the midpoint, "some day of 2015" would sort as 31 December or 2 July,
        // above articles of December or August. Equal starts put the narrower interval first (a day before the
        // month that starts with it), then the id, in the same direction, so a listing is stable.
        var order = Enumerable.Range(0, n)
            .OrderByDescending(i => start[i])
            .ThenBy(i => end[i] - start[i])
            .ThenByDescending(i => ids[i], StringComparer.Ordinal)
            .ToArray();
        var datePos = new int[n];
        for (var k = 0; k < n; k++)
        {
            datePos[order[k]] = k;
        }

        var personCount = new int[people.Count];
        var topicCount = new int[topics.Count];
        for (var i = 0; i < n; i++)
        {
            foreach (var p in persons[i])
            {
                personCount[p]++;
            }

            foreach (var t in topicsOf[i])
            {
                topicCount[t]++;
            }
        }

        var aliasKeys = aliasNormalized
            .Where(a => personIndex.ContainsKey(a.Slug))
            .Select(a => (Person: personIndex[a.Slug], Keys: Array.ConvertAll(AliasKeysOf(a.Normalized), Pooled)))
            .Where(a => a.Keys.Length > 0)
            .DistinctBy(a => (a.Person, string.Join(' ', a.Keys)))
            .OrderByDescending(a => a.Keys.Length)
            .ToArray();

        return new SearchSnapshot
        {
            Version = version,
            Ids = [.. ids],
            DocByRowId = docByRow,
            Lengths = lengths,
            PubStart = start,
            PubEnd = end,
            Outlet = [.. outlet],
            Agency = [.. agency],
            OutletInfo = [.. outletInfo],
            Month = month,
            Persons = persons,
            Topics = topicsOf,
            DateOrder = order,
            DatePos = datePos,
            PersonDocs = Postings(persons, order, people.Count),
            TopicDocs = Postings(topicsOf, order, topics.Count),
            People = [.. people],
            TopicMeta = [.. topics],
            TopicInfo = [.. topicInfo],
            OutletMeta = [.. outlets],
            Months = months!,
            PersonIndex = personIndex,
            TopicIndex = topicIndex,
            OutletIndex = outletIndex,
            ArticleIndex = articleIndex,
            AliasKeys = aliasKeys,
            PersonArticleCount = personCount,
            TopicArticleCount = topicCount,
            OutletArticleCount = Counts(outlet, outlets.Count),
            MonthArticleCount = Counts(month, months.Length),
        };
    }

    /// <summary>
    /// Each FTS row's token count from <c>ArticleSearch_docsize</c>, whose <c>sz</c> holds one SQLite varint per
    /// column (FTS5's own format, fts5_storage.c), summed as FTS5's <c>xColumnSize(-1)</c> sums them.
    /// </summary>
    private static async Task<int[]> LengthsAsync(DbConnection connection, int size, CancellationToken ct)
    {
        var lengths = new int[size];
        Array.Fill(lengths, -1);
        var buffer = new byte[64];
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT id, sz FROM {SearchIndexSchema.Table}_docsize";
        // A synchronous loop: Microsoft.Data.Sqlite reads synchronously under ReadAsync anyway, and 100k awaits
        // cost more than the rows.
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (r.Read())
        {
            var id = r.GetInt64(0);
            if (id < 0 || id >= size || r.IsDBNull(1))
            {
                continue; // indexed after the articles were read: FTS5 is asked for these
            }

            var n = (int)r.GetBytes(1, 0, buffer, 0, buffer.Length);
            if (n == buffer.Length)
            {
                continue; // more than the columns we know: leave it to FTS5
            }

            var total = 0;
            var pos = 0;
            while (pos < n)
            {
                total += ReadVarint(buffer, ref pos);
            }

            lengths[id] = total;
        }

        return lengths;
    }

    /// <summary>SQLite's varint (big-endian groups of 7 bits; sizes never need the 9-byte form).</summary>
    private static int ReadVarint(byte[] data, ref int pos)
    {
        var value = 0;
        while (pos < data.Length)
        {
            var b = data[pos++];
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        return value;
    }

    private static int[] Counts(IEnumerable<int> valueOf, int values)
    {
        var counts = new int[values];
        foreach (var v in valueOf)
        {
            if (v >= 0)
            {
                counts[v]++;
            }
        }

        return counts;
    }

    private static int[][] Postings(DocSets valuesOf, int[] dateOrder, int values)
    {
        var lists = new List<int>[values];
        for (var v = 0; v < values; v++)
        {
            lists[v] = [];
        }

        foreach (var d in dateOrder)
        {
            foreach (var v in valuesOf[d])
            {
                lists[v].Add(d);
            }
        }

        return [.. lists.Select(l => l.ToArray())];
    }

    private static Dictionary<string, int> Index(List<Meta> metas) =>
        metas.Select((m, i) => (m.Slug, i)).ToDictionary(x => x.Slug, x => x.i, StringComparer.Ordinal);

    private static async Task<DocSets> PairsAsync(DbConnection connection, string sql, Dictionary<string, int> articles, Dictionary<string, int> values, int n, CancellationToken ct)
    {
        var lists = new List<int>?[n];
        await foreach (var r in RowsAsync(connection, sql, ct))
        {
            if (articles.TryGetValue(r.GetString(0), out var a) && values.TryGetValue(r.GetString(1), out var v))
            {
                var list = lists[a] ??= [];
                if (!list.Contains(v))
                {
                    list.Add(v);
                }
            }
        }

        return DocSets.From(lists);
    }

    /// <summary>
    /// Whether the store has the column yet: a snapshot of a store not migrated to the interval (one a test or an
    /// older start-up reads) takes the interval from the precision.
    /// </summary>
    private static async Task<bool> HasColumnAsync(DbConnection connection, string table, string column, CancellationToken ct)
    {
        await foreach (var r in RowsAsync(connection, $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'", ct))
        {
            return r.GetInt64(0) > 0;
        }

        return false;
    }

    /// <summary>Whether the store has the table yet (a snapshot of a store not migrated reads the older shape).</summary>
    private static async Task<bool> HasTableAsync(DbConnection connection, string table, CancellationToken ct)
    {
        await foreach (var r in RowsAsync(connection, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'", ct))
        {
            return r.GetInt64(0) > 0;
        }

        return false;
    }

    private static DateOnly? Day(DbDataReader r, int column) =>
        !r.IsDBNull(column) && DateOnly.TryParseExact(r.GetString(column), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static async IAsyncEnumerable<DbDataReader> RowsAsync(DbConnection connection, string sql, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return reader;
        }
    }

    /// <summary>
    /// The keys a typed name is matched on: the loose key of each word, except for a one-word alias, which keeps its
    /// long vowels (<see cref="NameKey.Strict"/>) as the recogniser does, since one loose word is too weak alone:
    /// سلمان must not name سليمان.
    /// </summary>
    internal static string[] AliasKeysOf(string normalized)
    {
        var keys = NameKey.Words(normalized);
        if (keys.Length != 1)
        {
            return keys;
        }

        var word = Text.ArabicTokenizer.Tokenize(normalized).Single(t => NameKey.Of(t.Normalized).Length > 0);
        return [NameKey.Strict(word.Normalized)];
    }
}

/// <summary>
/// A small sorted set of values per article (its people, its topics) in two flat arrays rather than one array per
/// article: the facet loop reads them for up to every article of a query, and 100k tiny arrays cost a pointer chase
/// and an object header each.
/// </summary>
internal sealed class DocSets
{
    private readonly int[] _start;
    private readonly int[] _values;

    private DocSets(int[] start, int[] values)
    {
        _start = start;
        _values = values;
    }

    public ReadOnlySpan<int> this[int doc] => _values.AsSpan(_start[doc], _start[doc + 1] - _start[doc]);

    /// <summary>The flat arrays (document d's values are <c>Values[Start[d]..Start[d + 1]]</c>), for loops over 100k documents.</summary>
    public (int[] Start, int[] Values) Arrays => (_start, _values);

    /// <param name="lists">Values per article (null: none), in any order, without duplicates.</param>
    public static DocSets From(IReadOnlyList<List<int>?> lists)
    {
        var start = new int[lists.Count + 1];
        for (var i = 0; i < lists.Count; i++)
        {
            start[i + 1] = start[i] + (lists[i]?.Count ?? 0);
        }

        var values = new int[start[^1]];
        for (var i = 0; i < lists.Count; i++)
        {
            if (lists[i] is { } l)
            {
                var span = values.AsSpan(start[i], l.Count);
                l.CopyTo(span);
                span.Sort();
            }
        }

        return new DocSets(start, values);
    }
}
