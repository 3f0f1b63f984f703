using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Search;

/// <summary>
/// The one search implementation the JSON API and the Blazor pages share. Provisional version: filters and paging
/// over EF Core; the FTS5 index, facets and snippets replace the internals without changing these members.
/// </summary>
public sealed class SearchService(IDbContextFactory<ArchiveDbContext> dbFactory)
{
    public async Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var all = await ExportAsync(request, ct);
        var pageSize = Math.Clamp(request.PageSize, 1, SearchRequest.MaxPageSize);
        var page = Math.Max(1, request.Page);
        var items = all.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        return new SearchResponse(all.Count, page, pageSize, items, new Facets([], [], [], []));
    }

    public async Task<IReadOnlyList<ArticleSummary>> ExportAsync(SearchRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Articles.AsNoTracking().Include(a => a.Outlet).AsQueryable();
        if (!string.IsNullOrWhiteSpace(request.Q))
        {
            var q = request.Q.Trim();
            query = query.Where(a => a.Title.Contains(q) || a.SourceText.Contains(q));
        }

        foreach (var p in request.Persons)
        {
            query = query.Where(a => db.Mentions.Any(m => m.ArticleId == a.Id && m.PersonSlug == p));
        }

        foreach (var t in request.Topics)
        {
            query = query.Where(a => db.ArticleTopics.Any(x => x.ArticleId == a.Id && x.TopicSlug == t));
        }

        if (request.Outlet is { } outlet)
        {
            query = query.Where(a => a.OutletSlug == outlet);
        }

        if (request.From is { } from)
        {
            query = query.Where(a => a.Published >= from);
        }

        if (request.To is { } to)
        {
            query = query.Where(a => a.Published <= to);
        }

        var rows = await query.OrderByDescending(a => a.Published).ThenBy(a => a.Id).ToListAsync(ct);
        var ids = rows.Select(a => a.Id).ToList();
        var persons = await db.Mentions.Where(m => ids.Contains(m.ArticleId)).Select(m => new { m.ArticleId, m.PersonSlug }).Distinct().ToListAsync(ct);
        var topics = await db.ArticleTopics.Where(t => ids.Contains(t.ArticleId)).Select(t => new { t.ArticleId, t.TopicSlug }).ToListAsync(ct);
        return rows.Select(a => ToSummary(a,
            persons.Where(p => p.ArticleId == a.Id).Select(p => p.PersonSlug).Order().ToList(),
            topics.Where(t => t.ArticleId == a.Id).Select(t => t.TopicSlug).Order().ToList())).ToList();
    }

    public async Task<ArticleDetail?> GetArticleAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var a = await db.Articles.AsNoTracking().Include(x => x.Outlet).Include(x => x.DateEvidence).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null)
        {
            return null;
        }

        var mentions = await db.Mentions.AsNoTracking().Where(m => m.ArticleId == id).OrderBy(m => m.Start).ToListAsync(ct);
        var topics = await db.ArticleTopics.Where(t => t.ArticleId == id).Select(t => t.TopicSlug).OrderBy(t => t).ToListAsync(ct);
        var related = await db.ArticleRelations.Where(r => r.ArticleId == id).Select(r => r.RelatedId).ToListAsync(ct);
        var s = ToSummary(a, mentions.Select(m => m.PersonSlug).Distinct().Order().ToList(), topics);
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
            Related = related,
        };
    }

    public async Task<IReadOnlyList<PersonDto>> GetPeopleAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var people = await db.People.AsNoTracking().Include(p => p.Aliases).OrderBy(p => p.Slug).ToListAsync(ct);
        var counts = await db.Mentions.GroupBy(m => m.PersonSlug)
            .Select(g => new { g.Key, Count = g.Select(m => m.ArticleId).Distinct().Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return people.Select(p => new PersonDto(p.Slug, p.NameAr, p.NameEn, p.Role, p.Aliases.Select(a => a.Text).ToList(), counts.GetValueOrDefault(p.Slug))).ToList();
    }

    public async Task<PersonDetail?> GetPersonAsync(string slug, CancellationToken ct = default)
    {
        var person = (await GetPeopleAsync(ct)).FirstOrDefault(p => p.Slug == slug);
        if (person is null)
        {
            return null;
        }

        var articles = await ExportAsync(new SearchRequest { Persons = [slug] }, ct);
        var co = articles.SelectMany(a => a.Persons).Where(p => p != slug).GroupBy(p => p)
            .Select(g => new CoMention(g.Key, g.Count())).OrderByDescending(c => c.Count).ThenBy(c => c.Slug).ToList();
        return new PersonDetail(person.Slug, person.NameAr, person.NameEn, person.Role, person.Aliases, person.ArticleCount,
            articles.Take(PersonDetail.MaxArticles).ToList(), co);
    }

    public async Task<IReadOnlyList<TopicDto>> GetTopicsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.ArticleTopics.GroupBy(t => t.TopicSlug).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var topics = await db.Topics.AsNoTracking().OrderBy(t => t.Slug).ToListAsync(ct);
        return topics.Select(t => new TopicDto(t.Slug, t.NameAr, t.NameEn, counts.GetValueOrDefault(t.Slug))).ToList();
    }

    private static ArticleSummary ToSummary(Article a, IReadOnlyList<string> persons, IReadOnlyList<string> topics) => new()
    {
        Id = a.Id,
        Title = a.Title,
        Outlet = a.Outlet is { } o ? new OutletRef(o.Slug, o.NameAr, o.NameEn) : null,
        Published = a.Published,
        DatePrecision = a.DatePrecision.ToString().ToLowerInvariant(),
        Persons = persons,
        Topics = topics,
        Snippet = System.Net.WebUtility.HtmlEncode(a.BodyMarkdown.Length > 200 ? a.BodyMarkdown[..200] + "…" : a.BodyMarkdown),
    };
}
