using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Web.Components.Pages.Topics;

public sealed record TopicInfo(string Slug, string NameAr, string NameEn, string? IptcCode, string? IptcLabel);

/// <summary>The phrases that most often triggered a topic, across the archive.</summary>
public sealed record TriggerPhrase(string Text, int Count);

public sealed class TopicPageModel(IDbContextFactory<ArchiveDbContext> dbFactory)
{
    public async Task<TopicInfo?> GetTopicAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Topics.AsNoTracking().Where(t => t.Slug == slug)
            .Select(t => new TopicInfo(t.Slug, t.NameAr, t.NameEn, t.IptcCode, t.IptcLabel)).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<TriggerPhrase>> GetTriggersAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.TopicEvidence.AsNoTracking().Where(e => e.TopicSlug == slug)
            .GroupBy(e => e.Text).Select(g => new { Text = g.Key, Count = g.Count() })
            .OrderByDescending(p => p.Count).Take(30).ToListAsync(ct);
        return rows.Select(r => new TriggerPhrase(r.Text, r.Count)).ToList();
    }
}
