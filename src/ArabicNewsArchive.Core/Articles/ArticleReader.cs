using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Articles;

/// <summary>
/// What the reading view needs beyond the API's <c>ArticleDetail</c>: the paragraph map between the source and the
/// reading text, why each topic was assigned, the quotes, and the story. One context per call, no tracking.
/// </summary>
public sealed class ArticleReader(IDbContextFactory<ArchiveDbContext> dbFactory)
{
    public async Task<ArticleExtras?> GetExtrasAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var head = await db.Articles.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.StoryId, a.OutletEvidence, a.OutletEvidenceStart, a.OutletEvidenceEnd, a.Url, a.Revision, a.DateSource })
            .FirstOrDefaultAsync(ct);
        if (head is null)
        {
            return null;
        }

        var source = await db.Articles.AsNoTracking().Where(a => a.Id == id).Select(a => a.SourceText).FirstAsync(ct);
        var paragraphs = (await db.Paragraphs.AsNoTracking().Where(p => p.ArticleId == id).OrderBy(p => p.Ordinal).ToListAsync(ct))
            .Select(p => new ParagraphView(p.Ordinal, p.Kind, p.Reason, p.SourceStart, p.SourceEnd, p.FirstLine, p.LastLine,
                ArticleText.ParagraphText(source, p)))
            .ToList();

        var topics = await db.ArticleTopics.AsNoTracking().Where(t => t.ArticleId == id)
            .Join(db.Topics, t => t.TopicSlug, t => t.Slug, (at, t) => new { at.TopicSlug, t.NameAr, t.NameEn, at.Score, at.Evidence })
            .OrderByDescending(t => t.Score).ToListAsync(ct);

        var quotes = await db.Quotes.AsNoTracking().Where(q => q.ArticleId == id).OrderBy(q => q.Start)
            .Select(q => new QuoteView(q.PersonSlug, q.Start, q.End, q.Text, q.CueStart, q.CueEnd)).ToListAsync(ct);

        StoryView? story = null;
        if (head.StoryId is { } storyId)
        {
            var label = await db.Stories.AsNoTracking().Where(s => s.Id == storyId).Select(s => s.Label).FirstOrDefaultAsync(ct) ?? "";
            var others = await db.Articles.AsNoTracking().Where(a => a.StoryId == storyId && a.Id != id)
                .OrderBy(a => a.Published).Select(a => a.Id).Take(20).ToListAsync(ct);
            story = new StoryView(storyId, label, others);
        }

        return new ArticleExtras(
            paragraphs,
            topics.Select(t => new TopicReason(t.TopicSlug, t.NameAr, t.NameEn, t.Score,
                t.Evidence.OrderBy(e => e.Start).Select(e => new EvidenceView(e.Start, e.End, e.Text, e.Weight)).ToList())).ToList(),
            quotes,
            story,
            head.OutletEvidence is { } oe && head.OutletEvidenceStart is { } os && head.OutletEvidenceEnd is { } oend
                ? new EvidenceView(os, oend, oe, 1)
                : null,
            head.Url,
            head.Revision,
            head.DateSource);
    }

    /// <summary>Titles, outlets and dates for a handful of ids (related articles, the other side of a comparison).</summary>
    public async Task<IReadOnlyList<ArticleHeading>> GetHeadingsAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new ArticleHeading(a.Id, a.Title, a.Outlet == null ? null : a.Outlet.NameAr, a.Outlet == null ? null : a.Outlet.NameEn,
                a.Published, a.DatePrecision))
            .ToListAsync(ct);
        // Keep the caller's order (related articles come ranked).
        return ids.Select(i => rows.FirstOrDefault(r => r.Id == i)).OfType<ArticleHeading>().ToList();
    }
}

public sealed record ArticleExtras(
    IReadOnlyList<ParagraphView> Paragraphs,
    IReadOnlyList<TopicReason> Topics,
    IReadOnlyList<QuoteView> Quotes,
    StoryView? Story,
    EvidenceView? OutletEvidence,
    string? Url,
    int Revision,
    FactSource DateSource);

public sealed record ParagraphView(
    int Ordinal, ParagraphKind Kind, string? Reason, int SourceStart, int SourceEnd, int FirstLine, int LastLine, string Text);

public sealed record EvidenceView(int Start, int End, string Text, double Weight);

public sealed record TopicReason(string Slug, string NameAr, string NameEn, double Score, IReadOnlyList<EvidenceView> Evidence);

public sealed record QuoteView(string PersonSlug, int Start, int End, string Text, int CueStart, int CueEnd);

public sealed record StoryView(int Id, string Label, IReadOnlyList<string> OtherArticleIds);

public sealed record ArticleHeading(string Id, string Title, string? OutletAr, string? OutletEn, DateOnly? Published, DatePrecision Precision)
{
    public string PrecisionName => Precision.ToString().ToLowerInvariant();
}
