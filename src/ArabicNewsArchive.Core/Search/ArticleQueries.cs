using ArabicNewsArchive.Articles;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Search;

/// <summary>
/// The article read's queries (<see cref="SearchService.GetArticleViewAsync"/>), compiled once. Written inline, EF
/// rebuilt each query's expression tree, walked it for parameters and looked its plan up on every view; the
/// partners' filter on the article's story (a captured entity's property) was compiled to a new dynamic method per
/// view, left for the finaliser. At 100k articles that was about a third of the article page's CPU
/// (docs/history/performance-rounds.md, "Article and search pages: CPU per view").
/// </summary>
internal static class ArticleQueries
{
    /// <summary>A relation as the page orders it.</summary>
    internal sealed record RelatedRow(string RelatedId, bool SameStory);

    /// <summary>A quote's offsets (its text is the source's between them).</summary>
    internal sealed record QuoteRow(string PersonSlug, int Start, int End, int CueStart, int CueEnd);

    internal static readonly Func<ArchiveDbContext, string, Task<Article?>> Article =
        EF.CompileAsyncQuery((ArchiveDbContext db, string id) =>
            db.Articles.AsNoTracking().TagWith(SearchService.ArticleReadTag).FirstOrDefault(x => x.Id == id));

    internal static readonly Func<ArchiveDbContext, string, IAsyncEnumerable<DateEvidence>> Dates =
        EF.CompileAsyncQuery<ArchiveDbContext, string, DateEvidence>((ArchiveDbContext db, string id) =>
            db.DateEvidence.AsNoTracking().Where(e => e.ArticleId == id).OrderBy(e => e.Start));

    /// <summary>Mentions overlapping source offsets [from, to).</summary>
    internal static readonly Func<ArchiveDbContext, string, int, int, IAsyncEnumerable<Mention>> Mentions =
        EF.CompileAsyncQuery<ArchiveDbContext, string, int, int, Mention>((ArchiveDbContext db, string id, int from, int to) =>
            db.Mentions.AsNoTracking().Where(m => m.ArticleId == id && m.End > from && m.Start < to).OrderBy(m => m.Start));

    internal static readonly Func<ArchiveDbContext, string, IAsyncEnumerable<RelatedRow>> Related =
        EF.CompileAsyncQuery((ArchiveDbContext db, string id) =>
            db.ArticleRelations.AsNoTracking().Where(r => r.ArticleId == id)
                .OrderByDescending(r => r.SameStory).ThenByDescending(r => r.Score).ThenBy(r => r.RelatedId)
                .Select(r => new RelatedRow(r.RelatedId, r.SameStory)));

    /// <summary>The first <c>take</c> other articles of a story, by id.</summary>
    internal static readonly Func<ArchiveDbContext, int, string, int, IAsyncEnumerable<string>> Partners =
        EF.CompileAsyncQuery((ArchiveDbContext db, int storyId, string id, int take) =>
            db.Articles.AsNoTracking().Where(x => x.StoryId == storyId && x.Id != id).OrderBy(x => x.Id).Select(x => x.Id).Take(take));

    /// <summary>Quotes overlapping source offsets [from, to).</summary>
    internal static readonly Func<ArchiveDbContext, string, int, int, IAsyncEnumerable<QuoteRow>> Quotes =
        EF.CompileAsyncQuery((ArchiveDbContext db, string id, int from, int to) =>
            db.Quotes.AsNoTracking().Where(q => q.ArticleId == id && q.End > from && q.Start < to).OrderBy(q => q.Start)
                .Select(q => new QuoteRow(q.PersonSlug, q.Start, q.End, q.CueStart, q.CueEnd)));

    internal static readonly Func<ArchiveDbContext, string[], IAsyncEnumerable<ArticleHeading>> Headings =
        EF.CompileAsyncQuery((ArchiveDbContext db, string[] ids) =>
            db.Articles.AsNoTracking().Where(x => ids.Contains(x.Id))
                .Select(x => new ArticleHeading(x.Id, x.Title, x.Outlet == null ? null : x.Outlet.NameAr, x.Outlet == null ? null : x.Outlet.NameEn,
                    x.Published, x.DatePrecision)));

    /// <summary>A compiled query's rows as a list.</summary>
    internal static async Task<List<T>> ListAsync<T>(IAsyncEnumerable<T> rows, CancellationToken ct)
    {
        var list = new List<T>();
        await foreach (var row in rows.WithCancellation(ct))
        {
            list.Add(row);
        }

        return list;
    }
}
