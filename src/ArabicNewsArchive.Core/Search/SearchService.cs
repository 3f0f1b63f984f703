using System.Data.Common;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Search.Fts5;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Text;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Search;

/// <summary>
/// The one search implementation the JSON API and the Blazor pages share: FTS5 for the text, an in-memory
/// <see cref="SearchSnapshot"/> for filters, sorting and facets, the source text for snippets. Thread-safe; register
/// it as a singleton (the snapshot is shared and reloaded when the store changes, in this process or another).
/// </summary>
/// <param name="dbFactory">Contexts on the store.</param>
/// <param name="hitCacheSize">
/// How many recent text queries keep their hits and scores (per snapshot version) for the next page or facet click:
/// the FTS5 read with bm25 is most of a text query's cost. 0 turns the cache off (the benchmark measures uncached).
/// </param>
/// <param name="parallelFrom">
/// Size from which work is split between cores: an archive from this many articles has its hits read in rowid slices
/// (see <c>SliceBounds</c>), and a list of this many candidates is filtered in parts, at the same time.
/// </param>
/// <param name="parts">How many slices or parts then; 0: one per core, at most 4.</param>
public sealed class SearchService(IDbContextFactory<ArchiveDbContext> dbFactory, int hitCacheSize = 8,
    int parallelFrom = SearchService.DefaultParallelFrom, int parts = 0)
{
    /// <summary>
    /// Below this size one thread is fast enough (a read of 20k hits or a filter over 20k candidates take a few ms)
    /// that a second connection or thread would cost about what it saves.
    /// </summary>
    public const int DefaultParallelFrom = 20_000;

    /// <summary>How many values a person, topic or outlet facet lists (by count; selected values are always listed).</summary>
    public const int MaxFacetValues = 50;

    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly Lock _hitsLock = new();
    private readonly LinkedList<Hits> _recentHits = new();
    private SearchSnapshot? _snapshot;
    private int _ftsReads;
    private int _managedRankReads;
    private int _slicedReads;
    private int _pageReads;
    private int _facetsBeside;

    /// <summary>The snapshot readers are given now (tests follow its lifetime).</summary>
    internal object? CurrentSnapshot => _snapshot;

    /// <summary>Called on a reload just before the new snapshot is built (tests check what is held then).</summary>
    internal Action? BeforeSnapshotLoad { get; set; }

    /// <summary>FTS5 reads of hits so far (tests check that paging reuses them).</summary>
    internal int FtsReads => Volatile.Read(ref _ftsReads);

    /// <summary>Ranked reads scored by <see cref="Bm25Ranker"/> rather than SQL's bm25 (tests check it is used).</summary>
    internal int ManagedRankReads => Volatile.Read(ref _managedRankReads);

    /// <summary>FTS5 reads split into rowid slices read at the same time (tests check that large archives are).</summary>
    internal int SlicedReads => Volatile.Read(ref _slicedReads);

    /// <summary>Ranked reads answered from the index's pages (<c>Bm25Ranker.TryRankFromPages</c>), for tests.</summary>
    internal int PageReads => Volatile.Read(ref _pageReads);

    /// <summary>How many searches counted their facets beside the page (see <see cref="FacetsBesideFrom"/>).</summary>
    internal int FacetsBeside => Volatile.Read(ref _facetsBeside);

    /// <summary>
    /// The hits of one MATCH expression in one snapshot, with their scores when ranked; never mutated. The scores
    /// (one double per article of the archive: 800 KB at 100k, on the large object heap) are rented from
    /// <see cref="_scores"/> and given back when the last holder lets go: the search that read them, each search that
    /// took them from the cache (until it has ordered its result), and the cache itself (until it drops them).
    /// </summary>
    private sealed class Hits(long version, string match, List<int> docs, double[]? rank, ScorePool? pool)
    {
        private int _holders = 1; // the search that read them

        public long Version => version;

        public string Match => match;

        public List<int> Docs => docs;

        /// <summary>Score by article index; only the entries of <see cref="Docs"/> are written (the rest are stale).</summary>
        public double[]? Rank => rank;

        /// <summary>
        /// The facets of these hits with no filter set, once counted: the same for every view of the query (its next
        /// page, the other sort), and most of a cached query's cost at 100k articles.
        /// </summary>
        public Facets? Unfiltered { get; set; }

        /// <summary>One more holder. Only under the cache's lock, while the cache holds them (so never after the last let go).</summary>
        public void Hold() => Interlocked.Increment(ref _holders);

        public void LetGo()
        {
            if (Interlocked.Decrement(ref _holders) == 0 && rank is not null)
            {
                pool?.Return(rank);
            }
        }
    }

    /// <summary>
    /// A few score arrays kept for the next searches: a ranked search read an 800 KB array per query at 100k, which
    /// at tens of searches a second filled the server's bounded heap with garbage on the large object heap, which
    /// only a full collection frees (requests failed out of memory, docs/history/performance-rounds.md). An array is not cleared:
    /// a search writes the score of each of its hits and reads no other entry.
    /// </summary>
    private sealed class ScorePool
    {
        // One per core at work, and one held between searches.
        private const int Kept = 3;
        private readonly Stack<double[]> _free = new();

        public double[] Rent(int length)
        {
            lock (_free)
            {
                while (_free.TryPop(out var array))
                {
                    if (array.Length >= length)
                    {
                        return array;
                    }
                }
            }

            return GC.AllocateUninitializedArray<double>(length);
        }

        public void Return(double[] array)
        {
            lock (_free)
            {
                if (_free.Count < Kept)
                {
                    _free.Push(array);
                }
            }
        }
    }

    private readonly ScorePool _scores = new();

    public async Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pageSize = Math.Clamp(request.PageSize, 1, SearchRequest.MaxPageSize);
        var page = Math.Max(1, request.Page);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var skip = (long)(page - 1) * pageSize;
        var run = await RunAsync(db, request, skip + pageSize, ct);
        var pageDocs = skip >= run.Docs.Count ? [] : run.Docs.Skip((int)skip).Take(pageSize).ToList();
        var items = Summaries(db, run.Snapshot, pageDocs, run.Query, ct);
        var reading = Reading(run.Query, run.Snapshot);
        return new SearchResponse(run.Total, page, pageSize, items, await run.Facets)
        {
            Query = reading,
            Message = run.Query.IsJunk && !string.IsNullOrWhiteSpace(request.Q) ? JunkMessage : null,
        };
    }

    /// <summary>The message of a query that holds nothing to search for (its answer is empty, not the whole archive).</summary>
    public const string JunkMessage = "The query holds nothing to search for (only brackets, quotes or operators): nothing was searched.";

    /// <summary>The read-back of a parsed (and person-expanded) query, people named from the snapshot.</summary>
    internal static QueryReading Reading(ParsedQuery query, SearchSnapshot snap)
    {
        var terms = new List<string>();
        var exact = new List<string>();
        var people = new List<string>();
        foreach (var t in query.Groups.SelectMany(g => g.Alternatives))
        {
            var words = string.Join(' ', t.Normalized);
            var shown = t.Near is { } n ? $"\"{words}\"~{n}" : t.Prefix ? words + "*" : words;
            shown = t.TitleOnly ? "title:" + shown : shown;
            (t.Exact || t.Near is not null ? exact : terms).Add(shown);
            people.AddRange(t.Persons);
        }

        people.AddRange(query.PersonFilters);
        var named = people.Distinct(StringComparer.Ordinal)
            .Select(slug => snap.PersonIndex.TryGetValue(slug, out var i)
                ? new NamedRef(slug, snap.People[i].NameAr, snap.People[i].NameEn)
                : new NamedRef(slug, slug, slug))
            .ToList();
        var outlets = query.OutletFilters
            .Select(slug => snap.OutletIndex.TryGetValue(slug, out var o)
                ? new NamedRef(slug, snap.OutletMeta[o].NameAr, snap.OutletMeta[o].NameEn)
                : new NamedRef(slug, slug, slug))
            .ToList();
        var excluded = query.Exclusions.Select(t => string.Join(' ', t.Normalized)).ToList();
        return new QueryReading(terms, exact, named, query.Ignored) { Excluded = excluded, Outlets = outlets };
    }

    /// <summary>Every match of the request, in its sort order, with snippets, as one list (see <see cref="OpenExportAsync"/> to stream).</summary>
    public async Task<IReadOnlyList<ArticleSummary>> ExportAsync(SearchRequest request, CancellationToken ct = default)
    {
        await using var export = await OpenExportAsync(request, snippets: true, ct: ct);
        var result = new List<ArticleSummary>(export.Total);
        foreach (var batch in export.Batches(ct))
        {
            result.AddRange(batch);
        }

        return result;
    }

    /// <summary>How many rows an export reads from the store at a time (<see cref="OpenExportAsync"/>).</summary>
    public const int ExportBatchSize = 500;

    /// <summary>
    /// Every match of the request, in its sort order, for CSV/JSON export: the matches are found at once (a list of
    /// document numbers, 4 bytes each), their rows read from the store <paramref name="batchSize"/> at a time as the
    /// caller enumerates <see cref="ArticleExport.Batches"/>, so a writer that sends each batch before asking for
    /// the next holds one batch, whatever the result's size (an 11k-row export had built every row and its JSON).
    /// </summary>
    /// <param name="request">The query and filters; page and page size are ignored.</param>
    /// <param name="snippets">Whether rows carry their snippet (the export files don't show it: reading and cutting
    /// each article's text was most of an export's time).</param>
    /// <param name="batchSize">Rows per read of the store.</param>
    /// <param name="ct">Cancels the search.</param>
    public async Task<ArticleExport> OpenExportAsync(SearchRequest request, bool snippets = false, int batchSize = ExportBatchSize, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var db = await dbFactory.CreateDbContextAsync(ct);
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            var run = await RunAsync(db, request, null, ct);
            return new ArticleExport(db, run.Snapshot, run.Docs, snippets ? run.Query : null, batchSize);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>The summaries of the documents without snippets: the article rows' title and dates only (no text).</summary>
    internal static List<ArticleSummary> Rows(ArchiveDbContext db, SearchSnapshot snap, List<int> docs, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = "SELECT Id, Title, Published, DatePrecision FROM Articles WHERE Id IN ("
            + string.Join(',', docs.Select((_, i) => $"$a{i}")) + ")";
        for (var i = 0; i < docs.Count; i++)
        {
            AddParameter(cmd, $"$a{i}", snap.Ids[docs[i]]);
        }

        var rows = new Dictionary<string, (string Title, DateOnly? Published, DatePrecision Precision)>(docs.Count, StringComparer.Ordinal);
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                DateOnly? published = reader.IsDBNull(2)
                    ? null
                    : DateOnly.ParseExact(reader.GetString(2), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                rows[reader.GetString(0)] = (reader.GetString(1), published, (DatePrecision)reader.GetInt32(3));
            }
        }

        var result = new List<ArticleSummary>(docs.Count);
        foreach (var d in docs)
        {
            if (rows.TryGetValue(snap.Ids[d], out var a))
            {
                result.Add(Summary(snap, d, a.Title, a.Published, a.Precision, ""));
            }
        }

        return result;
    }

    /// <summary>The whole article as the API serves it (<c>/api/articles/{id}</c>): the same read as the page's.</summary>
    public async Task<ArticleDetail?> GetArticleAsync(string id, CancellationToken ct = default) =>
        (await ReadArticleAsync(id, part: null, ct))?.Article;

    /// <summary>
    /// Everything the article page shows, read in one context with one query per kind of row: its facts, one part's
    /// paragraphs and marks (<see cref="ArticleParts"/>; a short article is one part), why each topic, the quotes,
    /// and the headings of its story partners and similar articles. <see cref="ArticleView.Article"/>'s
    /// <c>SourceText</c> is the part's text only (offsets stay those of the whole source: subtract
    /// <see cref="ArticlePart.Start"/>), and its <c>BodyMarkdown</c> is empty (the page renders paragraphs).
    /// </summary>
    public Task<ArticleView?> GetArticleViewAsync(string id, int part, CancellationToken ct = default) =>
        ReadArticleAsync(id, Math.Max(0, part), ct);

    /// <summary>Story partners and similar articles the page lists (the API lists them all).</summary>
    public const int PageRelated = 8;

    /// <summary>
    /// The tag (EF's <c>TagWith</c>, a SQL comment) on the article row's query, once per read of an article: tests count
    /// reads by it.
    /// </summary>
    public const string ArticleReadTag = "article read";

    /// <inheritdoc cref="PageRelated"/>
    public const int PageSimilar = 5;

    private async Task<ArticleView?> ReadArticleAsync(string id, int? part, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var snap = await GetSnapshotAsync(db, ct);
        if (!snap.ArticleIndex.TryGetValue(id, out var doc))
        {
            return null;
        }

        var a = await ArticleQueries.Article(db, id);
        if (a is null)
        {
            return null;
        }

        var starts = ArticleParts.Split(a.SourceText);
        var index = Math.Min(part ?? 0, starts.Count - 1);
        var (from, to) = part is null
            ? (0, a.SourceText.Length)
            : (starts[index].Start, index + 1 < starts.Count ? starts[index + 1].Start : a.SourceText.Length);
        var window = new ArticlePart(index, from, to, starts[index].FirstLine, [.. starts.Select(s => s.Start)]);

        var dates = await ArticleQueries.ListAsync(ArticleQueries.Dates(db, id), ct);
        // The whole article's paragraphs for the API (its Markdown body and lead come from them); a part's for the page.
        var paragraphs = part is null ? a.Paragraphs : a.Paragraphs.Where(p => p.SourceEnd > from && p.SourceStart < to).ToList();
        ArticleText.Fill(a.SourceText, paragraphs);
        var mentions = part is null
            ? await ArticleQueries.ListAsync(ArticleQueries.Mentions(db, id, int.MinValue, int.MaxValue), ct)
            : await ArticleQueries.ListAsync(ArticleQueries.Mentions(db, id, from, to), ct);
        var related = await ArticleQueries.ListAsync(ArticleQueries.Related(db, id), ct);
        // Relations hold each article's closest few; the rest of its story comes from StoryId, after the story
        // partners that are also among the closest and before the merely similar articles. A story can hold
        // thousands of articles: the page asks for no more than it lists.
        var partners = a.StoryId is not { } story
            ? []
            : await ArticleQueries.ListAsync(ArticleQueries.Partners(db, story, id, part is null ? int.MaxValue : PageRelated + related.Count), ct);
        var listed = related.Select(r => r.RelatedId).ToHashSet(StringComparer.Ordinal);
        // "related" is the story (the same event); articles that are merely alike come apart as "similar".
        List<string> relatedIds =
        [
            .. related.Where(r => r.SameStory).Select(r => r.RelatedId),
            .. partners.Where(p => !listed.Contains(p)),
        ];
        List<string> similarIds = [.. related.Where(r => !r.SameStory).Select(r => r.RelatedId)];

        string lead;
        if (part is null)
        {
            var bodySpans = SearchIndex.BodySpans(a.SourceText, a.TitleStart, paragraphs);
            lead = SnippetBuilder.Lead(a.SourceText, bodySpans, SearchIndex.LeadSpan(bodySpans, paragraphs));
        }
        else
        {
            lead = "";
        }

        var s = Summary(snap, doc, a.Title, a.Published, a.DatePrecision, lead);
        var detail = new ArticleDetail
        {
            Id = s.Id,
            Title = s.Title,
            Outlet = s.Outlet,
            Published = s.Published,
            DatePrecision = s.DatePrecision,
            PublishedRange = s.PublishedRange,
            Persons = s.Persons,
            Topics = s.Topics,
            Snippet = s.Snippet,
            SourceFile = a.SourceFile,
            Sha256 = a.Sha256,
            SourceText = part is null ? a.SourceText : a.SourceText[from..to],
            BodyMarkdown = part is null ? ArticleText.BodyMarkdown(paragraphs) : "",
            DateEvidence = dates.Select(e => new DateEvidenceDto(e.Text, e.Start, e.End, e.Meaning, e.MeaningAr)).ToList(),
            Mentions = mentions.Select(m => new MentionDto(m.PersonSlug, m.Start, m.End, m.Text)).ToList(),
            Related = relatedIds,
            Similar = similarIds,
        };
        if (part is null)
        {
            // The API's answer: the page's extras are not read.
            return new ArticleView(detail, new ArticleExtras([], [], [], null, null, a.Url, a.Revision, a.DateSource), [], [], window);
        }

        // With their evidence, decoded here and read from the tables, not the view (TopicEvidenceBlob.ReadAsync).
        var topics = await Topics.TopicEvidenceBlob.ReadAsync(db, id, ct);
        // A quote's text is the source's between its offsets (stored as offsets only: migration LeanFacts).
        var quotes = (await ArticleQueries.ListAsync(ArticleQueries.Quotes(db, id, from, to), ct))
            .Select(q => new QuoteView(q.PersonSlug, q.Start, q.End, ArticleText.Slice(a.SourceText, q.Start, q.End), q.CueStart, q.CueEnd)).ToList();
        string[] shown = [.. relatedIds.Take(PageRelated).Concat(similarIds.Take(PageSimilar))];
        var headings = shown.Length == 0 ? [] : await ArticleQueries.ListAsync(ArticleQueries.Headings(db, shown), ct);
        var byId = headings.ToDictionary(h => h.Id, StringComparer.Ordinal);
        var extras = new ArticleExtras(
            [.. paragraphs.Select(p => new ParagraphView(p.Ordinal, p.Kind, p.Reason, p.SourceStart, p.SourceEnd, p.FirstLine, p.LastLine, p.Text))],
            [.. topics.Select(t => new TopicReason(t.Slug, t.NameAr, t.NameEn, t.Score,
                [.. t.Evidence.OrderBy(e => e.Start).Select(e => new EvidenceView(e.Start, e.End, e.Text, e.Weight))]))],
            quotes,
            a.StoryId is { } storyId ? new StoryView(storyId, "", [.. relatedIds.Take(PageRelated)]) : null,
            a.OutletEvidence is { } oe && a.OutletEvidenceStart is { } os && a.OutletEvidenceEnd is { } oend ? new EvidenceView(os, oend, oe, 1) : null,
            a.Url,
            a.Revision,
            a.DateSource);
        return new ArticleView(detail, extras,
            [.. relatedIds.Take(PageRelated).Where(byId.ContainsKey).Select(i => byId[i])],
            [.. similarIds.Take(PageSimilar).Where(byId.ContainsKey).Select(i => byId[i])],
            window);
    }

    /// <summary>Every listed person (see <see cref="FindPeopleAsync(string?, int, int, bool, CancellationToken)"/>), most articles first.</summary>
    public async Task<IReadOnlyList<PersonDto>> GetPeopleAsync(CancellationToken ct = default) =>
        (await FindPeopleAsync(null, 1, int.MaxValue, ct)).Items;

    /// <summary>Every listed person matching <paramref name="q"/>, a page of them (<see cref="FindPeopleAsync(string?, int, int, bool, CancellationToken)"/> without its filter).</summary>
    public async Task<PeoplePage> FindPeopleAsync(string? q, int page, int pageSize, CancellationToken ct = default) =>
        await FindPeopleAsync(q, page, pageSize, guessedOnly: false, ct);

    /// <summary>
    /// A page of the people the archive lists, most articles first: curated and confirmed people, and discovered
    /// ones with an article and a confidence of at least <see cref="Person.ListedConfidence"/>. <paramref name="q"/>
    /// keeps those with a spelling (Arabic, normalised, or Latin, any case) that contains it or that names the
    /// same person by its name key (اوباما، Obama, Jubeir). A Latin query matches by whole words instead
    /// (<see cref="LatinMatch"/>): "Xi" finds Xi Jinping, not Xiaomi or Alexis. With <paramref name="guessedOnly"/>,
    /// only those whose English name the archive spelled out itself (<see cref="PersonDto.NameEnTransliterated"/>):
    /// the names a curator has to check.
    /// </summary>
    public async Task<PeoplePage> FindPeopleAsync(string? q, int page, int pageSize, bool guessedOnly, CancellationToken ct = default)
    {
        var snap = await SnapshotAsync(ct);
        // In the order shown already: a filter keeps it.
        IEnumerable<int> listed = snap.ListedPeople;
        if (guessedOnly)
        {
            listed = listed.Where(i => snap.People[i].NameEnTransliterated);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var needle = ArabicNormalizer.Normalize(q.Trim());
            var words = ArabicTokenizer.Tokenize(q).Select(t => t.Normalized).ToList();
            var named = words.Count == 0 ? [] : PersonsNamed(words, snap).ToHashSet(StringComparer.Ordinal);
            var latin = needle.Any(char.IsAsciiLetter) ? needle.Split(s_latinSeparators, StringSplitOptions.RemoveEmptyEntries) : null;
            listed = listed.Where(i => named.Contains(snap.People[i].Slug)
                || Spellings(snap.People[i]).Any(s => latin is null
                    ? ArabicNormalizer.Normalize(s).Contains(needle, StringComparison.Ordinal)
                    : LatinMatch(latin, ArabicNormalizer.Normalize(s))));
        }

        var all = listed as int[] ?? [.. listed];
        var size = Math.Max(1, pageSize);
        var items = all.Skip((int)Math.Min(int.MaxValue, (long)(Math.Max(1, page) - 1) * size)).Take(size)
            .Select(i => snap.People[i] is var p ? new PersonDto(p.Slug, p.NameAr, p.NameEn, p.Role, p.Status, p.Aliases, snap.PersonArticleCount[i], p.NameEnTransliterated) : null!)
            .ToList();
        return new PeoplePage(all.Length, Math.Max(1, page), size, items);
    }

    private static IEnumerable<string> Spellings(SearchSnapshot.Meta p) => p.Aliases.Append(p.NameAr).Append(p.NameEn);

    private static readonly char[] s_latinSeparators = [' ', '-', '\'', '.', ','];

    /// <summary>
    /// True when every word of a Latin query is a word of <paramref name="spelling"/> (normalised), or, from three
    /// letters on, the start of one: "jub" finds Jubeir and "al-naimi" Ali Al-Naimi, but "xi" only a name with the word
    /// Xi (a two-letter start of a word, Xiaomi, XIV, matched too much) and no word is matched from its middle.
    /// </summary>
    internal static bool LatinMatch(IReadOnlyList<string> words, string spelling)
    {
        var tokens = spelling.Split(s_latinSeparators, StringSplitOptions.RemoveEmptyEntries);
        return words.All(w => tokens.Any(t => w.Length >= 3 ? t.StartsWith(w, StringComparison.Ordinal) : t == w));
    }

    /// <summary>A person, their newest <see cref="PersonDetail.MaxArticles"/> articles and who is mentioned with them.</summary>
    public Task<PersonDetail?> GetPersonAsync(string slug, CancellationToken ct = default) =>
        GetPersonAsync(slug, PersonDetail.MaxArticles, ct);

    /// <summary>
    /// A person, their newest <paramref name="articles"/> articles (at most <see cref="PersonDetail.MaxArticles"/>) and
    /// who is mentioned with them: the person page lists 20, and each listed article costs its text's read and lead.
    /// </summary>
    public async Task<PersonDetail?> GetPersonAsync(string slug, int articles, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(slug);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var snap = await GetSnapshotAsync(db, ct);
        // A rejected person is gone from pages and the API as from the lists.
        if (!snap.PersonIndex.TryGetValue(slug, out var p) || snap.People[p].Status == "rejected")
        {
            return null;
        }

        // PersonDocs lists the person's articles newest first, which is the order shown.
        var docs = snap.PersonDocs[p];
        // Counted in a pooled array, and only the people met become records: a much-mentioned person's page made one
        // per person of the archive (~30,000 at 100k articles) per view.
        var co = System.Buffers.ArrayPool<int>.Shared.Rent(snap.People.Length);
        List<CoMention> met = [];
        try
        {
            Array.Clear(co, 0, snap.People.Length);
            var seen = new List<int>();
            foreach (var d in docs)
            {
                foreach (var other in snap.Persons[d])
                {
                    if (co[other]++ == 0 && other != p)
                    {
                        seen.Add(other);
                    }
                }
            }

            met = [.. seen.Select(i => new CoMention(snap.People[i].Slug, co[i]))];
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(co);
        }

        var listed = Summaries(db, snap, docs.Take(Math.Clamp(articles, 0, PersonDetail.MaxArticles)).ToList(), ParsedQuery.Empty, ct);
        var coMentioned = met
            .OrderByDescending(c => c.Count).ThenBy(c => c.Slug, StringComparer.Ordinal).ToList();
        var meta = snap.People[p];
        return new PersonDetail(meta.Slug, meta.NameAr, meta.NameEn, meta.Role, meta.Status, meta.Aliases, snap.PersonArticleCount[p], listed, coMentioned, meta.NameEnTransliterated);
    }

    public async Task<IReadOnlyList<TopicDto>> GetTopicsAsync(CancellationToken ct = default)
    {
        var snap = await SnapshotAsync(ct);
        return snap.TopicMeta.Select((t, i) => new TopicDto(t.Slug, t.NameAr, t.NameEn, snap.TopicArticleCount[i], snap.TopicInfo[i].Kind, snap.TopicInfo[i].Iptc, snap.TopicInfo[i].Parent))
            .OrderByDescending(t => t.ArticleCount).ThenBy(t => t.Slug, StringComparer.Ordinal).ToList();
    }

    /// <summary>"relevance" or "date" for a request (null and unknown values take the default).</summary>
    public static string EffectiveSort(SearchRequest request, ParsedQuery query)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(query);
        var hasText = query.Groups.Count > 0;
        return request.Sort switch
        {
            "date" => "date",
            "relevance" when hasText => "relevance",
            null when hasText => "relevance",
            _ => "date",
        };
    }

    /// <param name="Docs">The result in its sort order: all of it, or its first <c>take</c> documents when asked.</param>
    /// <param name="Facets">Done already, or still being counted beside the page's snippets (see Execute).</param>
    private sealed record Run(SearchSnapshot Snapshot, int Total, List<int> Docs, Task<Facets> Facets, ParsedQuery Query);

    /// <summary>
    /// From this many hits of a text query without filters (a quarter of <c>parallelFrom</c>: 5,000 by default) the
    /// facets are counted on another thread while the page is ordered, read and cut into snippets: at 100k articles
    /// a common phrase's 43k hits took ~2.3 ms to count and the page's read ~1.5 ms, one after the other on one core
    /// while the other waited. Below it a thread costs more than it saves.
    /// </summary>
    private int FacetsBesideFrom => parallelFrom / 4;

    /// <param name="take">How many of the best documents the caller reads (null: all, in order).</param>
    private async Task<Run> RunAsync(ArchiveDbContext db, SearchRequest r, long? take, CancellationToken ct)
    {
        var snap = await GetSnapshotAsync(db, ct);
        return Execute(db.Database.GetDbConnection(), snap, r, take);
    }

    // Synchronous on purpose: Microsoft.Data.Sqlite does its I/O synchronously under the async API, and an
    // IAsyncEnumerable per hit cost more than the read itself on queries with 100k hits.
    private Run Execute(DbConnection connection, SearchSnapshot snap, SearchRequest r, long? take)
    {
        var query = ExpandPeople(QueryParser.Parse(r.Q), snap);
        var relevance = EffectiveSort(r, query) == "relevance";
        Hits? textHits = null;
        try
        {
            return Execute(connection, snap, r, take, query, relevance, ref textHits);
        }
        finally
        {
            // The scores are read only while the result is ordered (the facets counted beside need the hits alone).
            textHits?.LetGo();
        }
    }

    /// <param name="textHits">The text query's hits once read or found in the cache, held for the caller to let go.</param>
    private Run Execute(DbConnection connection, SearchSnapshot snap, SearchRequest r, long? take, ParsedQuery query, bool relevance, ref Hits? textHits)
    {
        var n = snap.Count;
        // hit: membership for exclusion-only queries; hitDocs: the candidates when the text query narrows them.
        bool[]? hit = null;
        List<int>? hitDocs = null;
        double[]? rank = null;
        if (query.ToFts() is { } match)
        {
            textHits = RecentHits(snap.Version, match, relevance);
            if (textHits is null)
            {
                Interlocked.Increment(ref _ftsReads);
                var docsOf = new List<int>();
                double[]? scores = relevance ? _scores.Rent(n) : null;
                textHits = new Hits(snap.Version, match, docsOf, scores, _scores);
                if (scores is not null)
                {
                    ReadRanked(connection, snap, match, query, docsOf, scores);
                }
                else if (!TryReadPrefixHits(connection, snap, query, docsOf))
                {
                    ReadHits(connection, snap, match, docsOf);
                }

                RememberHits(textHits);
            }

            hitDocs = textHits.Docs;
            rank = relevance ? textHits.Rank : null;
        }
        else if (query.ExclusionsToFts() is { } excluded)
        {
            // Only exclusions: everything except what they match (FTS5 has no unary NOT).
            var matched = new List<int>();
            ReadHits(connection, snap, excluded, matched);
            hit = new bool[n];
            Array.Fill(hit, true);
            foreach (var d in matched)
            {
                hit[d] = false;
            }
        }

        // person: and outlet: in the query act as the filters of the same name (all must hold).
        var persons = r.Persons.Concat(query.PersonFilters).Distinct().Select(s => snap.PersonIndex.GetValueOrDefault(s, -1)).ToArray();
        var topics = r.Topics.Distinct().Select(s => snap.TopicIndex.GetValueOrDefault(s, -1)).ToArray();
        var outletSlugs = query.OutletFilters.Concat(r.Outlet is null ? [] : [r.Outlet]).Distinct(StringComparer.Ordinal).ToList();
        // A query of junk alone answers nothing rather than the whole archive (the response carries a message).
        var impossible = persons.Contains(-1) || topics.Contains(-1) || outletSlugs.Count > 1 || (query.IsJunk && !string.IsNullOrWhiteSpace(r.Q));
        var outlet = outletSlugs.Count == 0 ? -1 : snap.OutletIndex.GetValueOrDefault(outletSlugs[0], -2);
        var agency = r.Agency is null ? -1 : snap.OutletIndex.GetValueOrDefault(r.Agency, -2);
        var from = r.From?.DayNumber ?? int.MinValue;
        var to = r.To?.DayNumber ?? int.MaxValue;
        var ranged = r.From is not null || r.To is not null;

        Task<Facets>? counting = null;
        // The result's documents when every candidate passes (nothing to filter), else the documents that pass.
        int[]? allOf = null;
        var docs = new List<int>();
        if (!impossible)
        {
            // The candidates: the text query's hits, else the shortest list of a selected person or topic, else all.
            // The last two are in date order, so a date-sorted result needs no sort.
            var fromArray = hitDocs is null ? Shortest(snap, persons, topics) ?? snap.DateOrder : null;
            ReadOnlySpan<int> candidates = hitDocs is not null ? System.Runtime.InteropServices.CollectionsMarshal.AsSpan(hitDocs) : fromArray;
            var filter = new Filter(hit, persons, topics, outlet, ranged, from, to) { Agency = agency };
            var pieces = candidates.Length >= parallelFrom ? Cores : 1;
            var unfiltered = hit is null && outlet == -1 && agency == -1 && !ranged;
            // One person or topic alone (a topic page, a person's link): its own documents are the candidates, all in.
            var alone = unfiltered && hitDocs is null && persons.Length + topics.Length == 1;
            if (alone || (unfiltered && persons.Length == 0 && topics.Length == 0))
            {
                // Nothing to filter (a plain text query, or none, or one person or topic alone): every candidate is
                // in, and the loop below would spend most of its time on checks that cannot fail (about half of it
                // at 100k hits). The hits or the date order themselves (never mutated; a copy of 100k ints is garbage
                // per view).
                if (hitDocs is not null)
                {
                    docs = hitDocs;
                }
                else
                {
                    allOf = fromArray;
                }

                var key = hitDocs is null ? (snap.Version, persons.FirstOrDefault(-1), topics.FirstOrDefault(-1)) : ((long, int, int)?)null;
                if ((textHits?.Unfiltered ?? KnownFacets(key)) is { } known)
                {
                    counting = Task.FromResult(known);
                }
                else if (candidates.Length >= FacetsBesideFrom && Environment.ProcessorCount > 1)
                {
                    Interlocked.Increment(ref _facetsBeside);
                    // The counts need only the hits, which nothing mutates; the page needs only the order below.
                    var counted = docs;
                    var memo = textHits;
                    var all = allOf;
                    counting = Task.Run(() =>
                    {
                        ReadOnlySpan<int> set = all is not null ? all : System.Runtime.InteropServices.CollectionsMarshal.AsSpan(counted);
                        var tally = FacetTally.Rent(snap);
                        CountFacets(snap, set, tally);
                        return Remember(memo, key, MakeFacets(snap, tally, set, persons, topics, outlet, agency));
                    });
                }
                else
                {
                    var tally = FacetTally.Rent(snap);
                    CountFacets(snap, candidates, tally);
                    counting = Task.FromResult(Remember(textHits, key, MakeFacets(snap, tally, candidates, persons, topics, outlet, agency)));
                }
            }
            else if (pieces == 1)
            {
                var tally = FacetTally.Rent(snap);
                filter.Apply(snap, candidates, docs, tally);
                counting = Task.FromResult(MakeFacets(snap, tally, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(docs), persons, topics, outlet, agency));
            }
            else
            {
                // A long list (a person in most of 100k articles) is filtered in contiguous parts, one per core, at
                // the same time; the parts' documents are joined in order and their counts added.
                var length = candidates.Length;
                var tallies = new (List<int> Docs, FacetTally Counts)[pieces];
                try
                {
                    Parallel.For(0, pieces, new ParallelOptions { MaxDegreeOfParallelism = pieces }, k =>
                    {
                        ReadOnlySpan<int> all = hitDocs is not null ? System.Runtime.InteropServices.CollectionsMarshal.AsSpan(hitDocs) : fromArray;
                        var tally = (Docs: k == 0 ? docs : [], Counts: FacetTally.Rent(snap));
                        tallies[k] = tally;
                        var part = all[(int)((long)length * k / pieces)..(int)((long)length * (k + 1) / pieces)];
                        filter.Apply(snap, part, tally.Docs, tally.Counts);
                    });

                    for (var k = 1; k < pieces; k++)
                    {
                        docs.AddRange(tallies[k].Docs);
                        tallies[0].Counts.Add(tallies[k].Counts);
                    }
                }
                finally
                {
                    for (var k = 1; k < pieces; k++)
                    {
                        tallies[k].Counts?.Dispose();
                    }
                }

                counting = Task.FromResult(MakeFacets(snap, tallies[0].Counts, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(docs), persons, topics, outlet, agency));
            }
        }

        var total = allOf?.Length ?? docs.Count;
        var wanted = take is { } t0 ? (int)Math.Min(t0, total) : total;
        List<int> ordered;
        if (allOf is not null)
        {
            ordered = [.. allOf.AsSpan(0, wanted)];
        }
        else if (hitDocs is null)
        {
            // In date order already (see the candidates), and without a text query the sort is by date.
            ordered = wanted == total ? docs : docs.GetRange(0, wanted);
        }
        else
        {
            ordered = ResultOrder.Best(docs, rank, snap.DatePos, wanted);
        }

        counting ??= Task.FromResult(MakeFacets(snap, FacetTally.Rent(snap), [], persons, topics, outlet, agency));
        return new Run(snap, total, ordered, counting, query);
    }

    /// <summary>
    /// Keeps the facets of unfiltered hits with them (see <see cref="Hits.Unfiltered"/>), and those of the whole archive
    /// or of one person or topic alone by snapshot version (see <see cref="KnownFacets"/>).
    /// </summary>
    private Facets Remember(Hits? hits, (long Version, int Person, int Topic)? key, Facets facets)
    {
        hits?.Unfiltered = facets;
        if (key is { } k && hitCacheSize > 0)
        {
            lock (_selectionFacets)
            {
                if (_selectionFacets.Count >= MaxSelectionFacets || _selectionFacets.Keys.Any(x => x.Version != k.Version))
                {
                    _selectionFacets.Clear();
                }

                _selectionFacets[k] = facets;
            }
        }

        return facets;
    }

    /// <summary>
    /// The facets of the whole archive, or of one person's or one topic's articles alone, in one snapshot: the same for
    /// every view of a topic page or a person's link, and at 100k articles most of such a view's time (a topic holds up
    /// to tens of thousands of articles, each counted again per view).
    /// </summary>
    private Facets? KnownFacets((long Version, int Person, int Topic)? key)
    {
        if (key is not { } k)
        {
            return null;
        }

        lock (_selectionFacets)
        {
            return _selectionFacets.GetValueOrDefault(k);
        }
    }

    /// <summary>Selections whose facets are kept at most (a crawler walking every person must not fill the memory).</summary>
    private const int MaxSelectionFacets = 256;

    private readonly Dictionary<(long Version, int Person, int Topic), Facets> _selectionFacets = [];

    /// <summary>The facets a tally counted, listed; the tally goes back to its pool.</summary>
    private static Facets MakeFacets(SearchSnapshot snap, FacetTally tally, ReadOnlySpan<int> docs, int[] persons, int[] topics, int outlet, int agency)
    {
        using (tally)
        {
            return new Facets(
                FacetValues(snap.People, tally.Persons, persons, snap.FacetPeople),
                FacetValues(snap.TopicMeta, tally.Topics, topics),
                FacetValues(snap.OutletMeta, tally.Outlets, outlet >= 0 ? [outlet] : []),
                [.. Enumerable.Range(0, snap.Months.Length).Where(i => tally.Months[i] > 0).Select(i => new MonthFacet(snap.Months[i], tally.Months[i]))])
            {
                Agencies = AgencyFacet(snap, docs, agency),
            };
        }
    }

    /// <summary>The agencies the result's articles credit, most first (the selected one always listed).</summary>
    private static List<FacetValue> AgencyFacet(SearchSnapshot snap, ReadOnlySpan<int> docs, int selected)
    {
        var counts = new int[snap.OutletMeta.Length];
        foreach (var d in docs)
        {
            if (snap.Agency[d] is var a and >= 0)
            {
                counts[a]++;
            }
        }

        return [.. Enumerable.Range(0, counts.Length)
            .Where(i => counts[i] > 0 || i == selected)
            .OrderByDescending(i => counts[i]).ThenBy(i => snap.OutletMeta[i].Slug, StringComparer.Ordinal)
            .Take(MaxFacetValues)
            .Select(i => new FacetValue(snap.OutletMeta[i].Slug, snap.OutletMeta[i].NameAr, snap.OutletMeta[i].NameEn, counts[i]))];
    }

    /// <summary>The request's filters over candidate documents, counting the facets of what passes.</summary>
    private sealed record Filter(bool[]? Hit, int[] Persons, int[] Topics, int Outlet, bool Ranged, int From, int To)
    {
        /// <summary>The selected agency, -1 for none (an unknown slug matches nothing).</summary>
        public int Agency { get; init; } = -1;

        public void Apply(SearchSnapshot snap, ReadOnlySpan<int> candidates, List<int> docs, FacetTally tally)
        {
            var (personCounts, topicCounts, outletCounts, monthCounts) = (tally.Persons, tally.Topics, tally.Outlets, tally.Months);
            foreach (var i in candidates)
            {
                if (Hit is not null && !Hit[i])
                {
                    continue;
                }

                var ps = snap.Persons[i];
                var ts = snap.Topics[i];
                if (!ContainsAll(ps, Persons) || !ContainsAll(ts, Topics) || (Agency != -1 && snap.Agency[i] != Agency))
                {
                    continue;
                }

                var o = snap.Outlet[i];
                var okOutlet = Outlet == -1 || o == Outlet;
                var okDate = !Ranged || (snap.PubStart[i] != SearchSnapshot.NoDate && snap.PubEnd[i] >= From && snap.PubStart[i] <= To);
                if (okOutlet && okDate)
                {
                    docs.Add(i);
                    foreach (var p in ps)
                    {
                        personCounts[p]++;
                    }

                    foreach (var t in ts)
                    {
                        topicCounts[t]++;
                    }
                }

                // Outlets and months are single-choice facets: their counts ignore their own selection so the
                // reader sees the alternatives (see docs/search.md).
                if (okDate && o >= 0)
                {
                    outletCounts[o]++;
                }

                if (okOutlet && snap.Month[i] >= 0)
                {
                    monthCounts[snap.Month[i]]++;
                }
            }
        }
    }

    private Hits? RecentHits(long version, string match, bool ranked)
    {
        lock (_hitsLock)
        {
            for (var node = _recentHits.First; node is not null; node = node.Next)
            {
                var h = node.Value;
                if (h.Version == version && h.Match == match && (h.Rank is not null || !ranked))
                {
                    _recentHits.Remove(node);
                    _recentHits.AddFirst(node);
                    h.Hold();
                    return h;
                }
            }
        }

        return null;
    }

    private void RememberHits(Hits hits)
    {
        if (hitCacheSize <= 0)
        {
            return;
        }

        lock (_hitsLock)
        {
            // Hits of an older snapshot can never be used again (doc indices are per snapshot).
            for (var node = _recentHits.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.Version != hits.Version)
                {
                    _recentHits.Remove(node);
                    node.Value.LetGo();
                }

                node = next;
            }

            hits.Hold();
            _recentHits.AddFirst(hits);
            while (_recentHits.Count > hitCacheSize)
            {
                var last = _recentHits.Last!.Value;
                _recentHits.RemoveLast();
                last.LetGo();
            }
        }
    }

    /// <summary>Facet counts of documents that pass every filter, when none is set (see the loop in Execute).</summary>
    private static void CountFacets(SearchSnapshot snap, ReadOnlySpan<int> docs, FacetTally tally)
    {
        var (personCounts, topicCounts, outletCounts, monthCounts) = (tally.Persons, tally.Topics, tally.Outlets, tally.Months);
        if (docs.Length <= snap.Count / 2)
        {
            AddCounts(snap, docs, personCounts, topicCounts, outletCounts, monthCounts, 1);
            return;
        }

        // Most of the archive (a common word): the whole archive's counts less those of the few documents left out.
        var marked = System.Buffers.ArrayPool<bool>.Shared.Rent(snap.Count);
        int[]? rest = null;
        try
        {
            Array.Clear(marked, 0, snap.Count);
            foreach (var d in docs)
            {
                marked[d] = true;
            }

            // Rented too: up to half the archive's numbers (200 KB at 100k) per search.
            rest = System.Buffers.ArrayPool<int>.Shared.Rent(Math.Max(1, snap.Count - docs.Length));
            var left = 0;
            for (var d = 0; d < snap.Count; d++)
            {
                if (!marked[d])
                {
                    rest[left++] = d;
                }
            }

            snap.PersonArticleCount.CopyTo(personCounts, 0);
            snap.TopicArticleCount.CopyTo(topicCounts, 0);
            snap.OutletArticleCount.CopyTo(outletCounts, 0);
            snap.MonthArticleCount.CopyTo(monthCounts, 0);
            AddCounts(snap, rest.AsSpan(0, left), personCounts, topicCounts, outletCounts, monthCounts, -1);
        }
        finally
        {
            System.Buffers.ArrayPool<bool>.Shared.Return(marked);
            if (rest is not null)
            {
                System.Buffers.ArrayPool<int>.Shared.Return(rest);
            }
        }
    }

    private static void AddCounts(SearchSnapshot snap, ReadOnlySpan<int> docs, int[] personCounts, int[] topicCounts, int[] outletCounts, int[] monthCounts, int sign)
    {
        var (personStart, personValues) = snap.Persons.Arrays;
        var (topicStart, topicValues) = snap.Topics.Arrays;
        var outlets = snap.Outlet;
        var months = snap.Month;
        foreach (var d in docs)
        {
            for (var k = personStart[d]; k < personStart[d + 1]; k++)
            {
                personCounts[personValues[k]] += sign;
            }

            for (var k = topicStart[d]; k < topicStart[d + 1]; k++)
            {
                topicCounts[topicValues[k]] += sign;
            }

            if (outlets[d] is var o and >= 0)
            {
                outletCounts[o] += sign;
            }

            if (months[d] is var m and >= 0)
            {
                monthCounts[m] += sign;
            }
        }
    }

    /// <summary>The documents of the selected person or topic with the fewest, or null (no selection: every document).</summary>
    private static int[]? Shortest(SearchSnapshot snap, int[] persons, int[] topics)
    {
        int[]? best = null;
        foreach (var p in persons)
        {
            var docs = snap.PersonDocs[p];
            if (best is null || docs.Length < best.Length)
            {
                best = docs;
            }
        }

        foreach (var t in topics)
        {
            var docs = snap.TopicDocs[t];
            if (best is null || docs.Length < best.Length)
            {
                best = docs;
            }
        }

        return best;
    }

    private static bool ContainsAll(ReadOnlySpan<int> have, int[] wanted)
    {
        foreach (var w in wanted)
        {
            if (have.BinarySearch(w) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The selected values and the most frequent others (<see cref="MaxFacetValues"/> in all), most first. The others
    /// are kept in a small heap whose root is the weakest kept: a word over most of 100k articles touches thousands of
    /// people, and sorting them all per view cost more than counting them.
    /// </summary>
    /// <param name="listed">The values that may be listed (those <see cref="SearchSnapshot.Meta.Listed"/>), in index order; null: read each one's record.</param>
    private static List<FacetValue> FacetValues(SearchSnapshot.Meta[] metas, int[] counts, int[] selected, int[]? listed = null)
    {
        var chosen = selected.Where(s => s >= 0 && s < metas.Length).Distinct().ToList();
        var slots = Math.Max(MaxFacetValues, chosen.Count) - chosen.Count;
        var weakestFirst = Comparer<int>.Create((x, y) => counts[x] != counts[y]
            ? counts[x].CompareTo(counts[y])
            : string.CompareOrdinal(metas[y].Slug, metas[x].Slug));
        var heap = new PriorityQueue<int, int>(slots + 1, weakestFirst);
        // The heap keeps the best by (count, slug), a total order: which values are read, and in what order, changes nothing.
        var candidates = listed ?? [.. Enumerable.Range(0, metas.Length).Where(i => metas[i].Listed)];
        foreach (var i in candidates)
        {
            if (counts[i] <= 0 || chosen.Contains(i) || slots == 0)
            {
                continue;
            }

            if (heap.Count < slots)
            {
                heap.Enqueue(i, i);
            }
            else if (counts[i] >= counts[heap.Peek()] && weakestFirst.Compare(i, heap.Peek()) > 0)
            {
                heap.DequeueEnqueue(i, i);
            }
        }

        while (heap.TryDequeue(out var i, out _))
        {
            chosen.Add(i);
        }

        return [.. chosen.Select(i => new FacetValue(metas[i].Slug, metas[i].NameAr, metas[i].NameEn, counts[i], metas[i].Status))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Slug, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The documents a MATCH expression finds, without scores, in rowid order. The rowids come back as one text value
    /// (group_concat): a row per hit through ADO.NET costs about twice as much at 100k hits. A large archive is read
    /// in rowid slices at the same time (see <see cref="SliceBounds"/>).
    /// </summary>
    private void ReadHits(DbConnection connection, SearchSnapshot snap, string match, List<int> docs)
    {
        if (SliceBounds(snap) is not { } bounds)
        {
            ReadHits(connection, snap, match, long.MinValue, long.MaxValue, docs);
            return;
        }

        using var extra = new ExtraConnections(dbFactory, bounds.Length - 1);
        var found = new List<int>[bounds.Length];
        // Opened here, one after the other: ExtraConnections is not for several threads at once.
        for (var i = 1; i < bounds.Length; i++)
        {
            extra.Open(i - 1);
        }

        Interlocked.Increment(ref _slicedReads);
        try
        {
            Parallel.For(0, bounds.Length, new ParallelOptions { MaxDegreeOfParallelism = bounds.Length }, i =>
            {
                found[i] = i == 0 ? docs : [];
                ReadHits(i == 0 ? connection : extra.Open(i - 1), snap, match, bounds[i].From, bounds[i].To, found[i]);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        for (var i = 1; i < found.Length; i++)
        {
            docs.AddRange(found[i]);
        }
    }

    /// <summary>
    /// The hits of an OR with a one-word prefix in it, read off the index's pages as a ranked read would be (the
    /// scores unused): the index has no prefix index of its own, and FTS5 would merge every term that starts with the
    /// prefix row by row. False, with nothing read, for any other query or when the reader says no.
    /// </summary>
    private bool TryReadPrefixHits(DbConnection connection, SearchSnapshot snap, ParsedQuery query, List<int> docs)
    {
        if (connection is not Microsoft.Data.Sqlite.SqliteConnection sqlite || query.PlainPhrases() is not { } phrases || !phrases.Any(p => p.Prefix))
        {
            return false;
        }

        var docByRowId = snap.DocByRowId;
        var start = docs.Count;
        void Hit(long rowId, double score)
        {
            var doc = rowId >= 0 && rowId < docByRowId.Length ? docByRowId[rowId] : -1;
            if (doc >= 0)
            {
                docs.Add(doc);
            }
        }

        // The reader calls nothing when it says no (the hits straight into docs, not through a list of their own).
        if (!Bm25Ranker.TryRankFromPages(sqlite, phrases, snap.Lengths, Hit, count => docs.EnsureCapacity(start + count)))
        {
            docs.RemoveRange(start, docs.Count - start);
            return false;
        }

        Interlocked.Increment(ref _pageReads);
        return true;
    }

    private static void ReadHits(DbConnection connection, SearchSnapshot snap, string match, long from, long to, List<int> docs)
    {
        using var cmd = MatchCommand(connection, $"SELECT group_concat(rowid) FROM {SearchIndexSchema.Table} WHERE {SearchIndexSchema.Table} MATCH $m AND rowid >= $from AND rowid <= $to", match);
        AddParameter(cmd, "$from", from);
        AddParameter(cmd, "$to", to);
        if (cmd.ExecuteScalar() is not string list)
        {
            return;
        }

        var span = list.AsSpan();
        while (span.Length > 0)
        {
            var comma = span.IndexOf(',');
            var item = comma < 0 ? span : span[..comma];
            span = comma < 0 ? [] : span[(comma + 1)..];
            var rowId = long.Parse(item, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture);
            var doc = rowId < snap.DocByRowId.Length ? snap.DocByRowId[rowId] : -1;
            if (doc >= 0)
            {
                docs.Add(doc);
            }
        }
    }

    /// <summary>How many slices or parts a large read or filter is split into.</summary>
    private int Cores => parts > 0 ? parts : Math.Min(Environment.ProcessorCount, 4);

    /// <summary>
    /// Rowid ranges that split the index into one slice per core, read at the same time on their own connections,
    /// or null when one read is cheap enough (a small archive, one core). A query matching most of 100k articles
    /// spends ~20 ms in FTS5's walk over its hits; with two cores, two half walks take about half that.
    /// </summary>
    private (long From, long To)[]? SliceBounds(SearchSnapshot snap)
    {
        var count = Cores;
        var rows = snap.DocByRowId.Length;
        if (count < 2 || snap.Count < parallelFrom || rows < count)
        {
            return null;
        }

        var bounds = new (long From, long To)[count];
        for (var i = 0; i < count; i++)
        {
            // The last slice is open-ended: rows indexed after the snapshot are read too, as one read would.
            bounds[i] = (i == 0 ? long.MinValue : (long)rows * i / count, i == count - 1 ? long.MaxValue : ((long)rows * (i + 1) / count) - 1);
        }

        return bounds;
    }

    /// <summary>Connections for the slices beyond the first, opened on demand from contexts of their own, closed together.</summary>
    private sealed class ExtraConnections(IDbContextFactory<ArchiveDbContext> factory, int count) : IDisposable
    {
        private readonly ArchiveDbContext?[] _contexts = new ArchiveDbContext?[count];

        public Microsoft.Data.Sqlite.SqliteConnection Open(int i)
        {
            if (_contexts[i] is not { } db)
            {
                db = factory.CreateDbContext();
                _contexts[i] = db;
                db.Database.OpenConnection();
            }

            return (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        }

        public void Dispose()
        {
            foreach (var db in _contexts)
            {
                db?.Dispose();
            }
        }
    }

    /// <summary>The documents a MATCH expression finds, with their bm25 score (title weighted, <see cref="SearchIndex.Bm25Weights"/>).</summary>
    private void ReadRanked(DbConnection connection, SearchSnapshot snap, string match, ParsedQuery query, List<int> docs, double[] rank)
    {
        var disjunction = query.IsDisjunction;
        if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite && Bm25Ranker.TryRegister(sqlite))
        {
            // The same scores as SQL's bm25 below without its per-hit document length lookup (see Bm25Ranker).
            Interlocked.Increment(ref _managedRankReads);
            var docByRowId = snap.DocByRowId;
            void Reserve(int count) => docs.EnsureCapacity(count);
            void Hit(long rowId, double score)
            {
                var doc = rowId >= 0 && rowId < docByRowId.Length ? docByRowId[rowId] : -1;
                if (doc >= 0)
                {
                    docs.Add(doc);
                    rank[doc] = score;
                }
            }

            // Words and phrases joined by OR (a name with its person tokens too): their postings read off the index's
            // pages, with no walk through FTS5 at all.
            if (query.PlainPhrases() is { } phrases && Bm25Ranker.TryRankFromPages(sqlite, phrases, snap.Lengths, Hit, Reserve))
            {
                Interlocked.Increment(ref _pageReads);
                return;
            }

            // "a b"~N alone: the tokens' postings read off the pages too, matched as FTS5's NEAR matches them.
            if (query.NearAlone() is { } near && Bm25Ranker.TryRankNearFromPages(sqlite, near.Tokens, near.Near, near.Column, snap.Lengths, Hit, Reserve))
            {
                Interlocked.Increment(ref _pageReads);
                return;
            }

            if (!disjunction || SliceBounds(snap) is not { } bounds)
            {
                Bm25Ranker.Rank(sqlite, match, snap.Lengths, disjunction, Hit, Reserve);
                return;
            }

            using var extra = new ExtraConnections(dbFactory, bounds.Length - 1);
            var slices = new Bm25Ranker.Slice[bounds.Length];
            for (var i = 0; i < slices.Length; i++)
            {
                var sliceConnection = i == 0 ? sqlite : extra.Open(i - 1);
                if (!Bm25Ranker.TryRegister(sliceConnection))
                {
                    Bm25Ranker.Rank(sqlite, match, snap.Lengths, disjunction, Hit, Reserve);
                    return;
                }

                slices[i] = new Bm25Ranker.Slice(sliceConnection, bounds[i].From, bounds[i].To);
            }

            Interlocked.Increment(ref _slicedReads);
            Bm25Ranker.Rank(slices, match, snap.Lengths, disjunction, Hit, Reserve);
            return;
        }

        using var cmd = MatchCommand(connection,
            $"SELECT rowid, bm25({SearchIndexSchema.Table}, {SearchIndex.Bm25Weights}) FROM {SearchIndexSchema.Table} WHERE {SearchIndexSchema.Table} MATCH $m", match);
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            var rowId = reader.GetInt64(0);
            var doc = rowId >= 0 && rowId < snap.DocByRowId.Length ? snap.DocByRowId[rowId] : -1;
            if (doc >= 0)
            {
                docs.Add(doc);
                rank[doc] = reader.GetDouble(1);
            }
        }
    }

    private static DbCommand MatchCommand(DbConnection connection, string sql, string match)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        AddParameter(cmd, "$m", match);
        return cmd;
    }

    private static void AddParameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    /// <summary>
    /// A typed name that matches a known spelling of a person (by <see cref="NameKey"/>) also finds that person's
    /// mentions in any spelling: the term gets the person's synthetic token as an alternative. Consecutive words
    /// that together form a name (شي جين بينج) become one phrase standing for that person.
    /// </summary>
    internal static ParsedQuery ExpandPeople(ParsedQuery query, SearchSnapshot snap)
    {
        if (query.IsEmpty || snap.AliasKeys.Length == 0)
        {
            return query;
        }

        var groups = new List<QueryGroup>();
        var g = query.Groups;
        var i = 0;
        while (i < g.Count)
        {
            var run = 0;
            while (i + run < g.Count && run < 5 && IsPlainWord(g[i + run]))
            {
                run++;
            }

            var merged = false;
            for (var len = run; len >= 2; len--)
            {
                var words = Enumerable.Range(i, len).Select(k => g[k].Alternatives[0].Normalized[0]).ToList();
                var persons = PersonsNamed(words, snap);
                if (persons.Count > 0)
                {
                    // A name: the people, and the words as typed (exact forms), never their stems.
                    var terms = Enumerable.Range(i, len).Select(k => g[k].Alternatives[0].Terms[0]).ToList();
                    var exact = Enumerable.Range(i, len).Select(k => g[k].Alternatives[0].ExactTerms[0]).ToList();
                    var raw = string.Join(' ', Enumerable.Range(i, len).Select(k => g[k].Alternatives[0].Raw));
                    groups.Add(new QueryGroup([new QueryTerm(terms, words, false) { Persons = persons, ExactTerms = exact, Exact = true, Raw = raw }]));
                    i += len;
                    merged = true;
                    break;
                }
            }

            if (!merged)
            {
                groups.Add(new QueryGroup(g[i].Alternatives.Select(a => WithPersons(a, snap)).ToList()));
                i++;
            }
        }

        return query with { Groups = groups, Exclusions = query.Exclusions.Select(a => WithPersons(a, snap)).ToList() };
    }

    private static bool IsPlainWord(QueryGroup group) =>
        group.Alternatives.Count == 1
        && group.Alternatives[0] is { Prefix: false, Near: null, TitleOnly: false, Terms.Count: 1, Normalized.Count: 1, ExactTerms.Count: 1 };

    private static QueryTerm WithPersons(QueryTerm term, SearchSnapshot snap)
    {
        if (term.Prefix || term.Near is not null || term.TitleOnly)
        {
            return term;
        }

        var persons = PersonsNamed(term.Normalized, snap);
        // A known person's name: the person and the exact form, never the stem (بوتين is not بوت).
        return persons.Count == 0 ? term : term with { Persons = persons, Exact = term.ExactTerms.Count == term.Terms.Count };
    }

    private static List<string> PersonsNamed(IReadOnlyList<string> words, SearchSnapshot snap)
    {
        // One word is matched on its strict key (long vowels kept), as the snapshot keys one-word aliases.
        Func<string, string> key = words.Count == 1 ? w => NameKey.Strict(w) : w => NameKey.Of(w);
        var keys = words.Select(key).ToArray();
        var stripped = NameKey.WithoutParticle(words[0]) is { } w ? key(w) : null;
        // Only the spellings that start with the first key (or with it stripped of a particle) can match.
        var positions = new List<int>();
        if (snap.AliasesByFirstKey.TryGetValue(keys[0], out var starting))
        {
            positions.AddRange(starting);
        }

        if (stripped is not null && stripped != keys[0] && snap.AliasesByFirstKey.TryGetValue(stripped, out var strippedStarting))
        {
            positions.AddRange(strippedStarting);
            positions.Sort();
        }

        var result = new List<string>();
        foreach (var position in positions)
        {
            var (person, aliasKeys) = snap.AliasKeys[position];
            if (aliasKeys.Length != keys.Length)
            {
                continue;
            }

            var same = true;
            for (var k = 0; k < keys.Length && same; k++)
            {
                same = aliasKeys[k] == keys[k] || (k == 0 && aliasKeys[k] == stripped);
            }

            if (same && !result.Contains(snap.People[person].Slug))
            {
                result.Add(snap.People[person].Slug);
            }
        }

        return result;
    }

    internal static List<ArticleSummary> Summaries(ArchiveDbContext db, SearchSnapshot snap, IReadOnlyList<int> docs, ParsedQuery query, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (docs.Count == 0)
        {
            return [];
        }

        // Plain ADO.NET in one command: the three reads of a page take well under a millisecond in SQLite, and EF
        // Core's LINQ pipeline around each cost more than that (synchronous, as in Execute).
        var ids = docs.Select(d => snap.Ids[d]).ToList();
        var personSlugs = query.Groups.SelectMany(g => g.Alternatives).SelectMany(a => a.Persons).Distinct().ToList();
        using var cmd = db.Database.GetDbConnection().CreateCommand();
        var idList = string.Join(',', ids.Select((_, i) => $"$a{i}"));
        var sql = new System.Text.StringBuilder()
            // The paragraphs are the row's ParagraphMap (ranges and kinds; their text is the source's again).
            .Append("SELECT Id, Title, SourceText, TitleStart, Published, DatePrecision, ParagraphMap FROM Articles WHERE Id IN (").Append(idList).Append(");");
        if (personSlugs.Count > 0)
        {
            sql.Append("SELECT ArticleId, Start, End FROM Mentions WHERE ArticleId IN (").Append(idList)
                .Append(") AND PersonSlug IN (").Append(string.Join(',', personSlugs.Select((_, i) => $"$p{i}"))).Append(')');
        }

        cmd.CommandText = sql.ToString();
        for (var i = 0; i < ids.Count; i++)
        {
            AddParameter(cmd, $"$a{i}", ids[i]);
        }

        for (var i = 0; i < personSlugs.Count; i++)
        {
            AddParameter(cmd, $"$p{i}", personSlugs[i]);
        }

        // The source as stored (compressed): each is decoded on the parallel loop below, only for the page's hits.
        var rows = new Dictionary<string, (string Id, string Title, byte[] Source, int? TitleStart, DateOnly? Published, DatePrecision DatePrecision)>(ids.Count, StringComparer.Ordinal);
        var paragraphList = new List<Paragraph>();
        var mentionList = new List<(string ArticleId, int Start, int End)>();
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetString(0);
                DateOnly? published = reader.IsDBNull(4)
                    ? null
                    : DateOnly.ParseExact(reader.GetString(4), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                rows[id] = (id, reader.GetString(1), reader.GetFieldValue<byte[]>(2), reader.IsDBNull(3) ? null : reader.GetInt32(3), published, (DatePrecision)reader.GetInt32(5));
                foreach (var p in ParagraphCodec.Read(reader.GetValue(6)))
                {
                    p.ArticleId = id;
                    paragraphList.Add(p);
                }
            }

            if (personSlugs.Count > 0)
            {
                reader.NextResult();
                while (reader.Read())
                {
                    mentionList.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)));
                }
            }
        }

        var paragraphs = paragraphList.ToLookup(p => p.ArticleId, StringComparer.Ordinal);
        var mentions = mentionList.ToLookup(m => m.ArticleId, StringComparer.Ordinal);

        // A snippet re-tokenises the article's matching paragraphs: 2–8 ms for a page of 20 on a common word at 100k
        // articles, the largest part of such a query once its hits are read, so the articles are shared out over
        // the cores (everything below only reads what is above).
        var built = new ArticleSummary?[docs.Count];
        Parallel.For(0, docs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(Environment.ProcessorCount, 4) }, i =>
        {
            var d = docs[i];
            if (!rows.TryGetValue(snap.Ids[d], out var a))
            {
                return; // deleted since the snapshot was taken
            }

            var source = SourceTextCodec.Decode(a.Source);
            var spans = SearchIndex.BodySpans(source, a.TitleStart, paragraphs[a.Id]);
            var snippet = SnippetBuilder.Build(source, spans, query, mentions[a.Id].Select(m => (m.Start, m.End)).ToList(),
                SearchIndex.LeadSpan(spans, paragraphs[a.Id]));
            built[i] = Summary(snap, d, a.Title, a.Published, a.DatePrecision, snippet);
        });

        return [.. built.OfType<ArticleSummary>()];
    }

    private static ArticleSummary Summary(SearchSnapshot snap, int doc, string title, DateOnly? published, DatePrecision precision, string snippet) => new()
    {
        Id = snap.Ids[doc],
        Title = title,
        Outlet = snap.Outlet[doc] is var o and >= 0
            ? new OutletRef(snap.OutletMeta[o].Slug, snap.OutletMeta[o].NameAr, snap.OutletMeta[o].NameEn, snap.OutletInfo[o].Kind, snap.OutletInfo[o].Country)
            : null,
        Published = published,
        DatePrecision = DateRange.Name(precision),
        PublishedRange = snap.PubStart[doc] == SearchSnapshot.NoDate
            ? null
            : new DateRangeDto(DateOnly.FromDayNumber(snap.PubStart[doc]), DateOnly.FromDayNumber(snap.PubEnd[doc])),
        Persons = snap.Persons[doc].ToArray().Select(p => snap.People[p].Slug).ToList(),
        Topics = snap.Topics[doc].ToArray().Select(t => snap.TopicMeta[t].Slug).ToList(),
        Snippet = snippet,
    };

    private async Task<SearchSnapshot> SnapshotAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        return await GetSnapshotAsync(db, ct);
    }

    private async Task<SearchSnapshot> GetSnapshotAsync(ArchiveDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var version = await SearchSnapshot.ReadVersionAsync(connection, ct);
        if (Loaded(version) is { } current)
        {
            return current;
        }

        await _reload.WaitAsync(ct);
        try
        {
            // At or past the version this reader saw: loaded by the reader it waited for (a reader that saw the
            // older version before a write takes the newer snapshot rather than loading the store once more).
            if (Loaded(version) is { } again)
            {
                return again;
            }

            // The old snapshot is let go before the new one is built, so that the two are not both held by the
            // service at their full size (~110 MB each at 100k articles): readers in flight keep theirs as it is
            // (a snapshot is never changed), and readers arriving meanwhile wait on the reload as they did.
            _snapshot = null;
            BeforeSnapshotLoad?.Invoke();
            var fresh = await SearchSnapshot.LoadAsync(connection, ct);
            _snapshot = fresh;
            return fresh;
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>
    /// The snapshot when it is at or past the version, else null: a local of the async method above holding an old
    /// snapshot across the load would keep it alive (a debug build keeps every local of an async method).
    /// </summary>
    private SearchSnapshot? Loaded(long version) => _snapshot is { } s && s.Version >= version ? s : null;
}
