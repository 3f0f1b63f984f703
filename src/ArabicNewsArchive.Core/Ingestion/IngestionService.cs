using System.Diagnostics;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Outlets;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Stories;
using ArabicNewsArchive.Topics;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Ingestion;

public enum IngestOutcome
{
    Imported,
    Unchanged,
    Updated,
    Rejected,
}

/// <summary>What happened to one file.</summary>
/// <param name="Path">The file as it was given or found.</param>
/// <param name="ArticleId">The article id it maps to, when it got that far.</param>
/// <param name="Detail">The rejection reason, or a note ("revision 2", "same bytes as 001").</param>
public sealed record IngestFileResult(string Path, string? ArticleId, IngestOutcome Outcome, string? Detail);

/// <summary>Progress through one run, reported after every file.</summary>
public sealed record IngestProgress(int Done, int Total, TimeSpan Elapsed, IngestFileResult Last)
{
    public double FilesPerSecond => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;

    /// <summary>Time left at the rate so far; null until a rate is known.</summary>
    public TimeSpan? Remaining => FilesPerSecond > 0 ? TimeSpan.FromSeconds((Total - Done) / FilesPerSecond) : null;
}

/// <summary>The outcome of a run: one result per file, in the order the files were read.</summary>
public sealed record IngestRun(IReadOnlyList<IngestFileResult> Files)
{
    public int Count(IngestOutcome outcome) => Files.Count(f => f.Outcome == outcome);

    public bool AnyRejected => Files.Any(f => f.Outcome == IngestOutcome.Rejected);
}

