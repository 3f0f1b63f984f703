using System.Data.Common;
using System.Globalization;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Dates;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ArabicNewsArchive.Stories;

/// <summary>
/// The cross-article step of the analysis: groups stored articles into stories, stores the relations, and lets
/// story partners narrow a date an article's own text leaves open (its year, say). Works from the features the
/// analysis stored per article (<see cref="ArticleStoryFeatures"/>), never re-tokenising or re-dating the archive:
/// <see cref="UpdateAsync"/> after an ingest run regroups only around the articles the run changed;
/// <see cref="RegroupAsync"/> regroups everything (re-analysis). See docs/dates-topics-stories.md.
/// </summary>
public static class StoryService
{
    /// <summary>When more than 1/this of the archive is new or revised, one full regroup is cheaper (and exact)...</summary>
    private const int FullRegroupDivisor = 4;

    /// <summary>...provided that is more than this many articles: below it the incremental step costs little either way.</summary>
    private const int FullRegroupMinimum = 1000;

    /// <summary>Recomputes stories, relations, the story index and story-refined dates for the whole store, in one transaction.</summary>
    public static async Task RegroupAsync(IDbContextFactory<ArchiveDbContext> contexts, ReferenceData reference, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(reference);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await FullAsync(db, reference, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Brings stories up to date with the articles whose features are not counted yet (new or revised since the last
    /// story step): they are filed in the story index, compared with the articles sharing their keys, and only the
    /// stories around them are regrouped (ids kept where a story survives), with their relations and dates. Does
    /// nothing when nothing changed; falls back to <see cref="RegroupAsync"/> when much of the archive changed.
    /// </summary>
    public static async Task UpdateAsync(IDbContextFactory<ArchiveDbContext> contexts, ReferenceData reference, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(reference);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var features = db.Set<ArticleStoryFeatures>();
        var pending = await features.AsNoTracking().Where(f => !f.Counted).ToListAsync(ct);
        var total = await features.CountAsync(ct);
        // Articles stored before features existed have none: only a full regroup (which computes them) sees them.
        var legacy = await db.Articles.CountAsync(ct) > total;
        if (pending.Count == 0 && !legacy)
        {
            return;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (legacy || (pending.Count > FullRegroupMinimum && (long)pending.Count * FullRegroupDivisor > total) || !await db.Set<StoryTerm>().AnyAsync(ct))
        {
            await FullAsync(db, reference, ct);
        }
        else
        {
            await IncrementalAsync(db, reference, pending, total, ct);
        }

        await tx.CommitAsync(ct);
    }

    private static readonly bool s_trace = Environment.GetEnvironmentVariable("STORY_TRACE") is not null;
    private static readonly System.Diagnostics.Stopwatch s_watch = System.Diagnostics.Stopwatch.StartNew();

    private static void Trace(string what)
    {
        if (s_trace)
        {
            Console.Error.WriteLine($"[story] {s_watch.Elapsed.TotalSeconds:F2} {what} (heap {GC.GetTotalMemory(false) / 1048576} MB)");
        }
    }

    private static StoryClusterer Clusterer(ReferenceData reference)
    {
        var names = reference.People.ToDictionary(p => p.Slug, p => p.NameAr, StringComparer.Ordinal);
        return new StoryClusterer { PersonName = s => names.GetValueOrDefault(s, s) };
    }

    private static StoryArticle ToArticle(string id, DateOnly? earliest, DateOnly? latest, string terms, string persons, Dictionary<string, string>? pool) =>
        new(id, "", earliest, latest, ArticleStoryFeatures.ParsePersons(persons)) { TermCounts = ArticleStoryFeatures.ParseTerms(terms, pool) };

    private static async Task FullAsync(ArchiveDbContext db, ReferenceData reference, CancellationToken ct)
    {
        await AddMissingFeaturesAsync(db, reference, ct);
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        var articles = new List<StoryArticle>();
        await foreach (var f in db.Set<ArticleStoryFeatures>().AsNoTracking()
            .Select(f => new { f.ArticleId, f.Earliest, f.Latest, f.Terms, f.Persons }).AsAsyncEnumerable().WithCancellation(ct))
        {
            articles.Add(ToArticle(f.ArticleId, f.Earliest, f.Latest, f.Terms, f.Persons, pool));
        }

        Trace("full: features loaded");
        var clusterer = Clusterer(reference);
        var grouping = clusterer.Group(articles, out var df, out var keys);
        Trace("full: grouped");
        var connection = db.Database.GetDbConnection();
        var dbTx = db.Database.CurrentTransaction!.GetDbTransaction();

        // The story index, rebuilt with exact document frequencies: what the incremental step starts from.
        await db.Set<StoryKey>().ExecuteDeleteAsync(ct);
        await db.Set<StoryTerm>().ExecuteDeleteAsync(ct);
        var posted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in keys.SelectMany(k => k))
        {
            posted[key] = posted.GetValueOrDefault(key) + 1;
        }

        await using (var insert = Command(connection, dbTx, "INSERT INTO StoryTerms (Key, Df, Posted) VALUES ($k, $d, $p)", "$k", "$d", "$p"))
        {
            foreach (var key in df.Keys.Concat(posted.Keys.Where(k => !df.ContainsKey(k))))
            {
                (insert.Parameters[0].Value, insert.Parameters[1].Value, insert.Parameters[2].Value) = (key, df.GetValueOrDefault(key), posted.GetValueOrDefault(key));
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        await using (var insert = Command(connection, dbTx, "INSERT INTO StoryKeys (Key, ArticleId) VALUES ($k, $a)", "$k", "$a"))
        {
            for (var i = 0; i < articles.Count; i++)
            {
                foreach (var key in keys[i].Where(k => posted[k] <= clusterer.MaxPostings))
                {
                    (insert.Parameters[0].Value, insert.Parameters[1].Value) = (key, articles[i].Id);
                    await insert.ExecuteNonQueryAsync(ct);
                }
            }
        }

        await db.Set<ArticleStoryFeatures>().Where(f => !f.Counted || f.CountedTerms != null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Counted, true).SetProperty(f => f.CountedTerms, (string?)null), ct);

        await db.Articles.Where(a => a.StoryId != null).ExecuteUpdateAsync(s => s.SetProperty(a => a.StoryId, (int?)null), ct);
        await db.ArticleRelations.ExecuteDeleteAsync(ct);
        await db.Stories.ExecuteDeleteAsync(ct);
        Trace("full: index written");
        await InsertRelationsAsync(connection, dbTx, grouping.Relations, ct);
        Trace("full: relations written");
        var stories = grouping.Groups.Select(g => (Group: g, Story: new Story { Label = g.Label })).ToList();
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

        Trace("full: stories written");
        await RefineDatesAsync(db, reference, articles, grouping.Groups, ct);
        Trace("full: dates");
    }

    private static async Task IncrementalAsync(
        ArchiveDbContext db, ReferenceData reference, List<ArticleStoryFeatures> pending, int total, CancellationToken ct)
    {
        var clusterer = Clusterer(reference);
        var connection = db.Database.GetDbConnection();
        var dbTx = db.Database.CurrentTransaction!.GetDbTransaction();
        var terms = new Dictionary<string, (int Df, int Posted)>(StringComparer.Ordinal);
        await foreach (var t in db.Set<StoryTerm>().AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            terms[t.Key] = (t.Df, t.Posted);
        }

        var dirty = new HashSet<string>(StringComparer.Ordinal);
        void Change(string key, int df, int posted)
        {
            var (d, p) = terms.GetValueOrDefault(key);
            terms[key] = (d + df, p + posted);
            dirty.Add(key);
        }

        Trace("step 1");
        // 1. Document frequencies: a revision's old terms out, every pending article's terms in.
        var articles = new Dictionary<string, StoryArticle>(StringComparer.Ordinal);
        foreach (var f in pending)
        {
            if (f.CountedTerms is { } old)
            {
                foreach (var term in ArticleStoryFeatures.ParseTerms(old).Keys)
                {
                    Change(term, -1, 0);
                }
            }

            var article = ToArticle(f.ArticleId, f.Earliest, f.Latest, f.Terms, f.Persons, null);
            articles[f.ArticleId] = article;
            foreach (var term in article.TermCounts!.Keys)
            {
                Change(term, 1, 0);
            }
        }

        Dictionary<string, double> VectorOf(StoryArticle a) => StoryClusterer.Vector(a.TermCounts!, t => terms.GetValueOrDefault(t).Df, total);

        Trace("step 2");
        // 2. Postings: each pending article's old keys out, its keys under today's frequencies in.
        var pendingIds = pending.Select(f => f.ArticleId).ToList();
        var pendingSet = pendingIds.ToHashSet(StringComparer.Ordinal);
        await FillScopeAsync(connection, dbTx, "story_pending", pendingIds, ct);
        foreach (var key in await ListAsync(connection, dbTx, "SELECT Key FROM StoryKeys WHERE ArticleId IN (SELECT Id FROM story_pending)", ct))
        {
            Change(key, 0, -1);
        }

        await ExecuteAsync(connection, dbTx, "DELETE FROM StoryKeys WHERE ArticleId IN (SELECT Id FROM story_pending)", ct);
        var keysOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var id in pendingIds)
        {
            keysOf[id] = clusterer.KeysOf(articles[id], VectorOf(articles[id]));
            foreach (var key in keysOf[id])
            {
                Change(key, 0, 1);
            }
        }

        await using (var insert = Command(connection, dbTx, "INSERT OR IGNORE INTO StoryKeys (Key, ArticleId) VALUES ($k, $a)", "$k", "$a"))
        {
            foreach (var id in pendingIds)
            {
                foreach (var key in keysOf[id].Where(k => terms[k].Posted <= clusterer.MaxPostings))
                {
                    (insert.Parameters[0].Value, insert.Parameters[1].Value) = (key, id);
                    await insert.ExecuteNonQueryAsync(ct);
                }
            }
        }

        // A key that has just grown too common says nothing more: its postings go.
        await using (var drop = Command(connection, dbTx, "DELETE FROM StoryKeys WHERE Key = $k", "$k"))
        {
            foreach (var key in keysOf.Values.SelectMany(k => k).Distinct(StringComparer.Ordinal).Where(k => terms[k].Posted > clusterer.MaxPostings))
            {
                drop.Parameters[0].Value = key;
                await drop.ExecuteNonQueryAsync(ct);
            }
        }

        Trace("step 3");
        // 3. Candidates: articles sharing enough keys with a pending one, as the full grouping would pair them.
        var candidates = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await using (var postings = Command(connection, dbTx, "SELECT ArticleId FROM StoryKeys WHERE Key = $k", "$k"))
        {
            foreach (var id in pendingIds)
            {
                var shared = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var key in keysOf[id].Where(k => terms[k].Posted is > 1 and var p && p <= clusterer.MaxPostings))
                {
                    var person = key.StartsWith(StoryClusterer.PersonKeyPrefix, StringComparison.Ordinal);
                    postings.Parameters[0].Value = key;
                    await using var reader = await postings.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        var other = reader.GetString(0);
                        if (other != id)
                        {
                            shared[other] = shared.GetValueOrDefault(other) + (person ? clusterer.MinSharedTopTerms : 1);
                        }
                    }
                }

                candidates[id] = [.. shared.Where(kv => kv.Value >= clusterer.MinSharedTopTerms).Select(kv => kv.Key)];
            }
        }

        await LoadArticlesAsync(db, connection, dbTx, candidates.Values.SelectMany(c => c).Where(c => !articles.ContainsKey(c)).Distinct().ToList(), articles, ct);
        var vectorCache = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        Dictionary<string, double> CachedVector(string id) =>
            vectorCache.TryGetValue(id, out var v) ? v : vectorCache[id] = VectorOf(articles[id]);

        // Scored once here: only a pair that may make one story (score and dates) widens the neighbourhood; a pair
        // that is merely related gets its relation rows below and leaves the stories alone.
        var scope = new HashSet<string>(pendingIds, StringComparer.Ordinal);
        var related = new List<(string A, string B, double Score)>();
        foreach (var (id, others) in candidates)
        {
            var a = articles[id];
            foreach (var other in others.Where(articles.ContainsKey))
            {
                var b = articles[other];
                var score = clusterer.Score(CachedVector(id), CachedVector(other), a.Persons, b.Persons);
                if (score >= clusterer.SameStoryThreshold && clusterer.DatesCompatible(a, b))
                {
                    scope.Add(other);
                }
                else if (score >= clusterer.RelatedThreshold && !pendingSet.Contains(other))
                {
                    related.Add((id, other, score));
                }
            }
        }

        Trace("step 4");
        // 4. The neighbourhood: the pending articles, the articles that may share a story with them, and every member
        // of the stories any of them is in (a story that loses or gains an article is regrouped whole: it may split
        // or merge).
        await FillScopeAsync(connection, dbTx, "story_scope", scope, ct);
        var partners = await ListAsync(connection, dbTx,
            "SELECT Id FROM Articles WHERE StoryId IN (SELECT a.StoryId FROM Articles a JOIN story_scope s ON s.Id = a.Id WHERE a.StoryId IS NOT NULL)", ct);
        await FillScopeAsync(connection, dbTx, "story_scope", partners.Where(scope.Add).ToList(), ct, append: true);
        await LoadArticlesAsync(db, connection, dbTx, scope.Where(id => !articles.ContainsKey(id)).ToList(), articles, ct);
        await using (var read = Command(connection, dbTx, "SELECT k.ArticleId, k.Key FROM StoryKeys k JOIN story_scope s ON s.Id = k.ArticleId"))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                // A pending article's keys are the ones just computed.
                var id = reader.GetString(0);
                if (!pendingSet.Contains(id))
                {
                    (keysOf.TryGetValue(id, out var list) ? list : keysOf[id] = []).Add(reader.GetString(1));
                }
            }
        }

