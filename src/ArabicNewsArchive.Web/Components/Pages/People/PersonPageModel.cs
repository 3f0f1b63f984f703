using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace ArabicNewsArchive.Web.Components.Pages.People;

/// <summary>A spelling of the person's name as it stood in the articles, how often, and the first article.</summary>
public sealed record SpellingSeen(string Text, int Count, string FirstArticleId, string FirstArticleTitle);

/// <summary>
/// The person page's own rows (<see cref="PersonPageModel.GetAsync"/>); <paramref name="Months"/> counts all the
/// person's articles by month (the search facet).
/// </summary>
public sealed record PersonPageData(IReadOnlyList<SpellingSeen> Spellings, IReadOnlyList<QuoteSeen> Quotes, int QuoteTotal, IReadOnlyList<MonthFacet> Months);

public sealed record QuoteSeen(string ArticleId, string ArticleTitle, DateOnly? Published, string Precision, string Text);

/// <summary>What the person page shows beyond the API's PersonDetail: spellings seen, months and quotes (paged).</summary>
public sealed class PersonPageModel(IDbContextFactory<ArchiveDbContext> dbFactory, SearchService search, IMemoryCache cache)
{
    public const int QuotesPerPage = 10;

    /// <summary>The tag (a SQL comment) on the query that runs once per read of the page: tests count reads by it.</summary>
    public const string ReadTag = "person page read";

    /// <summary>
    /// From this many mentions a person's spellings and months are kept until the store changes: grouping Donald
    /// Trump's mentions and counting his articles by month took most of his page's time, for the same answer each view.
    /// Fewer, and the reads are quick and not worth a cache entry (which a crawler walking every person would fill).
    /// </summary>
    internal const int CachedFromMentions = 500;

    private sealed record Facts(IReadOnlyList<SpellingSeen> Spellings, IReadOnlyList<MonthFacet> Months);

    /// <summary>Spellings, months and a page of quotes: the page's part beside the API's PersonDetail.</summary>
    public async Task<PersonPageData> GetAsync(string slug, int quotePage, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The search index's version moves with every write that a person's mentions or articles depend on.
        var version = await db.Database.SqlQueryRaw<long>("SELECT Version AS Value FROM SearchMeta WHERE Id = 1").FirstOrDefaultAsync(ct);
        var key = (nameof(PersonPageModel), slug, version);
        var kept = true;
        if (!cache.TryGetValue(key, out Facts? facts) || facts is null)
        {
            var (spellings, mentions) = await GetSpellingsAsync(db, slug, ct);
            var months = (await search.SearchAsync(new SearchRequest { Persons = [slug], PageSize = 1 }, ct)).Facets.Months;
            facts = new Facts(spellings, months);
            kept = mentions >= CachedFromMentions;
            if (kept)
            {
                cache.Set(key, facts, TimeSpan.FromMinutes(10));
            }
        }

        // A much-quoted person's quotes are joined to their articles and sorted by date for each page (Donald Trump:
        // 7,663 at 100k articles, a third of his page's time): a page of them is kept as the facts are.
        var quoteKey = (nameof(PersonPageModel), slug, version, quotePage);
        if (!kept || !cache.TryGetValue(quoteKey, out (IReadOnlyList<QuoteSeen> Quotes, int Total) quoted))
        {
            quoted = await GetQuotesAsync(db, slug, quotePage, ct);
            if (kept)
            {
                cache.Set(quoteKey, quoted, TimeSpan.FromMinutes(10));
            }
        }

        return new PersonPageData(facts.Spellings, quoted.Quotes, quoted.Total, facts.Months);
    }

    private static async Task<(IReadOnlyList<SpellingSeen> Spellings, int Mentions)> GetSpellingsAsync(ArchiveDbContext db, string slug, CancellationToken ct)
    {
        // One grouped query gives each spelling's count and its first article (by id); it was one query per spelling.
        var all = await db.Mentions.AsNoTracking().Where(m => m.PersonSlug == slug)
            .GroupBy(m => m.Text)
            .Select(g => new { Text = g.Key, Count = g.Count(), First = g.Min(m => m.ArticleId)! })
            .ToListAsync(ct);
        var counts = all.OrderByDescending(s => s.Count).Take(50).ToList();
        // A researcher recognises an article by its headline, not by its file id.
        var ids = counts.Select(f => f.First).Distinct().ToList();
        var titles = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Title }).ToDictionaryAsync(a => a.Id, a => a.Title, ct);
        return (counts.Select(f => new SpellingSeen(f.Text, f.Count, f.First, titles.GetValueOrDefault(f.First, f.First))).ToList(), all.Sum(s => s.Count));
    }

    private static async Task<(IReadOnlyList<QuoteSeen> Quotes, int Total)> GetQuotesAsync(ArchiveDbContext db, string slug, int page, CancellationToken ct)
    {
        var query = db.Quotes.AsNoTracking().Where(q => q.PersonSlug == slug)
            .Join(db.Articles, q => q.ArticleId, a => a.Id, (q, a) => new { q, a.Title, a.Published, a.DatePrecision });
        var total = await query.TagWith(ReadTag).CountAsync(ct);
        var rows = await query.OrderByDescending(x => x.Published).ThenBy(x => x.q.Start)
            .Skip((page - 1) * QuotesPerPage).Take(QuotesPerPage)
            .Select(x => new { x.q.ArticleId, x.Title, x.Published, x.DatePrecision, x.q.Start, x.q.End }).ToListAsync(ct);
        // A quote's text is its article's source between the offsets (stored once, compressed: migration LeanFacts);
        // a page of quotes decompresses at most that many articles.
        var ids = rows.Select(r => r.ArticleId).Distinct().ToList();
        var sources = ids.Count == 0 ? [] : await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.SourceText }).ToDictionaryAsync(a => a.Id, a => a.SourceText, ct);
        return (rows.Select(r => new QuoteSeen(r.ArticleId, r.Title, r.Published, r.DatePrecision.ToString().ToLowerInvariant(),
            ArticleText.Slice(sources.GetValueOrDefault(r.ArticleId, ""), r.Start, r.End))).ToList(), total);
    }
}
