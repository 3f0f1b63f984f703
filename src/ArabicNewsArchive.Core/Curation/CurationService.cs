using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Stories;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Curation;

/// <summary>How a correction request ended.</summary>
public enum CurationOutcome
{
    Done,
    NotFound,
    Invalid,
}

/// <summary>The outcome of a correction: the recorded correction, or what was not found or not valid (and which field).</summary>
public sealed record CurationResult(CurationOutcome Outcome, Correction? Correction = null, string? Field = null, string? Message = null)
{
    public static CurationResult NotFound(string message) => new(CurationOutcome.NotFound, Message: message);

    public static CurationResult Invalid(string field, string message) => new(CurationOutcome.Invalid, Field: field, Message: message);
}

/// <summary>One line of the history: a correction (or an undo) as the history lists it.</summary>
public sealed record HistoryEntry(
    int Id, string Who, DateTimeOffset When, string Action, string TargetKind, string Target, string Note,
    bool Undone, string? UndoneBy, int? Undoes, CorrectionValues Values);

/// <summary>
/// The curators' corrections (docs/curation.md): each is recorded with who, when and why, applied at once to the
/// stored facts, and re-applied by every later analysis of its article (<see cref="CorrectionSet"/>), by start-up
/// after the reference data is synced (<see cref="ApplyPeopleAsync"/>) and after stories are grouped
/// (<see cref="ApplyStoriesAsync"/>). Undo marks a correction undone and restores the inferred fact.
/// </summary>
/// <param name="reference">The reference data, needed only to analyse articles again on undo (loaded when first needed).</param>
public sealed class CurationService(IDbContextFactory<ArchiveDbContext> contexts, Func<ReferenceData> reference, TimeProvider? clock = null)
{
    /// <summary>The longest name, spelling, role or title accepted.</summary>
    public const int MaxTextLength = 300;

    /// <summary>The longest note accepted.</summary>
    public const int MaxNoteLength = 2000;

    /// <summary>The longest mention accepted (characters of source text).</summary>
    public const int MaxMentionLength = 120;

    private readonly Lazy<ReferenceData> _reference = new(reference);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    // ---- people ----

    /// <summary>Confirms a discovered person.</summary>
    public Task<CurationResult> ConfirmPersonAsync(string slug, string who, string? note, CancellationToken ct = default) =>
        OnPersonAsync(slug, who, note, CorrectionActions.ConfirmPerson, new CorrectionValues(), ct, (db, p) =>
        {
            if (p.Status != PersonStatus.Discovered)
            {
                return Task.FromResult<(CurationResult?, CorrectionBefore?)>((CurationResult.Invalid("slug", $"'{slug}' is not a discovered person (it is {SearchSnapshot.StatusName(p.Status)})."), null));
            }

            return Task.FromResult<(CurationResult?, CorrectionBefore?)>((null, new CorrectionBefore { Status = p.Status }));
        });

    /// <summary>Rejects a person: gone from facets, lists and pages; their mentions are no longer stored.</summary>
    public Task<CurationResult> RejectPersonAsync(string slug, string who, string? note, CancellationToken ct = default) =>
        OnPersonAsync(slug, who, note, CorrectionActions.RejectPerson, new CorrectionValues(), ct, async (db, p) =>
        {
            var articles = await db.Mentions.Where(m => m.PersonSlug == slug).Select(m => m.ArticleId)
                .Union(db.Quotes.Where(q => q.PersonSlug == slug).Select(q => q.ArticleId)).Distinct().ToListAsync(ct);
            return (null, new CorrectionBefore { Status = p.Status, Articles = articles });
        });

    /// <summary>Renames a person (either name may be left as it is).</summary>
    public Task<CurationResult> RenamePersonAsync(string slug, string? nameAr, string? nameEn, string who, string? note, CancellationToken ct = default)
    {
        nameAr = Clean(nameAr);
        nameEn = Clean(nameEn);
        if (nameAr is null && nameEn is null)
        {
            return Task.FromResult(CurationResult.Invalid("nameAr", "Give nameAr, nameEn or both."));
        }

        if ((nameAr?.Length ?? 0) > MaxTextLength || (nameEn?.Length ?? 0) > MaxTextLength)
        {
            return Task.FromResult(CurationResult.Invalid(nameAr?.Length > MaxTextLength ? "nameAr" : "nameEn", $"A name is at most {MaxTextLength} characters."));
        }

        return OnPersonAsync(slug, who, note, CorrectionActions.RenamePerson, new CorrectionValues { NameAr = nameAr, NameEn = nameEn }, ct,
            (db, p) => Task.FromResult<(CurationResult?, CorrectionBefore?)>((null, new CorrectionBefore { NameAr = p.NameAr, NameEn = p.NameEn, NameEnTransliterated = p.NameEnTransliterated })));
    }