/// <summary>
/// The one ingestion pipeline (start-up seeding and the <c>ingest</c> command): reads files, parses them, stores each
/// in its own transaction with the facts the analysis finds. Policies (hash idempotency, revisions, id collisions,
/// skipped extensions) are in docs/ingestion.md.
/// </summary>
public sealed class IngestionService(IDbContextFactory<ArchiveDbContext> contexts, ReferenceData reference, TimeProvider? clock = null)
{
    private readonly ArticleAnalyzer _analyzer = new(reference);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>
    /// Expands paths into files: a folder gives its supported files, recursively, in ordinal order (other files are
    /// skipped silently: folders hold images and notes too); a named file is taken as it is, supported or not, so an
    /// unsupported one is reported rather than ignored.
    /// </summary>
    public static List<(string Path, string SourceFile)> ExpandPaths(IEnumerable<string> paths)
    {
        var files = new List<(string, string)>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => ArticleParser.SupportedExtensions.Contains(System.IO.Path.GetExtension(f)))
                    .Order(StringComparer.Ordinal))
                {
                    files.Add((file, System.IO.Path.GetRelativePath(path, file).Replace('\\', '/')));
                }
            }
            else
            {
                files.Add((path, System.IO.Path.GetFileName(path)));
            }
        }

        return files;
    }

    public async Task<IngestRun> IngestAsync(IEnumerable<string> paths, Action<IngestProgress>? progress = null, CancellationToken ct = default)
    {
        var files = ExpandPaths(paths);
        var results = new List<IngestFileResult>(files.Count);
        // Ids claimed in this run: a second file with the same id and other bytes is a collision, not an update.
        var claimed = new Dictionary<string, (string Path, string Sha256)>(StringComparer.Ordinal);
        var watch = Stopwatch.StartNew();
        foreach (var (path, sourceFile) in files)
        {
            ct.ThrowIfCancellationRequested();
            var result = await IngestFileAsync(path, sourceFile, claimed, ct);
            results.Add(result);
            progress?.Invoke(new IngestProgress(results.Count, files.Count, watch.Elapsed, result));
        }

        if (results.Any(r => r.Outcome is IngestOutcome.Imported or IngestOutcome.Updated))
        {
            await StoryService.RegroupAsync(contexts, reference, ct);
        }

        return new IngestRun(results);
    }

    private async Task<IngestFileResult> IngestFileAsync(
        string path, string sourceFile, Dictionary<string, (string Path, string Sha256)> claimed, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return new(path, null, IngestOutcome.Rejected, "no such file or folder");
        }

        if (!ArticleParser.SupportedExtensions.Contains(Path.GetExtension(path)))
        {
            return new(path, null, IngestOutcome.Rejected, $"unsupported file type '{Path.GetExtension(path)}' (only .txt and .md)");
        }

        var length = new FileInfo(path).Length;
        if (length > TextDecoder.MaxFileBytes)
        {
            // Checked before reading, so a huge file costs nothing.
            return new(path, null, IngestOutcome.Rejected, $"larger than the {TextDecoder.MaxFileBytes / (1024 * 1024)} MB limit ({length} bytes)");
        }

        var bytes = await File.ReadAllBytesAsync(path, ct);
        var parsed = ArticleParser.Parse(sourceFile, bytes, reference.OutletCatalog);
        if (parsed.Rejection is not null)
        {
            return new(path, null, IngestOutcome.Rejected, parsed.Rejection);
        }

        var article = parsed.Article!;
        if (claimed.TryGetValue(article.Id, out var first))
        {
            return first.Sha256 == article.Sha256
                ? new(path, article.Id, IngestOutcome.Unchanged, $"duplicate of {first.Path}")
                : new(path, article.Id, IngestOutcome.Rejected, $"id collision with {first.Path}");
        }

        claimed[article.Id] = (path, article.Sha256);
        try
        {
            return await StoreAsync(path, parsed, ct);
        }
        catch (DbUpdateException e)
        {
            return new(path, article.Id, IngestOutcome.Rejected, $"store error: {e.InnerException?.Message ?? e.Message}");
        }
    }

    private async Task<IngestFileResult> StoreAsync(string path, ParsedFile parsed, CancellationToken ct)
    {
        var article = parsed.Article!;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var stored = await db.Articles.FirstOrDefaultAsync(a => a.Id == article.Id, ct);
        if (stored is not null && stored.Sha256 == article.Sha256)
        {
            return new(path, article.Id, IngestOutcome.Unchanged, null);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = _clock.GetUtcNow();
        string? detail = null;
        if (parsed.Outlet is { } outlet && !await db.Outlets.AnyAsync(o => o.Slug == outlet.Slug, ct))
        {
            db.Outlets.Add(new Outlet { Slug = outlet.Slug, NameAr = outlet.NameAr, NameEn = outlet.NameEn });
            detail = $"new outlet '{outlet.NameAr}' ({outlet.Slug})";
        }

        IngestOutcome outcome;
        if (stored is null)
        {
            article.IngestedAt = now;
            article.UpdatedAt = now;
            db.Articles.Add(article);
            outcome = IngestOutcome.Imported;
            var twin = await db.Articles.Where(a => a.Sha256 == article.Sha256).Select(a => a.Id).FirstOrDefaultAsync(ct);
            if (twin is not null)
            {
                detail = Join(detail, $"same bytes as {twin}");
            }
        }
        else
        {
            // The old bytes are not lost: the previous version becomes a revision row.
            db.ArticleRevisions.Add(new ArticleRevision
            {
                ArticleId = stored.Id,
                Revision = stored.Revision,
                SourceFile = stored.SourceFile,
                Sha256 = stored.Sha256,
                SourceText = stored.SourceText,
                IngestedAt = stored.UpdatedAt,
                ReplacedAt = now,
            });
            await db.Paragraphs.Where(p => p.ArticleId == stored.Id).ExecuteDeleteAsync(ct);
            CopyParsed(article, stored);
            stored.Revision++;
            stored.UpdatedAt = now;
            article = stored;
            outcome = IngestOutcome.Updated;
            detail = Join(detail, $"revision {stored.Revision}");
        }

        await db.SaveChangesAsync(ct);
        await StoreFactsAsync(db, article, ct);
        await tx.CommitAsync(ct);
        return new(path, article.Id, outcome, detail);
    }

    /// <summary>
    /// Re-runs the analysis over every stored article from its stored source text (no files read), replacing the
    /// facts. Used when the reference data changed. Returns the number of articles analysed.
    /// </summary>
    public async Task<int> ReanalyzeAsync(CancellationToken ct = default)
    {
        List<string> ids;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            ids = await db.Articles.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(ct);
        }

        foreach (var id in ids)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var article = await db.Articles.Include(a => a.Paragraphs).FirstAsync(a => a.Id == id, ct);
            article.Paragraphs.Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal));
            await StoreFactsAsync(db, article, ct);
            await tx.CommitAsync(ct);
        }

        await StoryService.RegroupAsync(contexts, reference, ct);
        return ids.Count;
    }

    /// <summary>Runs the analysis and replaces every fact it owns for the article (mentions, quotes, topics, date).</summary>
    private async Task StoreFactsAsync(ArchiveDbContext db, Article article, CancellationToken ct)
    {
        var facts = _analyzer.Analyze(article);
        var id = article.Id;
        await db.Mentions.Where(m => m.ArticleId == id).ExecuteDeleteAsync(ct);
        await db.Quotes.Where(q => q.ArticleId == id).ExecuteDeleteAsync(ct);
        await db.TopicEvidence.Where(e => e.ArticleId == id).ExecuteDeleteAsync(ct);
        await db.ArticleTopics.Where(t => t.ArticleId == id).ExecuteDeleteAsync(ct);
        await db.DateEvidence.Where(e => e.ArticleId == id).ExecuteDeleteAsync(ct);

        // Candidates first: mentions and quotes may point at them.
        var people = (await db.People.Select(p => p.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var c in facts.Candidates.DistinctBy(c => c.Slug))
        {
            if (people.Add(c.Slug))
            {
                db.People.Add(new Person
                {
                    Slug = c.Slug,
                    NameAr = c.NameAr,
                    // A readable Latin form until a curator confirms the person: the slug is a transliteration.
                    NameEn = string.Join(' ', c.Slug.Split('-').Select(w => w.Length > 0 ? char.ToUpperInvariant(w[0]) + w[1..] : w)),
                    Role = c.Cue,
                    Status = PersonStatus.Candidate,
                    Aliases = [PeopleCatalog.CreateAlias(c.Slug, c.NameAr, "seen")],
                });
            }
        }

        // A fact about a person or topic the store does not know would break a foreign key: it is dropped, not stored.
        foreach (var m in facts.Mentions.Where(m => people.Contains(m.PersonSlug)))
        {
            db.Mentions.Add(new Mention { ArticleId = id, PersonSlug = m.PersonSlug, Start = m.Start, End = m.End, Text = m.Text });
        }

        foreach (var q in facts.Quotes.Where(q => people.Contains(q.PersonSlug)))
        {
            db.Quotes.Add(new Quote
            {
                ArticleId = id, PersonSlug = q.PersonSlug, Start = q.Start, End = q.End, Text = q.Text, CueStart = q.CueStart, CueEnd = q.CueEnd,
            });
        }

        var topics = (await db.Topics.Select(t => t.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var t in facts.Topics.Where(t => topics.Contains(t.TopicSlug)).DistinctBy(t => t.TopicSlug))
        {
            db.ArticleTopics.Add(new ArticleTopic
            {
                ArticleId = id,
                TopicSlug = t.TopicSlug,
                Score = t.Score,
                Evidence = [.. t.Evidence.Select(e => new TopicEvidence
                {
                    ArticleId = id, TopicSlug = t.TopicSlug, Start = e.Start, End = e.End, Text = e.Text, Weight = e.Weight,
                })],
            });
        }

        if (article.DateSource != FactSource.Stated)
        {
            (article.Published, article.DatePrecision) = (facts.Date.Published, facts.Date.Precision);
            article.DateSource = facts.Date.Published is null ? FactSource.Unknown : FactSource.Inferred;
            foreach (var e in facts.Date.Evidence)
            {
                db.DateEvidence.Add(new DateEvidence { ArticleId = id, Start = e.Start, End = e.End, Text = e.Text, Meaning = e.Meaning });
            }
        }

        await db.SaveChangesAsync(ct);
        // In the caller's transaction: the index never holds an article (or mentions) the store does not.
        await SearchIndex.UpdateArticleAsync(db, article, ct: ct);
    }

    private static void CopyParsed(Article from, Article to)
    {
        to.SourceFile = from.SourceFile;
        to.Sha256 = from.Sha256;
        to.SourceText = from.SourceText;
        to.BodyMarkdown = from.BodyMarkdown;
        to.Title = from.Title;
        to.TitleStart = from.TitleStart;
        to.TitleEnd = from.TitleEnd;
        to.TitleSource = from.TitleSource;
        to.OutletSlug = from.OutletSlug;
        to.OutletSource = from.OutletSource;
        to.OutletEvidence = from.OutletEvidence;
        to.OutletEvidenceStart = from.OutletEvidenceStart;
        to.OutletEvidenceEnd = from.OutletEvidenceEnd;
        to.Url = from.Url;
        to.Published = from.Published;
        to.DatePrecision = from.DatePrecision;
        to.DateSource = from.DateSource;
        to.Paragraphs = from.Paragraphs;
    }

    private static string Join(string? a, string b) => a is null ? b : $"{a}; {b}";
}
