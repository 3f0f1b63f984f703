using System.Globalization;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Web.Components.Pages.Timeline;

public sealed record TimelineArticle(string Id, string Title, string? OutletAr, string? OutletEn, DateOnly? Published, string Precision);

public sealed record TimelineStory(int? StoryId, string Label, IReadOnlyList<TimelineArticle> Articles);

public sealed record TimelineMonth(string Month, int Count, IReadOnlyList<TimelineStory> Stories);

/// <summary>
/// The archive by month, one year at a time (a year is the page: the timeline never loads the whole archive), with
/// the articles of a month grouped by story. Articles with no story stand alone.
/// </summary>
public sealed class TimelineModel(IDbContextFactory<ArchiveDbContext> dbFactory)
{
    /// <summary>At most this many articles are listed under a month; the count says how many there are.</summary>
    public const int ArticlesPerMonth = 30;

    public async Task<IReadOnlyList<int>> GetYearsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Articles.AsNoTracking().Where(a => a.Published != null)
            .Select(a => a.Published!.Value.Year).Distinct().OrderBy(y => y).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<TimelineMonth>> GetYearAsync(int year, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var inYear = db.Articles.AsNoTracking().Where(a => a.Published >= from && a.Published <= to && a.DatePrecision >= DatePrecision.Month);
        var counts = await inYear.GroupBy(a => a.Published!.Value.Month).Select(g => new { Month = g.Key, Count = g.Count() }).ToListAsync(ct);
        var months = new List<TimelineMonth>();
        foreach (var c in counts.OrderBy(c => c.Month))
        {
            var first = new DateOnly(year, c.Month, 1);
            var last = first.AddMonths(1).AddDays(-1);
            var rows = await inYear.Where(a => a.Published >= first && a.Published <= last)
                .OrderBy(a => a.Published).Take(ArticlesPerMonth)
                .Select(a => new
                {
                    a.StoryId,
                    Article = new TimelineArticle(a.Id, a.Title, a.Outlet == null ? null : a.Outlet.NameAr, a.Outlet == null ? null : a.Outlet.NameEn,
                        a.Published, a.DatePrecision.ToString()),
                })
                .ToListAsync(ct);
            var storyIds = rows.Where(r => r.StoryId != null).Select(r => r.StoryId!.Value).Distinct().ToList();
            var labels = await db.Stories.AsNoTracking().Where(s => storyIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Label, ct);
            var stories = rows.GroupBy(r => r.StoryId)
                .Select(g => new TimelineStory(g.Key, g.Key is { } id && labels.TryGetValue(id, out var l) ? l : "",
                    g.Select(r => r.Article with { Precision = r.Article.Precision.ToLowerInvariant() }).ToList()))
                .OrderBy(s => s.StoryId is null).ToList();
            months.Add(new TimelineMonth(first.ToString("yyyy-MM", CultureInfo.InvariantCulture), c.Count, stories));
        }
        return months;
    }
}