    /// <summary>Adds a spelling (Arabic or Latin) to a person.</summary>
    public Task<CurationResult> AddAliasAsync(string slug, string? text, string who, string? note, CancellationToken ct = default)
    {
        text = Clean(text);
        if (text is null || text.Length > MaxTextLength)
        {
            return Task.FromResult(CurationResult.Invalid("text", $"text is the spelling to add: 1 to {MaxTextLength} characters."));
        }

        return OnPersonAsync(slug, who, note, CorrectionActions.AddAlias, new CorrectionValues { Text = text }, ct, async (db, p) =>
            await db.PersonAliases.AnyAsync(a => a.PersonSlug == slug && a.Text == text, ct)
                ? (CurationResult.Invalid("text", $"'{text}' is already a spelling of '{slug}'."), null)
                : (null, new CorrectionBefore()));
    }

    /// <summary>Sets a person's role (English, and Arabic when given).</summary>
    public Task<CurationResult> SetRoleAsync(string slug, string? role, string? roleAr, string who, string? note, CancellationToken ct = default)
    {
        role = Clean(role);
        roleAr = Clean(roleAr);
        if (role is null && roleAr is null)
        {
            return Task.FromResult(CurationResult.Invalid("role", "Give role, roleAr or both."));
        }

        if ((role?.Length ?? 0) > MaxTextLength || (roleAr?.Length ?? 0) > MaxTextLength)
        {
            return Task.FromResult(CurationResult.Invalid("role", $"A role is at most {MaxTextLength} characters."));
        }

        return OnPersonAsync(slug, who, note, CorrectionActions.SetRole, new CorrectionValues { Role = role, RoleAr = roleAr }, ct,
            (db, p) => Task.FromResult<(CurationResult?, CorrectionBefore?)>((null, new CorrectionBefore { Role = p.Role, RoleAr = p.RoleAr })));
    }

