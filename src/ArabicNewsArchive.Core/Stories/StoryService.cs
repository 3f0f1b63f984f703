using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Dates;
using System.Data.Common;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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
        // Only the boilerplate paragraphs matter here: the analysis blanks them (offsets kept).
        var boilerplate = (await db.Paragraphs.AsNoTracking().Where(p => p.Kind == ParagraphKind.Boilerplate).ToListAsync(ct))
            .ToLookup(p => p.ArticleId);
        var persons = (await db.Mentions.AsNoTracking().Select(m => new { m.ArticleId, m.PersonSlug }).Distinct().ToListAsync(ct))
            .ToLookup(m => m.ArticleId, m => m.PersonSlug);

        // The stored date went through the same inference at ingestion; re-running it here gives the window of days
        // the text allows, which the stored DateFact alone does not keep. The texts are streamed: each is read, dated
        // and reduced to its stem counts (stems shared through one pool), so memory holds counts, not the archive.
        var inference = new PublicationDateInference(reference.DatedEvents);
        var inferences = new Dictionary<string, DateInference>(StringComparer.Ordinal);
        var articles = new List<StoryArticle>();
        var stated = new HashSet<string>(StringComparer.Ordinal);
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var r in db.Articles.AsNoTracking().Select(a => new { a.Id, a.SourceText, a.DateSource, a.Published }).AsAsyncEnumerable().WithCancellation(ct))
        {
            var hidden = boilerplate[r.Id].ToList();
            var inferred = r.DateSource == FactSource.Stated && r.Published is { } day
                ? new DateInference { Fact = new DateFact(day, DatePrecision.Day, []), Earliest = day, Latest = day, CandidateCount = 1 }
                : inference.Infer(ArticleAnalyzer.DatedTextOf(r.SourceText, hidden));
            inferences[r.Id] = inferred;
            if (r.DateSource == FactSource.Stated)
            {
                stated.Add(r.Id);
            }

            var terms = StoryClusterer.CountTerms(ArabicTokenizer.Tokenize(ArticleAnalyzer.ProseOf(r.SourceText, hidden)), pool);
            articles.Add(new StoryArticle(r.Id, "", inferred.Earliest, inferred.Latest, [.. persons[r.Id]]) { TermCounts = terms });
        }

        var names = reference.People.ToDictionary(p => p.Slug, p => p.NameAr, StringComparer.Ordinal);
        var grouping = new StoryClusterer { PersonName = s => names.GetValueOrDefault(s, s) }.Group(articles);
        articles.Clear();
        var refined = PublicationDateInference.RefineWithStories(inferences, grouping.Groups.Select(g => (IReadOnlyCollection<string>)g.ArticleIds));

        await db.Database.OpenConnectionAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Articles.Where(a => a.StoryId != null).ExecuteUpdateAsync(s => s.SetProperty(a => a.StoryId, (int?)null), ct);
        await db.ArticleRelations.ExecuteDeleteAsync(ct);
        await db.Stories.ExecuteDeleteAsync(ct);

        // Relations and story links go through prepared statements: a large archive has millions of relation rows,
        // which EF change tracking would hold in memory and insert one generated statement at a time.
        var connection = db.Database.GetDbConnection();
        var dbTx = tx.GetDbTransaction();
        await using (var insert = Command(connection, dbTx, "INSERT INTO ArticleRelations (ArticleId, RelatedId, Score, SameStory) VALUES ($a, $b, $s, $same)", "$a", "$b", "$s", "$same"))
        {
            foreach (var r in grouping.Relations)
            {
                (insert.Parameters[0].Value, insert.Parameters[1].Value, insert.Parameters[2].Value, insert.Parameters[3].Value) = (r.ArticleId, r.RelatedId, r.Score, r.SameStory);
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        var stories = grouping.Groups.Where(g => g.ArticleIds.Count > 1).Select(g => (Group: g, Story: new Story { Label = g.Label })).ToList();
        db.Stories.AddRange(stories.Select(s => s.Story));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await using (var link = Command(connection, dbTx, "UPDATE Articles SET StoryId = $story WHERE Id = $id", "$story", "$id"))
        {
            foreach (var (group, story) in stories)
            {
                foreach (var id in group.ArticleIds)
                {
                    (link.Parameters[0].Value, link.Parameters[1].Value) = (story.Id, id);
                    await link.ExecuteNonQueryAsync(ct);
                }
            }
        }

        foreach (var id in inferences.Keys.Where(id => !stated.Contains(id)))
        {
            if (ReferenceEquals(refined[id], inferences[id]))
            {
                continue;
            }

            var fact = refined[id].Fact;
            var article = await db.Articles.Include(a => a.DateEvidence).FirstAsync(a => a.Id == id, ct);
            (article.Published, article.DatePrecision) = (fact.Published, fact.Precision);
            article.DateSource = fact.Published is null ? FactSource.Unknown : FactSource.Inferred;
            db.DateEvidence.RemoveRange(article.DateEvidence);
            db.DateEvidence.AddRange(fact.Evidence.Select(e => new DateEvidence { ArticleId = id, Start = e.Start, End = e.End, Text = e.Text, Meaning = e.Meaning }));
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var name in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
        }

        return command;
    }
}
