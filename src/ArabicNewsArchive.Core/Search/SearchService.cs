using System.Data.Common;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Search;

/// <summary>
/// The one search implementation the JSON API and the Blazor pages share: FTS5 for the text, an in-memory
/// <see cref="SearchSnapshot"/> for filters, sorting and facets, the source text for snippets. Thread-safe; register
/// it as a singleton (the snapshot is shared and reloaded when the store changes, in this process or another).
/// </summary>
public sealed class SearchService(IDbContextFactory<ArchiveDbContext> dbFactory)
{
    /// <summary>How many values a person, topic or outlet facet lists (by count; selected values are always listed).</summary>
    public const int MaxFacetValues = 50;

    private readonly SemaphoreSlim _reload = new(1, 1);
    private SearchSnapshot? _snapshot;

    public async Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pageSize = Math.Clamp(request.PageSize, 1, SearchRequest.MaxPageSize);
        var page = Math.Max(1, request.Page);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var run = await RunAsync(db, request, ct);
        var skip = (long)(page - 1) * pageSize;
        var pageDocs = skip >= run.Docs.Count ? [] : run.Docs.Skip((int)skip).Take(pageSize).ToList();
        var items = await SummariesAsync(db, run.Snapshot, pageDocs, run.Query, ct);
        return new SearchResponse(run.Docs.Count, page, pageSize, items, run.Facets);
    }

    /// <summary>Every match of the request, in its sort order, with snippets (for CSV/JSON export).</summary>
    public async Task<IReadOnlyList<ArticleSummary>> ExportAsync(SearchRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var run = await RunAsync(db, request, ct);
        var result = new List<ArticleSummary>(run.Docs.Count);
        foreach (var chunk in run.Docs.Chunk(500))
        {
            result.AddRange(await SummariesAsync(db, run.Snapshot, chunk, run.Query, ct));
        }

        return result;
    }

    public async Task<ArticleDetail?> GetArticleAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var snap = await GetSnapshotAsync(db, ct);
        if (!snap.ArticleIndex.TryGetValue(id, out var doc))
        {
            return null;
        }

        var a = await db.Articles.AsNoTracking().Include(x => x.DateEvidence).Include(x => x.Paragraphs)
            .AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null)
        {
            return null;
        }

        var mentions = await db.Mentions.AsNoTracking().Where(m => m.ArticleId == id).OrderBy(m => m.Start).ToListAsync(ct);
        var related = await db.ArticleRelations.AsNoTracking().Where(r => r.ArticleId == id)
            .OrderByDescending(r => r.SameStory).ThenByDescending(r => r.Score).ThenBy(r => r.RelatedId)
            .Select(r => new { r.RelatedId, r.SameStory }).ToListAsync(ct);
        // Relations hold each article's closest few; the rest of its story comes from StoryId, after the story
        // partners that are also among the closest and before the merely similar articles.
        var partners = a.StoryId is { } storyId
            ? await db.Articles.AsNoTracking().Where(x => x.StoryId == storyId && x.Id != id).OrderBy(x => x.Id).Select(x => x.Id).ToListAsync(ct)
            : [];
        var listed = related.Select(r => r.RelatedId).ToHashSet(StringComparer.Ordinal);
        List<string> relatedIds =
        [
            .. related.Where(r => r.SameStory).Select(r => r.RelatedId),
            .. partners.Where(p => !listed.Contains(p)),
            .. related.Where(r => !r.SameStory).Select(r => r.RelatedId),
        ];
        var bodySpans = SearchIndex.BodySpans(a.SourceText, a.TitleStart, a.Paragraphs);
        var s = Summary(snap, doc, a.Title, a.Published, a.DatePrecision,
            SnippetBuilder.Lead(a.SourceText, bodySpans, SearchIndex.LeadSpan(bodySpans, a.Paragraphs)));
        return new ArticleDetail
        {
            Id = s.Id,
            Title = s.Title,
            Outlet = s.Outlet,
            Published = s.Published,
            DatePrecision = s.DatePrecision,
            Persons = s.Persons,
            Topics = s.Topics,
            Snippet = s.Snippet,
            SourceFile = a.SourceFile,
            Sha256 = a.Sha256,
            SourceText = a.SourceText,
            BodyMarkdown = a.BodyMarkdown,
            DateEvidence = a.DateEvidence.OrderBy(e => e.Start).Select(e => new DateEvidenceDto(e.Text, e.Start, e.End, e.Meaning)).ToList(),
            Mentions = mentions.Select(m => new MentionDto(m.PersonSlug, m.Start, m.End, m.Text)).ToList(),
            Related = relatedIds,
        };
    }

    public async Task<IReadOnlyList<PersonDto>> GetPeopleAsync(CancellationToken ct = default)
    {
        var snap = await SnapshotAsync(ct);
        return snap.People.Select((p, i) => new PersonDto(p.Slug, p.NameAr, p.NameEn, p.Role, p.Aliases, snap.PersonArticleCount[i]))
            .OrderByDescending(p => p.ArticleCount).ThenBy(p => p.Slug, StringComparer.Ordinal).ToList();
    }

    /// <summary>A person, their newest <see cref="PersonDetail.MaxArticles"/> articles and who is mentioned with them.</summary>
    public async Task<PersonDetail?> GetPersonAsync(string slug, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(slug);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var snap = await GetSnapshotAsync(db, ct);
        if (!snap.PersonIndex.TryGetValue(slug, out var p))
        {
            return null;
        }

        var docs = new List<int>();
        var co = new int[snap.People.Length];
        foreach (var d in snap.DateOrder)
        {
            if (Array.BinarySearch(snap.Persons[d], p) < 0)
            {
                continue;
            }

            docs.Add(d);
            foreach (var other in snap.Persons[d])
            {
                co[other]++;
            }
        }

        var articles = await SummariesAsync(db, snap, docs.Take(PersonDetail.MaxArticles).ToList(), ParsedQuery.Empty, ct);
        var coMentioned = co.Select((count, i) => new CoMention(snap.People[i].Slug, count))
            .Where((c, i) => i != p && c.Count > 0)
            .OrderByDescending(c => c.Count).ThenBy(c => c.Slug, StringComparer.Ordinal).ToList();
        var meta = snap.People[p];
        return new PersonDetail(meta.Slug, meta.NameAr, meta.NameEn, meta.Role, meta.Aliases, snap.PersonArticleCount[p], articles, coMentioned);
    }

    public async Task<IReadOnlyList<TopicDto>> GetTopicsAsync(CancellationToken ct = default)
    {
        var snap = await SnapshotAsync(ct);
        return snap.TopicMeta.Select((t, i) => new TopicDto(t.Slug, t.NameAr, t.NameEn, snap.TopicArticleCount[i]))
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

    private sealed record Run(SearchSnapshot Snapshot, List<int> Docs, Facets Facets, ParsedQuery Query);

    private async Task<Run> RunAsync(ArchiveDbContext db, SearchRequest r, CancellationToken ct)
    {
        var snap = await GetSnapshotAsync(db, ct);
        var query = ExpandPeople(QueryParser.Parse(r.Q), snap);
        var relevance = EffectiveSort(r, query) == "relevance";
        var n = snap.Count;
        var connection = db.Database.GetDbConnection();

        bool[]? hit = null;
        double[]? rank = null;
        if (query.ToFts() is { } match)
        {
            hit = new bool[n];
            rank = relevance ? new double[n] : null;
            var sql = relevance
                ? $"SELECT rowid, bm25({SearchIndexSchema.Table}, {SearchIndex.Bm25Weights}) FROM {SearchIndexSchema.Table} WHERE {SearchIndexSchema.Table} MATCH $m"
                : $"SELECT rowid FROM {SearchIndexSchema.Table} WHERE {SearchIndexSchema.Table} MATCH $m";
            await foreach (var (doc, score) in MatchAsync(connection, snap, sql, match, relevance, ct))
            {
                hit[doc] = true;
                if (rank is not null)
                {
                    rank[doc] = score;
                }
            }
        }
        else if (query.ExclusionsToFts() is { } excluded)
        {
            // Only exclusions: everything except what they match (FTS5 has no unary NOT).
            hit = new bool[n];
            Array.Fill(hit, true);
            await foreach (var (doc, _) in MatchAsync(connection, snap, $"SELECT rowid FROM {SearchIndexSchema.Table} WHERE {SearchIndexSchema.Table} MATCH $m", excluded, false, ct))
            {
                hit[doc] = false;
            }
        }

        var persons = r.Persons.Distinct().Select(s => snap.PersonIndex.GetValueOrDefault(s, -1)).ToArray();
        var topics = r.Topics.Distinct().Select(s => snap.TopicIndex.GetValueOrDefault(s, -1)).ToArray();
        var impossible = persons.Contains(-1) || topics.Contains(-1);
        var outlet = r.Outlet is null ? -1 : snap.OutletIndex.GetValueOrDefault(r.Outlet, -2);
        var from = r.From?.DayNumber ?? int.MinValue;
        var to = r.To?.DayNumber ?? int.MaxValue;
        var ranged = r.From is not null || r.To is not null;

        var personCounts = new int[snap.People.Length];
        var topicCounts = new int[snap.TopicMeta.Length];
        var outletCounts = new int[snap.OutletMeta.Length];
        var monthCounts = new int[snap.Months.Length];
        var docs = new List<int>();
        if (!impossible)
        {
            for (var k = 0; k < n; k++)
            {
                // Date order is walked directly so a date-sorted result needs no sort.
                var i = relevance ? k : snap.DateOrder[k];
                if (hit is not null && !hit[i])
                {
                    continue;
                }

                if (!ContainsAll(snap.Persons[i], persons) || !ContainsAll(snap.Topics[i], topics))
                {
                    continue;
                }

                var okOutlet = outlet == -1 || snap.Outlet[i] == outlet;
                var okDate = !ranged || (snap.PubStart[i] != SearchSnapshot.NoDate && snap.PubEnd[i] >= from && snap.PubStart[i] <= to);
                if (okOutlet && okDate)
                {
                    docs.Add(i);
                    foreach (var p in snap.Persons[i])
                    {
                        personCounts[p]++;
                    }

                    foreach (var t in snap.Topics[i])
                    {
                        topicCounts[t]++;
                    }
                }

                // Outlets and months are single-choice facets: their counts ignore their own selection so the
                // reader sees the alternatives (see docs/search.md).
                if (okDate && snap.Outlet[i] >= 0)
                {
                    outletCounts[snap.Outlet[i]]++;
                }

                if (okOutlet && snap.Month[i] >= 0)
                {
                    monthCounts[snap.Month[i]]++;
                }
            }
        }

        if (rank is not null)
        {
            var datePos = snap.DatePos;
            docs.Sort((x, y) =>
            {
                var c = rank[x].CompareTo(rank[y]);
                return c != 0 ? c : datePos[x].CompareTo(datePos[y]);
            });
        }

        var facets = new Facets(
            FacetValues(snap.People, personCounts, persons),
            FacetValues(snap.TopicMeta, topicCounts, topics),
            FacetValues(snap.OutletMeta, outletCounts, outlet >= 0 ? [outlet] : []),
            snap.Months.Select((m, i) => new MonthFacet(m, monthCounts[i])).Where(m => m.Count > 0).ToList());
        return new Run(snap, docs, facets, query);
    }

    private static bool ContainsAll(int[] have, int[] wanted)
    {
        foreach (var w in wanted)
        {
            if (Array.BinarySearch(have, w) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static List<FacetValue> FacetValues(SearchSnapshot.Meta[] metas, int[] counts, int[] selected) =>
        Enumerable.Range(0, metas.Length)
            .Where(i => counts[i] > 0 || selected.Contains(i))
            .OrderByDescending(i => selected.Contains(i))
            .ThenByDescending(i => counts[i])
            .ThenBy(i => metas[i].Slug, StringComparer.Ordinal)
            .Take(Math.Max(MaxFacetValues, selected.Length))
            .Select(i => new FacetValue(metas[i].Slug, metas[i].NameAr, metas[i].NameEn, counts[i]))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Slug, StringComparer.Ordinal)
            .ToList();

    private static async IAsyncEnumerable<(int Doc, double Score)> MatchAsync(DbConnection connection, SearchSnapshot snap, string sql, string match, bool ranked,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        var p = cmd.CreateParameter();
        p.ParameterName = "$m";
        p.Value = match;
        cmd.Parameters.Add(p);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var rowId = reader.GetInt64(0);
            var doc = rowId >= 0 && rowId < snap.DocByRowId.Length ? snap.DocByRowId[rowId] : -1;
            if (doc >= 0)
            {
                yield return (doc, ranked ? reader.GetDouble(1) : 0);
            }
        }
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
                    var terms = Enumerable.Range(i, len).Select(k => g[k].Alternatives[0].Terms[0]).ToList();
                    groups.Add(new QueryGroup([new QueryTerm(terms, words, false) { Persons = persons }]));
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

        return new ParsedQuery(groups, query.Exclusions.Select(a => WithPersons(a, snap)).ToList());
    }

    private static bool IsPlainWord(QueryGroup group) =>
        group.Alternatives.Count == 1 && group.Alternatives[0] is { Prefix: false, Terms.Count: 1, Normalized.Count: 1 };

    private static QueryTerm WithPersons(QueryTerm term, SearchSnapshot snap)
    {
        if (term.Prefix)
        {
            return term;
        }

        var persons = PersonsNamed(term.Normalized, snap);
        return persons.Count == 0 ? term : term with { Persons = persons };
    }

    private static List<string> PersonsNamed(IReadOnlyList<string> words, SearchSnapshot snap)
    {
        var keys = words.Select(w => NameKey.Of(w)).ToArray();
        var stripped = NameKey.WithoutParticle(words[0]) is { } w ? NameKey.Of(w) : null;
        var result = new List<string>();
        foreach (var (person, aliasKeys) in snap.AliasKeys)
        {
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

    private async Task<List<ArticleSummary>> SummariesAsync(ArchiveDbContext db, SearchSnapshot snap, IReadOnlyList<int> docs, ParsedQuery query, CancellationToken ct)
    {
        if (docs.Count == 0)
        {
            return [];
        }

        var ids = docs.Select(d => snap.Ids[d]).ToList();
        var rows = (await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Title, a.SourceText, a.TitleStart, a.Published, a.DatePrecision })
            .ToListAsync(ct)).ToDictionary(a => a.Id, StringComparer.Ordinal);
        var paragraphs = (await db.Paragraphs.AsNoTracking().Where(p => ids.Contains(p.ArticleId)).ToListAsync(ct))
            .ToLookup(p => p.ArticleId, StringComparer.Ordinal);
        var personSlugs = query.Groups.SelectMany(g => g.Alternatives).SelectMany(a => a.Persons).Distinct().ToList();
        var mentions = personSlugs.Count == 0
            ? Enumerable.Empty<(string ArticleId, int Start, int End)>().ToLookup(m => m.ArticleId)
            : (await db.Mentions.AsNoTracking().Where(m => ids.Contains(m.ArticleId) && personSlugs.Contains(m.PersonSlug))
                .Select(m => new { m.ArticleId, m.Start, m.End }).ToListAsync(ct))
                .Select(m => (m.ArticleId, m.Start, m.End)).ToLookup(m => m.ArticleId, StringComparer.Ordinal);

        var result = new List<ArticleSummary>(docs.Count);
        foreach (var d in docs)
        {
            if (!rows.TryGetValue(snap.Ids[d], out var a))
            {
                continue; // deleted since the snapshot was taken
            }

            var spans = SearchIndex.BodySpans(a.SourceText, a.TitleStart, paragraphs[a.Id]);
            var snippet = SnippetBuilder.Build(a.SourceText, spans, query, mentions[a.Id].Select(m => (m.Start, m.End)).ToList(),
                SearchIndex.LeadSpan(spans, paragraphs[a.Id]));
            result.Add(Summary(snap, d, a.Title, a.Published, a.DatePrecision, snippet));
        }

        return result;
    }

    private static ArticleSummary Summary(SearchSnapshot snap, int doc, string title, DateOnly? published, DatePrecision precision, string snippet) => new()
    {
        Id = snap.Ids[doc],
        Title = title,
        Outlet = snap.Outlet[doc] is var o and >= 0 ? new OutletRef(snap.OutletMeta[o].Slug, snap.OutletMeta[o].NameAr, snap.OutletMeta[o].NameEn) : null,
        Published = published,
        DatePrecision = precision switch
        {
            DatePrecision.Day => "day",
            DatePrecision.Month => "month",
            DatePrecision.Year => "year",
            _ => "unknown",
        },
        Persons = snap.Persons[doc].Select(p => snap.People[p].Slug).ToList(),
        Topics = snap.Topics[doc].Select(t => snap.TopicMeta[t].Slug).ToList(),
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
        if (_snapshot is { } current && current.Version == version)
        {
            return current;
        }

        await _reload.WaitAsync(ct);
        try
        {
            if (_snapshot is { } again && again.Version == version)
            {
                return again;
            }

            var fresh = await SearchSnapshot.LoadAsync(connection, ct);
            _snapshot = fresh;
            return fresh;
        }
        finally
        {
            _reload.Release();
        }
    }
}