    /// <summary>Merges a person into another: spellings, mentions and quotes move; the old slug redirects.</summary>
    public async Task<CurationResult> MergePersonAsync(string slug, string? into, string who, string? note, CancellationToken ct = default)
    {
        into = Clean(into);
        if (into is null)
        {
            return CurationResult.Invalid("into", "into is the slug of the person to merge into.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var target = await FindPersonAsync(db, into, ct);
        if (target is null || target.Status == PersonStatus.Rejected)
        {
            return CurationResult.Invalid("into", $"No listed person has the slug '{into}'.");
        }

        if (target.Slug == slug)
        {
            return CurationResult.Invalid("into", "A person cannot be merged into itself.");
        }

        return await OnPersonAsync(slug, who, note, CorrectionActions.MergePerson, new CorrectionValues { Into = target.Slug }, ct, async (db2, p) =>
        {
            var aliases = await db2.PersonAliases.AsNoTracking().Where(a => a.PersonSlug == slug).ToListAsync(ct);
            var targetTexts = (await db2.PersonAliases.Where(a => a.PersonSlug == target.Slug).Select(a => a.Text).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var articles = await db2.Mentions.Where(m => m.PersonSlug == slug).Select(m => m.ArticleId)
                .Union(db2.Quotes.Where(q => q.PersonSlug == slug).Select(q => q.ArticleId)).Distinct().ToListAsync(ct);
            var snapshot = new PersonSnapshot(p.Slug, p.NameAr, p.NameEn, p.Role, p.RoleAr, p.Status, p.Country, p.Confidence, p.IdentityKey, p.NameEnTransliterated,
                [.. aliases.Select(a => new AliasSnapshot(a.Text, a.Normalized, a.PhoneticKey, a.Origin))]);
            return (null, new CorrectionBefore { Person = snapshot, MovedAliases = [.. aliases.Select(a => a.Text).Where(t => !targetTexts.Contains(t))], Articles = articles });
        });
    }

    // ---- articles ----

    /// <summary>Sets an article's publication day or interval, as stated by a curator.</summary>
    public Task<CurationResult> SetDateAsync(string id, DateOnly? from, DateOnly? to, string who, string? note, CancellationToken ct = default)
    {
        if (from is not { } start)
        {
            return Task.FromResult(CurationResult.Invalid("from", "from is the first possible day of publication, written yyyy-MM-dd."));
        }

        if (to is { } end && end < start)
        {
            return Task.FromResult(CurationResult.Invalid("to", "to must not be before from."));
        }

        if (to is { } wide && wide.DayNumber - start.DayNumber + 1 > DateRange.MaxYearWidth)
        {
            return Task.FromResult(CurationResult.Invalid("to", $"An interval is at most {DateRange.MaxYearWidth} days wide."));
        }

        return OnArticleAsync(id, who, note, CorrectionActions.SetDate, new CorrectionValues { From = start, To = to ?? start }, ct, (db, a) =>
            Task.FromResult<(CurationResult?, CorrectionBefore?)>((null, new CorrectionBefore { Published = a.Published, PublishedTo = a.PublishedTo, Precision = a.DatePrecision, DateSource = a.DateSource })));
    }

    /// <summary>Sets an article's outlet (a stored outlet's slug).</summary>
    public Task<CurationResult> SetOutletAsync(string id, string? outlet, string who, string? note, CancellationToken ct = default)
    {
        outlet = Clean(outlet);
        if (outlet is null)
        {
            return Task.FromResult(CurationResult.Invalid("outlet", "outlet is the slug of a known outlet."));
        }

        return OnArticleAsync(id, who, note, CorrectionActions.SetOutlet, new CorrectionValues { Outlet = outlet }, ct, async (db, a) =>
            !await db.Outlets.AnyAsync(o => o.Slug == outlet, ct)
                ? (CurationResult.Invalid("outlet", $"No outlet has the slug '{outlet}'."), null)
                : (null, new CorrectionBefore { Outlet = a.OutletSlug, OutletSource = a.OutletSource }));
    }

    /// <summary>Sets an article's title.</summary>
    public Task<CurationResult> SetTitleAsync(string id, string? title, string who, string? note, CancellationToken ct = default)
    {
        title = Clean(title);
        if (title is null || title.Length > MaxTextLength)
        {
            return Task.FromResult(CurationResult.Invalid("title", $"title is 1 to {MaxTextLength} characters."));
        }

        return OnArticleAsync(id, who, note, CorrectionActions.SetTitle, new CorrectionValues { Title = title }, ct, (db, a) =>
            Task.FromResult<(CurationResult?, CorrectionBefore?)>((null, new CorrectionBefore { Title = a.Title, TitleSource = a.TitleSource })));
    }

    /// <summary>Adds a topic to an article.</summary>
    public Task<CurationResult> AddTopicAsync(string id, string topic, string who, string? note, CancellationToken ct = default) =>
        OnArticleAsync(id, who, note, CorrectionActions.AddTopic, new CorrectionValues { Topic = topic }, ct, async (db, a) =>
        {
            if (!await db.Topics.AnyAsync(t => t.Slug == topic, ct))
            {
                return (CurationResult.NotFound($"No topic has the slug '{topic}'."), null);
            }

            return await db.ArticleTopics.AnyAsync(t => t.ArticleId == id && t.TopicSlug == topic, ct)
                ? (CurationResult.Invalid("topic", $"The article already has the topic '{topic}'."), null)
                : (null, new CorrectionBefore());
        });

    /// <summary>Removes a topic from an article.</summary>
    public Task<CurationResult> RemoveTopicAsync(string id, string topic, string who, string? note, CancellationToken ct = default) =>
        OnArticleAsync(id, who, note, CorrectionActions.RemoveTopic, new CorrectionValues { Topic = topic }, ct, async (db, a) =>
            await db.ArticleTopics.AnyAsync(t => t.ArticleId == id && t.TopicSlug == topic, ct)
                ? (null, new CorrectionBefore())
                : (CurationResult.NotFound($"The article has no topic '{topic}'."), null));

    /// <summary>Rejects the mention at [start, end) of the article's source text (a wrong match).</summary>
    public async Task<CurationResult> RejectMentionAsync(string id, int start, int end, string who, string? note, CancellationToken ct = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var mention = await db.Mentions.AsNoTracking().FirstOrDefaultAsync(m => m.ArticleId == id && m.Start == start && m.End == end, ct);
            if (mention is null)
            {
                return await db.Articles.AnyAsync(a => a.Id == id, ct)
                    ? CurationResult.NotFound($"The article has no mention at {start}..{end}.")
                    : CurationResult.NotFound($"No article has the id '{id}'.");
            }

            return await OnArticleAsync(id, who, note, CorrectionActions.RejectMention,
                new CorrectionValues { Start = start, End = end, Text = mention.Text, Person = mention.PersonSlug }, ct,
                (_, _) => Task.FromResult<(CurationResult?, CorrectionBefore?)>((null, new CorrectionBefore())));
        }
    }

    /// <summary>Adds a mention of a person at [start, end) of the article's source text (spaces around it are trimmed).</summary>
    public async Task<CurationResult> AddMentionAsync(string id, int start, int end, string? person, string who, string? note, CancellationToken ct = default)
    {
        person = Clean(person);
        if (person is null)
        {
            return CurationResult.Invalid("person", "person is the slug of the person named.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var source = await db.Articles.Where(a => a.Id == id).Select(a => a.SourceText).FirstOrDefaultAsync(ct);
        if (source is null)
        {
            return CurationResult.NotFound($"No article has the id '{id}'.");
        }

        if (start < 0 || start >= source.Length)
        {
            return CurationResult.Invalid("start", $"start must be an offset in the source text (0 to {source.Length - 1}).");
        }

        if (end <= start || end > source.Length)
        {
            return CurationResult.Invalid("end", $"end must be after start and at most {source.Length}.");
        }

        while (start < end && char.IsWhiteSpace(source[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(source[end - 1]))
        {
            end--;
        }

        if (end == start || end - start > MaxMentionLength)
        {
            return CurationResult.Invalid("end", $"A mention is 1 to {MaxMentionLength} characters of text.");
        }

        var target = await FindPersonAsync(db, person, ct);
        if (target is null || target.Status == PersonStatus.Rejected)
        {
            return CurationResult.Invalid("person", $"No listed person has the slug '{person}'.");
        }

        var text = source[start..end];
        return await OnArticleAsync(id, who, note, CorrectionActions.AddMention,
            new CorrectionValues { Start = start, End = end, Text = text, Person = target.Slug }, ct,
            (_, _) => Task.FromResult<(CurationResult?, CorrectionBefore?)>((null, new CorrectionBefore())));
    }

    // ---- stories ----

    /// <summary>Takes an article out of its story.</summary>
    public Task<CurationResult> SplitStoryAsync(string id, string who, string? note, CancellationToken ct = default) =>
        OnStoryAsync(id, who, note, CorrectionActions.SplitStory, new CorrectionValues(), ct, async (db, a) =>
            a.StoryId is null
                ? (CurationResult.Invalid("id", $"The article '{id}' is in no story."), null)
                : (null, new CorrectionBefore { Stories = new() { [id] = a.StoryId } }));

    /// <summary>Joins the story of an article with the story of another (either may be alone).</summary>
    public async Task<CurationResult> JoinStoriesAsync(string id, string? with, string who, string? note, CancellationToken ct = default)
    {
        with = Clean(with);
        if (with is null || with == id)
        {
            return CurationResult.Invalid("with", "with is the id of another article.");
        }

        return await OnStoryAsync(id, who, note, CorrectionActions.JoinStories, new CorrectionValues { With = with }, ct, async (db, a) =>
        {
            var other = await db.Articles.AsNoTracking().Where(x => x.Id == with).Select(x => new { x.Id, x.StoryId }).FirstOrDefaultAsync(ct);
            if (other is null)
            {
                return (CurationResult.Invalid("with", $"No article has the id '{with}'."), null);
            }

            if (a.StoryId is not null && a.StoryId == other.StoryId)
            {
                return (CurationResult.Invalid("with", "Both articles are in the same story already."), null);
            }

            var stories = new[] { a.StoryId, other.StoryId }.Where(s => s is not null).ToList();
            var members = await db.Articles.AsNoTracking().Where(x => stories.Contains(x.StoryId) || x.Id == id || x.Id == with)
                .Select(x => new { x.Id, x.StoryId }).ToListAsync(ct);
            return (null, new CorrectionBefore { Stories = members.ToDictionary(m => m.Id, m => m.StoryId, StringComparer.Ordinal) });
        });
    }

    // ---- undo and history ----

    /// <summary>Undoes a correction: it stays in the history, marked undone, and the inferred fact comes back.</summary>
    public async Task<CurationResult> UndoAsync(int correctionId, string who, string? note, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        if ((note?.Length ?? 0) > MaxNoteLength)
        {
            return CurationResult.Invalid("note", $"A note is at most {MaxNoteLength} characters.");
        }

        List<string> reanalyse = [];
        Correction undo;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var c = await db.Set<Correction>().FirstOrDefaultAsync(x => x.Id == correctionId, ct);
            if (c is null)
            {
                return CurationResult.NotFound($"No correction has the id {correctionId}.");
            }

            if (!c.IsActive)
            {
                return CurationResult.Invalid("id", c.Action == CorrectionActions.Undo ? "An undo cannot be undone; make the correction again." : "The correction is undone already.");
            }

            var now = _clock.GetUtcNow();
            (c.UndoneAt, c.UndoneBy) = (now, who);
            undo = new Correction
            {
                Action = CorrectionActions.Undo, TargetKind = c.TargetKind, Target = c.Target, Who = who, When = now, Note = note?.Trim() ?? "",
                UndoesId = c.Id, After = new CorrectionValues { Text = c.Action }.ToJson(),
            };
            db.Add(undo);
            reanalyse = await RestoreAsync(db, c, CorrectionBefore.FromJson(c.Before), CorrectionValues.FromJson(c.After), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        if (reanalyse.Count > 0)
        {
            // The inferred facts come back from the text itself, with the corrections still active applied again.
            await new IngestionService(contexts, _reference.Value).ReanalyzeArticlesAsync(reanalyse, ct);
        }

        await ApplyStoriesAsync(contexts, ct);
        return new CurationResult(CurationOutcome.Done, undo);
    }

    /// <summary>Corrections newest first (undos included), a page at a time.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var size = Math.Clamp(pageSize, 1, 500);
        var rows = await db.Set<Correction>().AsNoTracking().OrderByDescending(c => c.Id)
            .Skip((Math.Max(1, page) - 1) * size).Take(size).ToListAsync(ct);
        return [.. rows.Select(Entry)];
    }

    // Compiled once: the article page asks on every view, and EF rebuilt and looked up the inline query each time.
    private static readonly Func<ArchiveDbContext, string, int, IAsyncEnumerable<Correction>> s_articleHistory =
        EF.CompileAsyncQuery((ArchiveDbContext db, string target, int max) => db.Set<Correction>().AsNoTracking()
            .Where(c => (c.TargetKind == "article" || c.TargetKind == "story") && c.Target == target)
            .OrderByDescending(c => c.Id).Take(max));

    /// <summary>
    /// The history of one article, person or topic, newest first: the corrections aimed at it, and for a person the
    /// merges into them, for a topic the articles it was added to or removed from.
    /// </summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryOfAsync(string kind, string target, int max = 50, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(target);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var set = db.Set<Correction>().AsNoTracking();
        var into = $"\"into\":\"{target}\"";
        var topic = $"\"topic\":\"{target}\"";
        if (kind == "article")
        {
            var entries = new List<HistoryEntry>();
            await foreach (var c in s_articleHistory(db, target, max).WithCancellation(ct))
            {
                entries.Add(Entry(c));
            }

            return entries;
        }

        var query = kind switch
        {
            "person" => set.Where(c => (c.TargetKind == "person" && c.Target == target) || (c.Action == CorrectionActions.MergePerson && c.After.Contains(into))),
            "topic" => set.Where(c => (c.Action == CorrectionActions.AddTopic || c.Action == CorrectionActions.RemoveTopic) && c.After.Contains(topic)),
            "article" => set.Where(c => (c.TargetKind == "article" || c.TargetKind == "story") && c.Target == target),
            _ => set.Where(c => c.TargetKind == kind && c.Target == target),
        };
        var rows = await query.OrderByDescending(c => c.Id).Take(max).ToListAsync(ct);
        return [.. rows.Select(Entry)];
    }

    /// <summary>The slug a merged-away person now answers to, or null when the slug was never merged.</summary>
    public async Task<string?> RedirectOfAsync(string slug, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(slug);
        await using var db = await contexts.CreateDbContextAsync(ct);
        // One indexed look-up for the common case (a slug never merged): every person page asks.
        if (!await db.Set<PersonRedirect>().AnyAsync(r => r.OldSlug == slug, ct))
        {
            return null;
        }

        var redirects = await db.Set<PersonRedirect>().AsNoTracking().ToDictionaryAsync(r => r.OldSlug, r => r.NewSlug, StringComparer.Ordinal, ct);
        if (await db.People.AnyAsync(p => p.Slug == slug, ct))
        {
            return null;
        }

        for (var i = 0; i < 16 && redirects.TryGetValue(slug, out var next); i++)
        {
            slug = next;
        }

        return slug;
    }

    private static HistoryEntry Entry(Correction c) =>
        new(c.Id, c.Who, c.When, c.Action, c.TargetKind, c.Target, c.Note, c.UndoneAt is not null, c.UndoneBy, c.UndoesId, CorrectionValues.FromJson(c.After));

    // ---- re-applying (start-up, after the story step) ----

    /// <summary>
    /// Applies the active person corrections again, oldest first. Start-up calls it after the reference data is
    /// synced, which puts curated people's names, roles and status back as the files state them.
    /// </summary>
    public static async Task ApplyPeopleAsync(ArchiveDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Set<Correction>().AsNoTracking()
            .Where(c => c.TargetKind == "person" && c.UndoneAt == null && c.Action != CorrectionActions.Undo)
            .OrderBy(c => c.Id).ToListAsync(ct);
        foreach (var c in rows)
        {
            await ApplyPersonAsync(db, c, CorrectionValues.FromJson(c.After), ct);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Applies the active story corrections (splits and joins) again, oldest first; the story step calls it after it
    /// regrouped, since grouping knows nothing of curators.
    /// </summary>
    public static async Task ApplyStoriesAsync(IDbContextFactory<ArchiveDbContext> contexts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Set<Correction>().AsNoTracking()
            .Where(c => c.TargetKind == "story" && c.UndoneAt == null && c.Action != CorrectionActions.Undo)
            .OrderBy(c => c.Id).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in rows)
        {
            var v = CorrectionValues.FromJson(c.After);
            var article = await db.Articles.FirstOrDefaultAsync(a => a.Id == c.Target, ct);
            if (article is null)
            {
                continue;
            }

            touched.Add(article.Id);
            if (c.Action == CorrectionActions.SplitStory)
            {
                article.StoryId = null;
            }
            else if (c.Action == CorrectionActions.JoinStories && await db.Articles.FirstOrDefaultAsync(a => a.Id == v.With, ct) is { } other)
            {
                touched.Add(other.Id);
                if (article.StoryId is null)
                {
                    var story = new Story { Label = "" };
                    db.Stories.Add(story);
                    await db.SaveChangesAsync(ct);
                    article.StoryId = story.Id;
                }

                if (other.StoryId is { } old && old != article.StoryId)
                {
                    await db.SaveChangesAsync(ct);
                    await db.Articles.Where(a => a.StoryId == old).ExecuteUpdateAsync(u => u.SetProperty(a => a.StoryId, article.StoryId), ct);
                    touched.UnionWith(await db.Articles.Where(a => a.StoryId == article.StoryId).Select(a => a.Id).ToListAsync(ct));
                }

                other.StoryId = article.StoryId;
            }

            await db.SaveChangesAsync(ct);
        }

        await MarkSameStoryAsync(db, touched, ct);
        await tx.CommitAsync(ct);
    }

    private static async Task MarkSameStoryAsync(ArchiveDbContext db, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        // ArticleRelations is a view (StoredRelations), which SaveChanges cannot update: the rows of the articles, then
        // their mirrors (rows are stored both ways; RelatedDoc has no index), are set in SQL on the table.
        var json = System.Text.Json.JsonSerializer.Serialize(ids);
        const string docs = "(SELECT d.RowId FROM json_each({0}) j JOIN SearchDocs d ON d.ArticleId = j.value)";
        foreach (var rows in new[] { $"Doc IN {docs}", $"Doc IN (SELECT r.RelatedDoc FROM {StoredRelations.Table} r WHERE r.Doc IN {docs}) AND RelatedDoc IN {docs}" })
        {
#pragma warning disable EF1002 // Only constants are interpolated; the ids are a parameter.
            await db.Database.ExecuteSqlRawAsync($"""
                UPDATE {StoredRelations.Table} SET SameStory = COALESCE(
                    (SELECT a.StoryId FROM SearchDocs d JOIN Articles a ON a.Id = d.ArticleId WHERE d.RowId = {StoredRelations.Table}.Doc)
                    = (SELECT b.StoryId FROM SearchDocs d JOIN Articles b ON b.Id = d.ArticleId WHERE d.RowId = {StoredRelations.Table}.RelatedDoc), 0)
                WHERE {rows}
                """, [json], ct);
#pragma warning restore EF1002
        }
    }

    // ---- internals ----

    private delegate Task<(CurationResult? Refused, CorrectionBefore? Before)> Check<T>(ArchiveDbContext db, T target);

    private async Task<CurationResult> OnPersonAsync(
        string slug, string who, string? note, string action, CorrectionValues values, CancellationToken ct, Check<Person> check)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var person = await FindPersonAsync(db, slug, ct);
        if (person is null)
        {
            return CurationResult.NotFound($"No person has the slug '{slug}'.");
        }

        if (person.Status == PersonStatus.Rejected && action != CorrectionActions.RejectPerson)
        {
            return CurationResult.NotFound($"The person '{slug}' was rejected; undo the rejection first.");
        }

        if (person.Status == PersonStatus.Rejected)
        {
            return CurationResult.Invalid("slug", $"The person '{slug}' is rejected already.");
        }

        return await RecordAsync(db, "person", slug, who, note, action, values, ct, () => check(db, person),
            c => ApplyPersonAsync(db, c, values, ct));
    }

    private async Task<CurationResult> OnArticleAsync(
        string id, string who, string? note, string action, CorrectionValues values, CancellationToken ct, Check<Article> check)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null)
        {
            return CurationResult.NotFound($"No article has the id '{id}'.");
        }

        return await RecordAsync(db, "article", id, who, note, action, values, ct, () => check(db, article),
            _ => ReapplyArticleAsync(db, id, ct));
    }

    private async Task<CurationResult> OnStoryAsync(
        string id, string who, string? note, string action, CorrectionValues values, CancellationToken ct, Check<Article> check)
    {
        CurationResult result;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
            if (article is null)
            {
                return CurationResult.NotFound($"No article has the id '{id}'.");
            }

            result = await RecordAsync(db, "story", id, who, note, action, values, ct, () => check(db, article), _ => Task.CompletedTask);
        }

        if (result.Outcome == CurationOutcome.Done)
        {
            await ApplyStoriesAsync(contexts, ct);
        }

        return result;
    }

    private async Task<CurationResult> RecordAsync(
        ArchiveDbContext db, string kind, string target, string who, string? note, string action, CorrectionValues values, CancellationToken ct,
        Func<Task<(CurationResult? Refused, CorrectionBefore? Before)>> check, Func<Correction, Task> apply)
    {
        ArgumentNullException.ThrowIfNull(who);
        if ((note?.Length ?? 0) > MaxNoteLength)
        {
            return CurationResult.Invalid("note", $"A note is at most {MaxNoteLength} characters.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (refused, before) = await check();
        if (refused is not null)
        {
            return refused;
        }

        var correction = new Correction
        {
            Action = action, TargetKind = kind, Target = target, Who = who, When = _clock.GetUtcNow(), Note = note?.Trim() ?? "",
            After = values.ToJson(), Before = (before ?? new CorrectionBefore()).ToJson(),
        };
        db.Add(correction);
        await db.SaveChangesAsync(ct);
        await apply(correction);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new CurationResult(CurationOutcome.Done, correction);
    }

    private static Task<Person?> FindPersonAsync(ArchiveDbContext db, string slug, CancellationToken ct) =>
        db.People.FirstOrDefaultAsync(p => p.Slug == slug, ct);

    /// <summary>Applies a person correction to the stored rows (idempotent: start-up replays them).</summary>
    private static async Task ApplyPersonAsync(ArchiveDbContext db, Correction c, CorrectionValues v, CancellationToken ct)
    {
        var person = await FindPersonAsync(db, c.Target, ct);
        if (person is null)
        {
            return;
        }

        switch (c.Action)
        {
            case CorrectionActions.ConfirmPerson when person.Status == PersonStatus.Discovered:
                person.Status = PersonStatus.Confirmed;
                break;
            case CorrectionActions.RejectPerson:
                person.Status = PersonStatus.Rejected;
                await db.SaveChangesAsync(ct);
                var articles = await db.Mentions.Where(m => m.PersonSlug == person.Slug).Select(m => m.ArticleId).Distinct().ToListAsync(ct);
                await LeanFacts.DeleteOfPersonAsync(db, person.Slug, ct);
                await ReindexAsync(db, articles, ct);
                break;
            case CorrectionActions.RenamePerson:
                person.NameAr = v.NameAr ?? person.NameAr;
                person.NameEn = v.NameEn ?? person.NameEn;
                // An English name a curator wrote is no transliteration's guess.
                person.NameEnTransliterated &= v.NameEn is null;
                break;
            case CorrectionActions.SetRole:
                person.Role = v.Role ?? person.Role;
                person.RoleAr = v.RoleAr ?? (v.Role is not null && person.Status != PersonStatus.Curated ? v.Role : person.RoleAr);
                break;
            case CorrectionActions.AddAlias when v.Text is { } text:
                if (!await db.PersonAliases.AnyAsync(a => a.PersonSlug == person.Slug && a.Text == text, ct))
                {
                    db.PersonAliases.Add(PeopleCatalog.CreateAlias(person.Slug, text, "curator"));
                }

                break;
            case CorrectionActions.MergePerson when v.Into is { } into && await FindPersonAsync(db, into, ct) is { } target:
                await MergeRowsAsync(db, person, target, c.Id, ct);
                break;
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Moves a person's spellings, mentions and quotes onto another, removes the person, keeps a redirect.</summary>
    private static async Task MergeRowsAsync(ArchiveDbContext db, Person from, Person into, int correctionId, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        var articles = await db.Mentions.Where(m => m.PersonSlug == from.Slug).Select(m => m.ArticleId)
            .Union(db.Quotes.Where(q => q.PersonSlug == from.Slug).Select(q => q.ArticleId)).Distinct().ToListAsync(ct);
        var targetTexts = db.PersonAliases.Where(a => a.PersonSlug == into.Slug).Select(a => a.Text);
        await db.PersonAliases.Where(a => a.PersonSlug == from.Slug && !targetTexts.Contains(a.Text))
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.PersonSlug, into.Slug), ct);
        await LeanFacts.MovePersonAsync(db, from.Slug, into.Slug, ct);
        await db.Set<PersonRedirect>().Where(r => r.NewSlug == from.Slug).ExecuteUpdateAsync(u => u.SetProperty(r => r.NewSlug, into.Slug), ct);
        if (await db.Set<PersonRedirect>().FirstOrDefaultAsync(r => r.OldSlug == from.Slug, ct) is { } existing)
        {
            (existing.NewSlug, existing.CorrectionId) = (into.Slug, correctionId);
            existing.OldIdentityKey = from.IdentityKey.Length > 0 ? from.IdentityKey : existing.OldIdentityKey;
        }
        else
        {
            db.Add(new PersonRedirect { OldSlug = from.Slug, NewSlug = into.Slug, OldIdentityKey = from.IdentityKey, CorrectionId = correctionId });
        }

        if (into.Status == PersonStatus.Discovered && from.Status != PersonStatus.Discovered)
        {
            // Merging a confirmed or curated name into a discovered one vouches for it.
            into.Status = PersonStatus.Confirmed;
        }

        into.Confidence = 1 - ((1 - into.Confidence) * (1 - from.Confidence));
        db.People.Remove(from);
        await db.SaveChangesAsync(ct);
        await ReindexAsync(db, articles, ct);
    }

    /// <summary>
    /// Applies the article's active corrections to its stored facts (the same <see cref="CorrectionSet.ApplyTo"/> the
    /// analysis runs), then re-indexes it.
    /// </summary>
    private static async Task ReapplyArticleAsync(ArchiveDbContext db, string id, CancellationToken ct)
    {
        var set = await CorrectionSet.LoadAsync(db, ct);
        var article = await db.Articles.FirstAsync(a => a.Id == id, ct);
        // Untracked: the facts are views over the lean tables (migration LeanFacts), written below in SQL.
        var mentions = await db.Mentions.AsNoTracking().Where(m => m.ArticleId == id).OrderBy(m => m.Start).ToListAsync(ct);
        var quotes = await db.Quotes.AsNoTracking().Where(q => q.ArticleId == id).ToListAsync(ct);
        var topics = await db.ArticleTopics.AsNoTracking().Where(t => t.ArticleId == id).ToListAsync(ct);
        var (m0, q0, t0) = (mentions.ToList(), quotes.ToList(), topics.ToList());
        var people = (await db.People.Select(p => p.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var topicSlugs = (await db.Topics.Select(t => t.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var outlets = (await db.Outlets.Select(o => o.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        set.ApplyTo(article, mentions, quotes, topics, people, topicSlugs, outlets);
        await db.SaveChangesAsync(ct);
        var goneMentions = m0.Where(m => !mentions.Contains(m)).Select(m => m.Id).ToList();
        var goneQuotes = q0.Where(q => !quotes.Contains(q)).Select(q => q.Id).ToList();
        var goneTopics = t0.Where(t => !topics.Contains(t)).Select(t => t.TopicSlug).ToList();
        await LeanFacts.DeleteMentionsAsync(db, goneMentions, ct);
        await LeanFacts.DeleteQuotesAsync(db, goneQuotes, ct);
        await LeanFacts.DeleteTopicsAsync(db, id, goneTopics, ct);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            using var inserter = new RowInserter(db);
            inserter.InsertAll(mentions.Where(m => !m0.Contains(m)));
            inserter.InsertAll(topics.Where(t => !t0.Contains(t)));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        await SearchIndex.UpdateArticleAsync(db, article, null, ct);
    }

    private static async Task ReindexAsync(ArchiveDbContext db, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        foreach (var id in ids)
        {
            if (await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is { } article)
            {
                await SearchIndex.UpdateArticleAsync(db, article, null, ct);
            }
        }
    }

    /// <summary>Puts back what a correction changed; returns the articles to analyse again.</summary>
    private static async Task<List<string>> RestoreAsync(ArchiveDbContext db, Correction c, CorrectionBefore before, CorrectionValues v, CancellationToken ct)
    {
        switch (c.Action)
        {
            case CorrectionActions.ConfirmPerson or CorrectionActions.RenamePerson or CorrectionActions.SetRole or CorrectionActions.RejectPerson:
                if (await FindPersonAsync(db, c.Target, ct) is { } p)
                {
                    p.Status = before.Status ?? p.Status;
                    (p.NameAr, p.NameEn) = (before.NameAr ?? p.NameAr, before.NameEn ?? p.NameEn);
                    p.NameEnTransliterated = before.NameEnTransliterated ?? p.NameEnTransliterated;
                    (p.Role, p.RoleAr) = (before.Role ?? p.Role, before.RoleAr ?? p.RoleAr);
                }

                return c.Action == CorrectionActions.RejectPerson ? before.Articles ?? [] : [];
            case CorrectionActions.AddAlias:
                await db.PersonAliases.Where(a => a.PersonSlug == c.Target && a.Text == v.Text && a.Origin == "curator").ExecuteDeleteAsync(ct);
                return [];
            case CorrectionActions.MergePerson when before.Person is { } s:
                var into = v.Into ?? "";
                var moved = before.MovedAliases ?? [];
                await db.PersonAliases.Where(a => a.PersonSlug == into && moved.Contains(a.Text)).ExecuteDeleteAsync(ct);
                await db.Set<PersonRedirect>().Where(r => r.OldSlug == s.Slug).ExecuteDeleteAsync(ct);
                if (!await db.People.AnyAsync(x => x.Slug == s.Slug, ct))
                {
                    var person = new Person
                    {
                        Slug = s.Slug, NameAr = s.NameAr, NameEn = s.NameEn, Role = s.Role, RoleAr = s.RoleAr, Status = s.Status, Country = s.Country,
                        Confidence = s.Confidence, IdentityKey = s.IdentityKey, NameEnTransliterated = s.NameEnTransliterated,
                    };
                    person.Aliases.AddRange(s.Aliases.Select(a => new PersonAlias { PersonSlug = s.Slug, Text = a.Text, Normalized = a.Normalized, PhoneticKey = a.PhoneticKey, Origin = a.Origin }));
                    db.People.Add(person);
                }

                return before.Articles ?? [];
            case CorrectionActions.SetDate or CorrectionActions.SetTitle or CorrectionActions.SetOutlet:
                if (await db.Articles.FirstOrDefaultAsync(a => a.Id == c.Target, ct) is { } article)
                {
                    if (c.Action == CorrectionActions.SetDate)
                    {
                        (article.Published, article.PublishedTo) = (before.Published, before.PublishedTo);
                        (article.DatePrecision, article.DateSource) = (before.Precision ?? article.DatePrecision, before.DateSource ?? article.DateSource);
                    }
                    else if (c.Action == CorrectionActions.SetTitle)
                    {
                        (article.Title, article.TitleSource) = (before.Title ?? article.Title, before.TitleSource ?? article.TitleSource);
                    }
                    else
                    {
                        (article.OutletSlug, article.OutletSource) = (before.Outlet, before.OutletSource ?? article.OutletSource);
                    }
                }

                return [c.Target];
            case CorrectionActions.SplitStory or CorrectionActions.JoinStories:
                foreach (var (id, story) in before.Stories ?? [])
                {
                    var storyId = story is { } s2 && await db.Stories.AnyAsync(x => x.Id == s2, ct) ? story : null;
                    await db.Articles.Where(a => a.Id == id).ExecuteUpdateAsync(u => u.SetProperty(a => a.StoryId, storyId), ct);
                }

                await MarkSameStoryAsync(db, [.. (before.Stories ?? []).Keys], ct);
                return [];
            default:
                return [c.Target];
        }
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
