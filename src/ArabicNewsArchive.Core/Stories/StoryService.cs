using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Dates;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Stories;

/// <summary>
/// The cross-article step of the analysis: groups stored articles into stories, stores the relations, and lets
/// story partners narrow a date an article's own text leaves open (its year, say). Runs after an ingest run that
/// changed something and after re-analysis; reads stored text, never files.
/// </summary>
public static class StoryService
{
    /// <summary>Recomputes stories, relations and story-refined dates for the whole store, in one transaction.</summary>
    public static async Task RegroupAsync(IDbContextFactory<ArchiveDbContext> contexts, ReferenceData reference, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(reference);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Articles.AsNoTracking()
            .Select(a => new { a.Id, a.SourceText, a.DateSource, a.Published })
            .ToListAsync(ct);
        // Only the boilerplate paragraphs matter here: the analysis blanks them (offsets kept).
        var boilerplate = (await db.Paragraphs.AsNoTracking().Where(p => p.Kind == ParagraphKind.Boilerplate).ToListAsync(ct))
            .ToLookup(p => p.ArticleId);
        var persons = (await db.Mentions.AsNoTracking().Select(m => new { m.ArticleId, m.PersonSlug }).Distinct().ToListAsync(ct))
            .ToLookup(m => m.ArticleId, m => m.PersonSlug);

        // The stored date went through the same inference at ingestion; re-running it here gives the window of days
        // the text allows, which the stored DateFact alone does not keep.
        var inference = new PublicationDateInference(reference.DatedEvents);
        var inferences = rows.ToDictionary(
            r => r.Id,
            r => r.DateSource == FactSource.Stated && r.Published is { } day
                ? new DateInference { Fact = new DateFact(day, DatePrecision.Day, []), Earliest = day, Latest = day, CandidateCount = 1 }
                : inference.Infer(ArticleAnalyzer.DatedTextOf(r.SourceText, [.. boilerplate[r.Id]])),
            StringComparer.Ordinal);

        var names = reference.People.ToDictionary(p => p.Slug, p => p.NameAr, StringComparer.Ordinal);
        var grouping = new StoryClusterer { PersonName = s => names.GetValueOrDefault(s, s) }.Group(
            rows.Select(r => new StoryArticle(r.Id, ArticleAnalyzer.ProseOf(r.SourceText, [.. boilerplate[r.Id]]), inferences[r.Id].Earliest, inferences[r.Id].Latest, [.. persons[r.Id]])).ToList());
        var refined = PublicationDateInference.RefineWithStories(inferences, grouping.Groups.Select(g => (IReadOnlyCollection<string>)g.ArticleIds));

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Articles.Where(a => a.StoryId != null).ExecuteUpdateAsync(s => s.SetProperty(a => a.StoryId, (int?)null), ct);
        await db.ArticleRelations.ExecuteDeleteAsync(ct);
        await db.Stories.ExecuteDeleteAsync(ct);

        db.ArticleRelations.AddRange(grouping.Relations);
        var stories = grouping.Groups.Where(g => g.ArticleIds.Count > 1).Select(g => (Group: g, Story: new Story { Label = g.Label })).ToList();
        db.Stories.AddRange(stories.Select(s => s.Story));
        await db.SaveChangesAsync(ct);
        foreach (var (group, story) in stories)
        {
            await db.Articles.Where(a => group.ArticleIds.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.StoryId, story.Id), ct);
        }

        foreach (var row in rows.Where(r => r.DateSource != FactSource.Stated))
        {
            if (ReferenceEquals(refined[row.Id], inferences[row.Id]))
            {
                continue;
            }

            var fact = refined[row.Id].Fact;
            var article = await db.Articles.Include(a => a.DateEvidence).FirstAsync(a => a.Id == row.Id, ct);
            (article.Published, article.DatePrecision) = (fact.Published, fact.Precision);
            article.DateSource = fact.Published is null ? FactSource.Unknown : FactSource.Inferred;
            db.DateEvidence.RemoveRange(article.DateEvidence);
            db.DateEvidence.AddRange(fact.Evidence.Select(e => new DateEvidence { ArticleId = row.Id, Start = e.Start, End = e.End, Text = e.Text, Meaning = e.Meaning }));
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