        Trace("step 5");
        // 5. Regroup the neighbourhood alone, with today's frequencies.
        var members = scope.Where(articles.ContainsKey).Order(StringComparer.Ordinal).ToList();
        var local = members.Select(id => articles[id]).ToList();
        var vectors = members.Select(CachedVector).ToArray();
        var pairs = clusterer.CandidatePairs(members.Select(id => keysOf.GetValueOrDefault(id) ?? []).ToList(), k => terms.GetValueOrDefault(k).Posted);
        var grouping = clusterer.Cluster(local, vectors, pairs);
        Trace($"neighbourhood {members.Count}, pairs {pairs.Count}, groups {grouping.Groups.Count}");

        Trace("step 6");
        // 6. Relations: a pending article's old ones go (it may have changed), so do those inside the neighbourhood,
        // which the regrouping rewrote. A pending article is also related to its closest candidates outside the
        // neighbourhood (the cap counted over all its candidates).
        await ExecuteAsync(connection, dbTx,
            "DELETE FROM ArticleRelations WHERE ArticleId IN (SELECT Id FROM story_pending) OR RelatedId IN (SELECT Id FROM story_pending)", ct);
        await ExecuteAsync(connection, dbTx,
            "DELETE FROM ArticleRelations WHERE ArticleId IN (SELECT Id FROM story_scope) AND RelatedId IN (SELECT Id FROM story_scope)", ct);
        var inside = grouping.Relations.Where(r => pendingSet.Contains(r.ArticleId)).ToLookup(r => r.ArticleId);
        var outside = new List<ArticleRelation>();
        foreach (var byPending in related.Where(r => !scope.Contains(r.B)).GroupBy(r => r.A))
        {
            var room = clusterer.MaxRelated - inside[byPending.Key].Count(r => !r.SameStory);
            foreach (var (a, b, score) in byPending.OrderByDescending(r => r.Score).ThenBy(r => r.B, StringComparer.Ordinal).Take(Math.Max(0, room)))
            {
                var rounded = Math.Round(score, 4);
                outside.Add(new ArticleRelation { ArticleId = a, RelatedId = b, Score = rounded });
                outside.Add(new ArticleRelation { ArticleId = b, RelatedId = a, Score = rounded });
            }
        }

