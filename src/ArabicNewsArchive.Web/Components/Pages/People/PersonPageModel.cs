using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Web.Components.Pages.People;

/// <summary>A spelling of the person's name as it stood in the articles, how often, and the first article.</summary>
public sealed record SpellingSeen(string Text, int Count, string FirstArticleId, string FirstArticleTitle);

public sealed record QuoteSeen(string ArticleId, string ArticleTitle, DateOnly? Published, string Precision, string Text);

/// <summary>What the person page shows beyond the API's PersonDetail: spellings seen and quotes (both paged/limited).</summary>
public sealed class PersonPageModel(IDbContextFactory<ArchiveDbContext> dbFactory)
{
    public const int QuotesPerPage = 10;

    public async Task<IReadOnlyList<SpellingSeen>> GetSpellingsAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Mentions.AsNoTracking().Where(m => m.PersonSlug == slug)
            .GroupBy(m => m.Text)
            .Select(g => new { Text = g.Key, Count = g.Count() })
            .OrderByDescending(s => s.Count).Take(50).ToListAsync(ct);
        var firsts = new List<(string Text, int Count, string ArticleId)>(counts.Count);
        foreach (var c in counts)
        {
            var first = await db.Mentions.AsNoTracking().Where(m => m.PersonSlug == slug && m.Text == c.Text)
                .OrderBy(m => m.ArticleId).Select(m => m.ArticleId).FirstAsync(ct);
            firsts.Add((c.Text, c.Count, first));
        }
        // A researcher recognises an article by its headline, not by its file id.
        var ids = firsts.Select(f => f.ArticleId).Distinct().ToList();
        var titles = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Title }).ToDictionaryAsync(a => a.Id, a => a.Title, ct);
        return firsts.Select(f => new SpellingSeen(f.Text, f.Count, f.ArticleId, titles.GetValueOrDefault(f.ArticleId, f.ArticleId))).ToList();
    }

    public async Task<(IReadOnlyList<QuoteSeen> Quotes, int Total)> GetQuotesAsync(string slug, int page, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Quotes.AsNoTracking().Where(q => q.PersonSlug == slug)
            .Join(db.Articles, q => q.ArticleId, a => a.Id, (q, a) => new { q, a.Title, a.Published, a.DatePrecision });
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(x => x.Published).ThenBy(x => x.q.Start)
            .Skip((page - 1) * QuotesPerPage).Take(QuotesPerPage)
            .Select(x => new { x.q.ArticleId, x.Title, x.Published, x.DatePrecision, x.q.Text }).ToListAsync(ct);
        return (rows.Select(r => new QuoteSeen(r.ArticleId, r.Title, r.Published, r.DatePrecision.ToString().ToLowerInvariant(), r.Text)).ToList(), total);
    }
}
