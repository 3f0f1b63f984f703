using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Web.Components.Pages.People;

/// <summary>A spelling of the person's name as it stood in the articles, how often, and the first article.</summary>
public sealed record SpellingSeen(string Text, int Count, string FirstArticleId, string FirstArticleTitle);

/// <summary>The person page's own rows (<see cref="PersonPageModel.GetAsync"/>).</summary>
public sealed record PersonPageData(IReadOnlyList<SpellingSeen> Spellings, IReadOnlyList<QuoteSeen> Quotes, int QuoteTotal);

public sealed record QuoteSeen(string ArticleId, string ArticleTitle, DateOnly? Published, string Precision, string Text);

/// <summary>What the person page shows beyond the API's PersonDetail: spellings seen and quotes (both paged/limited).</summary>
public sealed class PersonPageModel(IDbContextFactory<ArchiveDbContext> dbFactory)
{
    public const int QuotesPerPage = 10;

    /// <summary>Spellings and a page of quotes, read in one context: the page's part beside the API's PersonDetail.</summary>
    public async Task<PersonPageData> GetAsync(string slug, int quotePage, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var spellings = await GetSpellingsAsync(db, slug, ct);
        var (quotes, total) = await GetQuotesAsync(db, slug, quotePage, ct);
        return new PersonPageData(spellings, quotes, total);
    }

    private static async Task<IReadOnlyList<SpellingSeen>> GetSpellingsAsync(ArchiveDbContext db, string slug, CancellationToken ct)
    {
        // One grouped query gives each spelling's count and its first article (by id); it was one query per spelling.
        var counts = await db.Mentions.AsNoTracking().Where(m => m.PersonSlug == slug)
            .GroupBy(m => m.Text)
            .Select(g => new { Text = g.Key, Count = g.Count(), First = g.Min(m => m.ArticleId)! })
            .OrderByDescending(s => s.Count).Take(50).ToListAsync(ct);
        // A researcher recognises an article by its headline, not by its file id.
        var ids = counts.Select(f => f.First).Distinct().ToList();
        var titles = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Title }).ToDictionaryAsync(a => a.Id, a => a.Title, ct);
        return counts.Select(f => new SpellingSeen(f.Text, f.Count, f.First, titles.GetValueOrDefault(f.First, f.First))).ToList();
    }

    private static async Task<(IReadOnlyList<QuoteSeen> Quotes, int Total)> GetQuotesAsync(ArchiveDbContext db, string slug, int page, CancellationToken ct)
    {
        var query = db.Quotes.AsNoTracking().Where(q => q.PersonSlug == slug)
            .Join(db.Articles, q => q.ArticleId, a => a.Id, (q, a) => new { q, a.Title, a.Published, a.DatePrecision });
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(x => x.Published).ThenBy(x => x.q.Start)
            .Skip((page - 1) * QuotesPerPage).Take(QuotesPerPage)
            .Select(x => new { x.q.ArticleId, x.Title, x.Published, x.DatePrecision, x.q.Text }).ToListAsync(ct);
        return (rows.Select(r => new QuoteSeen(r.ArticleId, r.Title, r.Published, r.DatePrecision.ToString().ToLowerInvariant(), r.Text)).ToList(), total);
    }
}