        await InsertRelationsAsync(connection, dbTx, grouping.Relations.Concat(outside), ct);

        Trace("step 7");
        // 7. Stories: each new group keeps the id of the old story it shares most members with, when still free.
        var oldStory = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var read = Command(connection, dbTx, "SELECT a.Id, a.StoryId FROM Articles a JOIN story_scope s ON s.Id = a.Id WHERE a.StoryId IS NOT NULL"))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                oldStory[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        var overlaps = grouping.Groups
            .SelectMany((g, gi) => g.ArticleIds.Where(oldStory.ContainsKey).GroupBy(id => oldStory[id]).Select(o => (Group: gi, Story: o.Key, Count: o.Count())))
            .OrderByDescending(o => o.Count).ThenBy(o => o.Story).ToList();
        var idOf = new int?[grouping.Groups.Count];
        var reused = new HashSet<int>();
        foreach (var (gi, story, _) in overlaps)
        {
            if (idOf[gi] is null && reused.Add(story))
            {
                idOf[gi] = story;
            }
        }

        var dropped = oldStory.Values.Where(s => !reused.Contains(s)).Distinct().ToList();
        await db.Articles.Where(a => a.StoryId != null && dropped.Contains(a.StoryId.Value)).ExecuteUpdateAsync(s => s.SetProperty(a => a.StoryId, (int?)null), ct);
        await db.Stories.Where(s => dropped.Contains(s.Id)).ExecuteDeleteAsync(ct);
        var created = new List<(int Group, Story Story)>();
        for (var gi = 0; gi < grouping.Groups.Count; gi++)
        {
            var label = grouping.Groups[gi].Label;
            if (idOf[gi] is { } kept)
            {
                await db.Stories.Where(s => s.Id == kept && s.Label != label).ExecuteUpdateAsync(s => s.SetProperty(x => x.Label, label), ct);
            }
            else
            {
                created.Add((gi, new Story { Label = label }));
            }
        }

        db.Stories.AddRange(created.Select(c => c.Story));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        foreach (var (gi, story) in created)
        {
            idOf[gi] = story.Id;
        }

        var newStory = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var gi = 0; gi < grouping.Groups.Count; gi++)
        {
            foreach (var id in grouping.Groups[gi].ArticleIds)
            {
                newStory[id] = idOf[gi]!.Value;
            }
        }

        await using (var link = Command(connection, dbTx, "UPDATE Articles SET StoryId = $story WHERE Id = $id", "$story", "$id"))
        {
            foreach (var id in members)
            {
                var now = newStory.TryGetValue(id, out var s) ? s : (int?)null;
                var before = oldStory.TryGetValue(id, out var b) && !dropped.Contains(b) ? b : (int?)null;
                if (now != before)
                {
                    (link.Parameters[0].Value, link.Parameters[1].Value) = (now is null ? DBNull.Value : now.Value, id);
                    await link.ExecuteNonQueryAsync(ct);
                }
            }
        }

        Trace("step 8");
        // 8. Dates of the neighbourhood: partners may have come or gone.
        await RefineDatesAsync(db, reference, local, grouping.Groups, ct);

        Trace("step 9");
        // 9. The story index now counts the pending articles.
        await ExecuteAsync(connection, dbTx, "UPDATE ArticleStoryFeatures SET Counted = 1, CountedTerms = NULL WHERE ArticleId IN (SELECT Id FROM story_pending)", ct);
        await using (var upsert = Command(connection, dbTx,
            "INSERT INTO StoryTerms (Key, Df, Posted) VALUES ($k, $d, $p) ON CONFLICT(Key) DO UPDATE SET Df = excluded.Df, Posted = excluded.Posted", "$k", "$d", "$p"))
        {
            foreach (var key in dirty)
            {
                var (d, p) = terms[key];
                (upsert.Parameters[0].Value, upsert.Parameters[1].Value, upsert.Parameters[2].Value) = (key, d, p);
                await upsert.ExecuteNonQueryAsync(ct);
            }
        }

        await ExecuteAsync(connection, dbTx, "DROP TABLE story_pending; DROP TABLE story_scope", ct);
    }

    /// <summary>
    /// Story partners narrow dates the text leaves open. Only articles whose own window is wider than a day are
    /// re-dated from their text (the refinement needs the inference's constraints, which are not stored), and only
    /// when they are in a story or their stored date is not their own (a partner refined it, and has gone).
    /// </summary>
    private static async Task RefineDatesAsync(
        ArchiveDbContext db, ReferenceData reference, IReadOnlyList<StoryArticle> scope, IReadOnlyList<StoryGroup> groups, CancellationToken ct)
    {
        var byId = scope.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var grouped = groups.SelectMany(g => g.ArticleIds).ToHashSet(StringComparer.Ordinal);
        var ids = scope.Select(a => a.Id).ToList();
        var toInfer = new List<string>();
        var stored = new Dictionary<string, (DateOnly?, DatePrecision)>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            var rows = await db.Articles.AsNoTracking().Where(a => chunk.Contains(a.Id))
                .Select(a => new { a.Id, a.Published, a.DatePrecision, a.DateSource }).ToListAsync(ct);
            foreach (var a in rows)
            {
                stored[a.Id] = (a.Published, a.DatePrecision);
                var f = byId[a.Id];
                if (a.DateSource == FactSource.Stated || IsDay(f))
                {
                    continue;
                }

                if (grouped.Contains(a.Id) || OwnFact(f) != (a.Published, a.DatePrecision))
                {
                    toInfer.Add(a.Id);
                }
            }
        }

        if (toInfer.Count == 0)
        {
            return;
        }

        Trace($"dates: {toInfer.Count} to re-date");
        var inference = new PublicationDateInference(reference.DatedEvents);
        var inferences = new Dictionary<string, DateInference>(StringComparer.Ordinal);
        foreach (var id in grouped.Where(id => IsDay(byId[id])))
        {
            var day = byId[id].Earliest!.Value;
            inferences[id] = new DateInference { Fact = new DateFact(day, DatePrecision.Day, []), Earliest = day, Latest = day, CandidateCount = 1 };
        }

        foreach (var chunk in toInfer.Chunk(500))
        {
            var texts = await db.Articles.AsNoTracking().Where(a => chunk.Contains(a.Id)).Select(a => new { a.Id, a.SourceText }).ToListAsync(ct);
            var boilerplate = (await db.Paragraphs.AsNoTracking().Where(p => chunk.Contains(p.ArticleId) && p.Kind == ParagraphKind.Boilerplate).ToListAsync(ct))
                .ToLookup(p => p.ArticleId);
            foreach (var t in texts)
            {
                inferences[t.Id] = inference.Infer(ArticleAnalyzer.DatedTextOf(t.SourceText, [.. boilerplate[t.Id]]));
            }
        }

        Trace("dates: inferred");
        var refined = PublicationDateInference.RefineWithStories(inferences, groups.Select(g => (IReadOnlyCollection<string>)g.ArticleIds));
        var changed = toInfer.Where(id => !ReferenceEquals(refined[id], inferences[id]) || (refined[id].Fact.Published, refined[id].Fact.Precision) != stored[id]).ToList();
        // Prepared statements and one delete per chunk: a full regroup may re-date tens of thousands of articles.
        var connection = db.Database.GetDbConnection();
        var dbTx = db.Database.CurrentTransaction!.GetDbTransaction();
        await using (var update = Command(connection, dbTx,
            "UPDATE Articles SET Published = $p, DatePrecision = $d, DateSource = $s WHERE Id = $id", "$p", "$d", "$s", "$id"))
        {
            foreach (var id in changed)
            {
                var fact = refined[id].Fact;
                var source = fact.Published is null ? FactSource.Unknown : FactSource.Inferred;
                (update.Parameters[0].Value, update.Parameters[1].Value, update.Parameters[2].Value, update.Parameters[3].Value) =
                    (fact.Published is { } day ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value, (int)fact.Precision, (int)source, id);
                await update.ExecuteNonQueryAsync(ct);
            }
        }

        foreach (var chunk in changed.Chunk(500))
        {
            await db.DateEvidence.Where(e => chunk.Contains(e.ArticleId)).ExecuteDeleteAsync(ct);
        }

        using var inserter = new RowInserter(db);
        foreach (var id in changed)
        {
            await inserter.InsertAllAsync(refined[id].Fact.Evidence.Select(e => new DateEvidence { ArticleId = id, Start = e.Start, End = e.End, Text = e.Text, Meaning = e.Meaning }), ct);
        }

        Trace($"dates: {changed.Count} written");
    }

    private static bool IsDay(StoryArticle a) => a.Earliest is { } e && a.Latest == e;

    /// <summary>The date the window alone gives, as the inference states it (a day, a month, a year, or unknown).</summary>
    private static (DateOnly?, DatePrecision) OwnFact(StoryArticle a) => (a.Earliest, a.Latest) switch
    {
        ({ } e, { } l) when e == l => (e, DatePrecision.Day),
        ({ } e, { } l) when e.Year == l.Year && e.Month == l.Month => (new DateOnly(e.Year, e.Month, 1), DatePrecision.Month),
        ({ } e, { } l) when e.Year == l.Year => (new DateOnly(e.Year, 1, 1), DatePrecision.Year),
        _ => (null, DatePrecision.Unknown),
    };

    /// <summary>Features for articles stored before they existed, computed from the stored text as the analysis does.</summary>
    private static async Task AddMissingFeaturesAsync(ArchiveDbContext db, ReferenceData reference, CancellationToken ct)
    {
        var features = db.Set<ArticleStoryFeatures>();
        var missing = await db.Articles.Where(a => !features.Any(f => f.ArticleId == a.Id)).Select(a => a.Id).ToListAsync(ct);
        if (missing.Count == 0)
        {
            return;
        }

        var analyzer = new ArticleAnalyzer(reference);
        foreach (var chunk in missing.Chunk(200))
        {
            var articles = await db.Articles.AsNoTracking().Include(a => a.Paragraphs).Where(a => chunk.Contains(a.Id)).ToListAsync(ct);
            var persons = (await db.Mentions.AsNoTracking().Where(m => chunk.Contains(m.ArticleId)).Select(m => new { m.ArticleId, m.PersonSlug }).ToListAsync(ct))
                .ToLookup(m => m.ArticleId, m => m.PersonSlug);
            foreach (var article in articles)
            {
                article.Paragraphs.Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal));
                features.Add(ArticleStoryFeatures.From(article, analyzer.Analyze(article), persons[article.Id]));
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Adds the stored features of <paramref name="ids"/> (counted ones) to <paramref name="articles"/>.</summary>
    private static async Task LoadArticlesAsync(
        ArchiveDbContext db, DbConnection connection, DbTransaction transaction, List<string> ids, Dictionary<string, StoryArticle> articles, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await FillScopeAsync(connection, transaction, "story_load", ids, ct);
        var rows = await db.Set<ArticleStoryFeatures>()
            .FromSqlRaw("SELECT f.* FROM ArticleStoryFeatures f JOIN story_load s ON s.Id = f.ArticleId").AsNoTracking()
            .Where(f => f.Counted)
            .Select(f => new { f.ArticleId, f.Earliest, f.Latest, f.Terms, f.Persons }).ToListAsync(ct);
        foreach (var f in rows)
        {
            articles[f.ArticleId] = ToArticle(f.ArticleId, f.Earliest, f.Latest, f.Terms, f.Persons, null);
        }

        await ExecuteAsync(connection, transaction, "DROP TABLE story_load", ct);
    }

    private static async Task InsertRelationsAsync(DbConnection connection, DbTransaction transaction, IEnumerable<ArticleRelation> relations, CancellationToken ct)
    {
        // Prepared statements: a large archive has millions of relation rows, which EF change tracking would hold in
        // memory and insert one generated statement at a time.
        await using var insert = Command(connection, transaction,
            "INSERT OR REPLACE INTO ArticleRelations (ArticleId, RelatedId, Score, SameStory) VALUES ($a, $b, $s, $same)", "$a", "$b", "$s", "$same");
        foreach (var r in relations)
        {
            (insert.Parameters[0].Value, insert.Parameters[1].Value, insert.Parameters[2].Value, insert.Parameters[3].Value) = (r.ArticleId, r.RelatedId, r.Score, r.SameStory);
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task FillScopeAsync(
        DbConnection connection, DbTransaction transaction, string table, IEnumerable<string> ids, CancellationToken ct, bool append = false)
    {
        if (!append)
        {
            await ExecuteAsync(connection, transaction, $"CREATE TEMP TABLE IF NOT EXISTS {table} (Id TEXT PRIMARY KEY); DELETE FROM {table}", ct);
        }

        await using var insert = Command(connection, transaction, $"INSERT OR IGNORE INTO {table} (Id) VALUES ($id)", "$id");
        foreach (var id in ids)
        {
            insert.Parameters[0].Value = id;
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task<List<string>> ListAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(ct);
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
