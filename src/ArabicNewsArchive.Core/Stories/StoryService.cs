using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Dates;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Search;
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

    /// <summary>Page cache for the step: relation rows check two foreign keys, story links update articles all over the file.</summary>
    private const int StepCacheMegabytes = 64;

    /// <summary>
    /// Page cache for a full regroup: it writes its rows in key order (indexes dropped, story links in id order, no
    /// foreign-key checks), so it reads few pages twice; its cache filling to 64 MB was a tenth of the `ingest`
    /// command's peak at 30k articles (docs/ingestion.md, "Memory").
    /// </summary>
    private const int FullStepCacheMegabytes = 16;

    /// <summary>Below this many articles a full regroup's garbage is too small to be worth a collection.</summary>
    private const int CompactFrom = 20_000;

    /// <summary>Recomputes stories, relations, the story index and story-refined dates for the whole store, in one transaction.</summary>
    /// <remarks>
    /// An UPDATE of an article row that fires a trigger or checks a foreign key, or an INSERT OR REPLACE, is a
    /// statement SQLite must be able to undo alone: it first copies every page it changes to a statement journal, a
    /// temporary file, for an article its overflow pages too. At 100k the story links wrote 3.65 GB that way and the
    /// relation rows 5.2 GB (docs/history/performance-rounds.md, round 11). So the step suspends the version trigger on article
    /// updates (the version moves once at its end), inserts relations plainly, and a full regroup runs without
    /// foreign-key checks: every id it writes was read in the same transaction from the story features (which
    /// cascade from their article) or is a story it has just inserted, and it clears what it replaces explicitly
    /// instead of through ON DELETE actions.
    /// </remarks>
    public static async Task RegroupAsync(IDbContextFactory<ArchiveDbContext> contexts, ReferenceData reference, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(reference);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        await using var cache = await PageCache.WidenAsync(db, FullStepCacheMegabytes, ct);
        await using var unchecks = await ForeignKeysOff.BeginAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var triggers = await SearchIndex.SuspendArticleUpdateTriggerAsync(db, ct);
        await FullAsync(contexts, db, reference, ct);
        await SearchIndex.ResumeVersionTriggersAsync(db, triggers, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Brings stories up to date with the articles whose features are not counted yet (new or revised since the last
    /// story step): they are filed in the story index, compared with the articles sharing their keys, and only the
    /// stories around them are regrouped (ids kept where a story survives), with their relations and dates. Does
    /// nothing when nothing changed; falls back to <see cref="RegroupAsync"/> when much of the archive changed.
    /// True when it regrouped anything.
    /// </summary>
    public static Task<bool> UpdateAsync(IDbContextFactory<ArchiveDbContext> contexts, ReferenceData reference, CancellationToken ct = default) =>
        UpdateCoreAsync(contexts, reference, beforeCommit: null, ct);

    /// <summary>
    /// As <see cref="UpdateAsync(IDbContextFactory{ArchiveDbContext}, ReferenceData, CancellationToken)"/>;
    /// <paramref name="beforeCommit"/> runs inside the step's transaction, after every write and before the commit:
    /// a fault there is what a kill during the step leaves behind (tests of the recovery throw from it).
    /// </summary>
    internal static async Task<bool> UpdateCoreAsync(IDbContextFactory<ArchiveDbContext> contexts, ReferenceData reference, Action? beforeCommit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(reference);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var features = db.Set<ArticleStoryFeatures>();
        // Counted here, loaded only for the incremental step: after a large run most of the archive is pending, and
        // holding every pending row through the full regroup (~200 MB of term strings at 100k, which the regroup
        // reads again its own way) made every part of the step slower (docs/history/performance-rounds.md, round 6).
        var pendingCount = await features.CountAsync(f => !f.Counted, ct);
        var total = await features.CountAsync(ct);
        // Articles stored before features existed have none: only a full regroup (which computes them) sees them.
        var legacy = await db.Articles.CountAsync(ct) > total;
        if (pendingCount == 0 && !legacy)
        {
            return false;
        }

        // Decided before the transaction, whose foreign-key setting depends on it: a run that writes in between makes
        // the choice less apt, never wrong (either path gives the stories of what it reads).
        var full = legacy || (pendingCount > FullRegroupMinimum && (long)pendingCount * FullRegroupDivisor > total) || !await db.Set<StoryTerm>().AnyAsync(ct);
        await using var cache = await PageCache.WidenAsync(db, full ? FullStepCacheMegabytes : StepCacheMegabytes, ct);
        await using var unchecks = full ? await ForeignKeysOff.BeginAsync(db, ct) : null;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var triggers = await SearchIndex.SuspendArticleUpdateTriggerAsync(db, ct);
        if (full)
        {
            await FullAsync(contexts, db, reference, ct);
        }
        else
        {
            var pending = await features.AsNoTracking().Where(f => !f.Counted).ToListAsync(ct);
            await IncrementalAsync(db, reference, pending, total, ct);
        }

        await SearchIndex.ResumeVersionTriggersAsync(db, triggers, ct);
        beforeCommit?.Invoke();
        await tx.CommitAsync(ct);
        return true;
    }

    private static StoryClusterer Clusterer(ReferenceData reference)
    {
        var names = reference.People.ToDictionary(p => p.Slug, p => p.NameAr, StringComparer.Ordinal);
        return new StoryClusterer { PersonName = s => names.GetValueOrDefault(s, s) };
    }

    private static StoryArticle ToArticle(string id, DateOnly? earliest, DateOnly? latest, string terms, string persons, Dictionary<string, string>? pool) =>
        new(id, "", earliest, latest, ArticleStoryFeatures.ParsePersons(persons)) { TermCounts = ArticleStoryFeatures.ParseTerms(terms, pool) };

    /// <summary>
    /// Reads every article's stored features and groups them. Its own method so that what only the grouping needs
    /// (the numbered stems of every article, ~1 KB per article) is garbage once it returns, before the rows are
    /// written and the dates refined.
    /// </summary>
    private static async Task<(List<StoryArticle> Articles, StoryGrouping Grouping, Dictionary<string, int> Df, List<string>[] Keys)> GroupStoredAsync(
        ArchiveDbContext db, StoryClusterer clusterer, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var dbTx = db.Database.CurrentTransaction!.GetDbTransaction();

        // One command over the whole table (in its stored order, as the grouping has always read it), the terms
        // numbered as they are parsed: no entity per row, no string per stem. The numbering is sequential (first-seen
        // order), so it runs on another thread while this one reads the next rows (a third of the 3 s at 100k was
        // reading, two thirds parsing).
        var table = new StoryTermTable();
        var articles = new List<StoryArticle>();
        // One string per person, not one per article that names them (held through the whole step).
        var persons = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] Pooled(string[] slugs)
        {
            for (var k = 0; k < slugs.Length; k++)
            {
                if (!persons.TryAdd(slugs[k], slugs[k]))
                {
                    slugs[k] = persons[slugs[k]];
                }
            }

            return slugs;
        }

        // Rows an older store wrote as text: they take the compact form below (this step reads every row anyway).
        var textRows = new List<int>();
        var stored = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });
        var parsing = Task.Run(async () =>
        {
            try
            {
                await foreach (var terms in stored.Reader.ReadAllAsync(ct))
                {
                    table.AddStored(terms);
                }
            }
            catch (Exception e)
            {
                // Closes the channel, so the reader below stops instead of waiting for room that never comes.
                stored.Writer.TryComplete(e);
                throw;
            }
        });
        try
        {
            await using var read = Command(connection, dbTx, "SELECT ArticleId, Earliest, Latest, Terms, Persons FROM ArticleStoryFeatures");
            await using var reader = await read.ExecuteReaderAsync(ct);
            DateOnly? Day(int i) => reader.IsDBNull(i) ? null : DateOnly.ParseExact(reader.GetString(i), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            while (reader.Read())
            {
                articles.Add(new StoryArticle(reader.GetString(0), "", Day(1), Day(2), Pooled(ArticleStoryFeatures.ParsePersons(reader.GetString(4)))));
                // The stored value as it is (a compact form, or an older store's text as its UTF-8): decoded by the parser.
                // An older store's text and Deflate form are written again in the split form (StoredTerms.Encode).
                var terms = reader.GetFieldValue<byte[]>(3);
                if (terms.Length > 0 && (!StoredTerms.IsCompact(terms) || terms[0] == StoredTerms.DeflatedMark))
                {
                    textRows.Add(articles.Count - 1);
                }

                await stored.Writer.WriteAsync(terms, ct);
            }
        }
        catch (ChannelClosedException)
        {
            // The parser failed: its own exception is thrown below.
        }
        finally
        {
            // Also when reading failed: the parser then ends.
            stored.Writer.TryComplete();
        }

        await parsing;
        MemoryLog.Mark("step: read features");
        await CompactStoredTermsAsync(connection, dbTx, articles, table, textRows, ct);

        var grouping = clusterer.Group(articles, table, out var df, out var keys);
        return (articles, grouping, df, keys);
    }

    private static async Task FullAsync(IDbContextFactory<ArchiveDbContext> contexts, ArchiveDbContext db, ReferenceData reference, CancellationToken ct)
    {
        await AddMissingFeaturesAsync(db, reference, ct);
        var clusterer = Clusterer(reference);
        MemoryLog.Mark("step: before grouping");
        var (articles, grouping, df, keys) = await GroupStoredAsync(db, clusterer, ct);
        MemoryLog.Mark("step: grouped");
        Compact(articles.Count);
        var byId = new Dictionary<string, StoryArticle>(articles.Count, StringComparer.Ordinal);
        foreach (var article in articles)
        {
            byId[article.Id] = article;
        }

        // Re-dating reads and re-analyses texts while the rows below are written, on another connection: the texts,
        // paragraphs and stored dates it reads are not written before it ends, and in WAL mode that reader neither
        // waits for this transaction nor blocks it. The writer takes one core, the inference the rest.
        var plan = await PlanDatingAsync(db, byId, [.. articles.Select(a => a.Id)], grouping.Groups, ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var beside = plan.ToInfer.Count > 0 ? await ReaderBesideAsync(contexts, db, ct) : null;
        var inferring = beside is null ? null : Task.Run(() => InferAsync(beside, reference, plan.ToInfer, stop.Token), stop.Token);
        try
        {
            MemoryLog.Mark("step: planned dating");
            await WriteGroupingAsync(db, clusterer, articles, grouping, df, keys, ct);
            MemoryLog.Mark("step: wrote grouping");
            Compact(articles.Count);
            if (plan.ToInfer.Count > 0)
            {
                var inferred = inferring is null ? await InferAsync(db, reference, plan.ToInfer, ct) : await inferring;
                MemoryLog.Mark("step: inferred");
                await ApplyDatesAsync(db, byId, grouping.Groups, plan, inferred, ct);
                MemoryLog.Mark("step: applied dates");
            }
        }
        finally
        {
            if (inferring is not null)
            {
                await stop.CancelAsync();
                await inferring.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            if (beside is not null)
            {
                await beside.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Between two phases of a full regroup of a large archive: the phase just done left its structures as garbage
    /// (the grouping its vectors, term table and picked pairs; the rows' writing its postings and key lists), which
    /// the GC, seeing mostly long-lived data, kept in a gen2 it had no reason to collect: the next phase's peak then
    /// stood on top of it. One blocking compacting collection costs a fraction of a second at 100k articles.
    /// </summary>
    internal static void Compact(int articles)
    {
        if (articles >= CompactFrom)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            MemoryLog.Mark("step: compacted");
        }
    }

    /// <summary>Writes the terms of <paramref name="rows"/> (stored as text or in the Deflate form by an older store) in the form <see cref="StoredTerms.Encode"/> writes, from their parsed entries.</summary>
    private static async Task CompactStoredTermsAsync(
        DbConnection connection, DbTransaction transaction, List<StoryArticle> articles, StoryTermTable table, List<int> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var update = Command(connection, transaction, "UPDATE ArticleStoryFeatures SET Terms = $t WHERE ArticleId = $id", "$t", "$id");
        var text = new StringBuilder();
        foreach (var i in rows)
        {
            text.Clear();
            var terms = table.Terms[i];
            for (var k = 0; k < terms.Length; k++)
            {
                text.Append(k == 0 ? "" : " ").Append(table.Stems[terms[k]]).Append(':').Append(table.CountOf(i, k).ToString(CultureInfo.InvariantCulture));
            }

            (update.Parameters[0].Value, update.Parameters[1].Value) = (StoredTerms.Encode(text.ToString()), articles[i].Id);
            await update.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// A context on a connection of its own, to read beside the step's transaction; null when the store cannot
    /// serve one (a shared connection, as an in-memory store has, or a journal mode whose readers could block the writer).
    /// </summary>
    private static async Task<ArchiveDbContext?> ReaderBesideAsync(IDbContextFactory<ArchiveDbContext> contexts, ArchiveDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using (var mode = connection.CreateCommand())
        {
            mode.CommandText = "PRAGMA journal_mode";
            mode.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            if (!string.Equals(await mode.ExecuteScalarAsync(ct) as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        var beside = await contexts.CreateDbContextAsync(ct);
        if (ReferenceEquals(beside.Database.GetDbConnection(), connection))
        {
            await beside.DisposeAsync();
            return null;
        }

        return beside;
    }

    /// <summary>The full regroup's rows: the story index, relations, stories and each member's link.</summary>
    private static async Task WriteGroupingAsync(
        ArchiveDbContext db, StoryClusterer clusterer, List<StoryArticle> articles, StoryGrouping grouping,
        Dictionary<string, int> df, List<string>[] keys, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var dbTx = db.Database.CurrentTransaction!.GetDbTransaction();

        // Story links go in id order (the article rows are then visited in the order they are stored).
        var ordered = Enumerable.Range(0, articles.Count).ToArray();
        Array.Sort(ordered, (x, y) => string.CompareOrdinal(articles[x].Id, articles[y].Id));

        using var statements = new Statements(connection);

        // The story index, rebuilt with exact document frequencies: what the incremental step starts from.
        await db.Set<StoryKey>().ExecuteDeleteAsync(ct);
        await ExecuteAsync(connection, dbTx, $"DELETE FROM {StoredPostedKeys.Table}", ct);
        await db.Set<StoryTerm>().ExecuteDeleteAsync(ct);
        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            foreach (var key in keys[i])
            {
                if (!postings.TryGetValue(key, out var list))
                {
                    postings[key] = list = [];
                }

                list.Add(i);
            }
        }

        // Keys numbered 1, 2, … in key order (StoryTerm.Id): both the table and its index by key grow at their end,
        // and the postings below, written in key order, are in (Term, Doc) order too.
        var insertTerm = statements.Prepare("INSERT INTO StoryTerms (Id, Key, Df, Posted) VALUES (?1, ?2, ?3, ?4)");
        var termKeys = df.Keys.Concat(postings.Keys.Where(k => !df.ContainsKey(k))).ToArray();
        Array.Sort(termKeys, StringComparer.Ordinal);
        for (var t = 0; t < termKeys.Length; t++)
        {
            var key = termKeys[t];
            Statements.Int(insertTerm, 1, t + 1);
            Statements.Text(insertTerm, 2, key);
            Statements.Int(insertTerm, 3, df.GetValueOrDefault(key));
            Statements.Int(insertTerm, 4, postings.TryGetValue(key, out var list) ? list.Count : 0);
            statements.Step(insertTerm);
        }

        // Postings name articles by their SearchDocs row (StoryKey.Doc); an article without one (not indexed) has none.
        var docs = new Dictionary<string, long>(articles.Count, StringComparer.Ordinal);
        await using (var read = Command(connection, dbTx, "SELECT ArticleId, RowId FROM SearchDocs"))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                docs[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        MemoryLog.Mark("step: terms written");
        var keyIndexes = await DropIndexesAsync(connection, dbTx, "StoryKeys", ct);
        var posting = new List<long>();
        using var keyRows = new IntegerRowWriter(connection, "StoryKeys", "Term", "Doc");
        // Each article's list of posted keys (StoredPostedKeys), filled in key order and so ascending.
        var lists = new Dictionary<long, List<int>>(docs.Count);
        for (var t = 0; t < termKeys.Length; t++)
        {
            if (!postings.TryGetValue(termKeys[t], out var list) || list.Count > clusterer.MaxPostings)
            {
                continue;
            }

            posting.Clear();
            posting.AddRange(list.Where(i => docs.ContainsKey(articles[i].Id)).Select(i => docs[articles[i].Id]));
            posting.Sort();
            foreach (var doc in posting)
            {
                keyRows.Add(t + 1, doc);
                (lists.TryGetValue(doc, out var posted) ? posted : lists[doc] = []).Add(t + 1);
            }
        }

        keyRows.Flush();

        await CreateIndexesAsync(connection, dbTx, keyIndexes, ct);
        var insertList = statements.Prepare($"INSERT INTO {StoredPostedKeys.Table} (Doc, Keys) VALUES (?1, ?2)");
        foreach (var doc in lists.Keys.Order())
        {
            Statements.Int(insertList, 1, doc);
            Statements.Blob(insertList, 2, StoredPostedKeys.Encode(lists[doc]));
            statements.Step(insertList);
        }
        await db.Set<ArticleStoryFeatures>().Where(f => !f.Counted || f.CountedTerms != null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Counted, true).SetProperty(f => f.CountedTerms, (string?)null), ct);

        await db.Articles.Where(a => a.StoryId != null).ExecuteUpdateAsync(s => s.SetProperty(a => a.StoryId, (int?)null), ct);
        // ArticleRelations is a view over StoryRelations (StoredRelations): the bulk rows go to the table itself, not
        // row by row through the view's triggers.
        await ExecuteAsync(connection, dbTx, $"DELETE FROM {StoredRelations.Table}", ct);
        await db.Stories.ExecuteDeleteAsync(ct);

        // Both directions of each kept pair, in (Doc, RelatedDoc) order (the primary key's b-tree then grows at its end
        // instead of splitting pages everywhere). A pair is kept once (first < second), so a plain INSERT: OR REPLACE
        // would make each row a statement that may delete, with a statement journal.
        var kept = grouping.Kept;
        var directed = new List<(long Key, int Payload)>(kept.Count * 2);
        for (var k = 0; k < kept.Count; k++)
        {
            if (docs.TryGetValue(articles[kept[k].A].Id, out var a) && docs.TryGetValue(articles[kept[k].B].Id, out var b))
            {
                directed.Add(((a << 32) | b, 2 * k));
                directed.Add(((b << 32) | a, (2 * k) + 1));
            }
        }

        MemoryLog.Mark("step: postings written");
        directed.Sort((x, y) => x.Key.CompareTo(y.Key));
        var relationIndexes = await DropIndexesAsync(connection, dbTx, StoredRelations.Table, ct);
        using (var relationRows = new IntegerRowWriter(connection, StoredRelations.Table, "Doc", "RelatedDoc", "Score", "SameStory"))
        {
            foreach (var (key, d) in directed)
            {
                var pair = kept[d / 2];
                relationRows.Add(key >> 32, key & uint.MaxValue, StoredRelations.Score(pair.Score), pair.SameStory ? 1 : 0);
            }

            relationRows.Flush();
        }

        await CreateIndexesAsync(connection, dbTx, relationIndexes, ct);

        // Stories in group order, so they take the ids they always took; then each member's link, in id order (the
        // article rows are then visited in the order they are stored, not scattered).
        MemoryLog.Mark("step: relations written");
        var insertStory = statements.Prepare("INSERT INTO Stories (Label) VALUES (?1) RETURNING Id");
        var positions = new Dictionary<string, int>(articles.Count, StringComparer.Ordinal);
        for (var i = 0; i < articles.Count; i++)
        {
            positions[articles[i].Id] = i;
        }

        var storyOf = new long?[articles.Count];
        foreach (var group in grouping.Groups)
        {
            Statements.Text(insertStory, 1, group.Label);
            var storyId = statements.StepScalar(insertStory);
            foreach (var id in group.ArticleIds)
            {
                storyOf[positions[id]] = storyId;
            }
        }

        var link = statements.Prepare("UPDATE Articles SET StoryId = ?1 WHERE Id = ?2");
        foreach (var i in ordered)
        {
            if (storyOf[i] is { } storyId)
            {
                Statements.Int(link, 1, storyId);
                Statements.Text(link, 2, articles[i].Id);
                statements.Step(link);
            }
        }
    }

    private static async Task IncrementalAsync(
        ArchiveDbContext db, ReferenceData reference, List<ArticleStoryFeatures> pending, int total, CancellationToken ct)
    {
        var clusterer = Clusterer(reference);
        var connection = db.Database.GetDbConnection();
        var dbTx = db.Database.CurrentTransaction!.GetDbTransaction();
        var terms = new Dictionary<string, (int Df, int Posted)>(StringComparer.Ordinal);
        // Each stored key's number (StoryTerm.Id): the postings name keys by it.
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var t in db.Set<StoryTerm>().AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            terms[t.Key] = (t.Df, t.Posted);
            numbers[t.Key] = t.Id;
        }

        var dirty = new HashSet<string>(StringComparer.Ordinal);
        void Change(string key, int df, int posted)
        {
            var (d, p) = terms.GetValueOrDefault(key);
            terms[key] = (d + df, p + posted);
            dirty.Add(key);
        }

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

        Dictionary<string, double> VectorOf(StoryArticle a) => clusterer.Vector(a.TermCounts!, t => terms.GetValueOrDefault(t).Df, total);

        // 2. Postings: each pending article's old keys out, its keys under today's frequencies in.
        var pendingIds = pending.Select(f => f.ArticleId).ToList();
        var pendingSet = pendingIds.ToHashSet(StringComparer.Ordinal);
        await FillScopeAsync(connection, dbTx, "story_pending", pendingIds, ct);
        // A pending article's old postings are the ones its list names (StoredPostedKeys); an article without a
        // SearchDocs row has neither.
        var docOf = new Dictionary<string, long>(StringComparer.Ordinal);
        var keyOf = new Dictionary<int, string>();
        foreach (var (key, number) in numbers)
        {
            keyOf[number] = key;
        }

        await using (var read = Command(connection, dbTx, $"SELECT p.Id, d.RowId, l.Keys FROM story_pending p JOIN SearchDocs d ON d.ArticleId = p.Id LEFT JOIN {StoredPostedKeys.Table} l ON l.Doc = d.RowId"))
        await using (var delete = Command(connection, dbTx, "DELETE FROM StoryKeys WHERE Term = $k AND Doc = $d", "$k", "$d"))
        {
            var old = new List<(long Doc, int Term)>();
            await using (var reader = await read.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    var doc = reader.GetInt64(1);
                    docOf[reader.GetString(0)] = doc;
                    if (!reader.IsDBNull(2))
                    {
                        old.AddRange(StoredPostedKeys.Decode((byte[])reader.GetValue(2)).Select(term => (doc, term)));
                    }
                }
            }

            foreach (var (doc, term) in old)
            {
                Change(keyOf[term], 0, -1);
                (delete.Parameters[0].Value, delete.Parameters[1].Value) = (term, doc);
                await delete.ExecuteNonQueryAsync(ct);
            }
        }

        var keysOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var id in pendingIds)
        {
            keysOf[id] = clusterer.KeysOf(articles[id], VectorOf(articles[id]));
            foreach (var key in keysOf[id])
            {
                Change(key, 0, 1);
            }
        }

        // The counts are final from here (steps 1 and 2 are all that change them): written now, so that every key
        // the postings below name has its number.
        // The table has no index on Key (the whole of it is in memory here): a key is updated by its number, or
        // inserted and numbered when the table lacks it.
        await using (var update = Command(connection, dbTx, "UPDATE StoryTerms SET Df = $d, Posted = $p WHERE Id = $id", "$d", "$p", "$id"))
        await using (var insert = Command(connection, dbTx, "INSERT INTO StoryTerms (Key, Df, Posted) VALUES ($k, $d, $p) RETURNING Id", "$k", "$d", "$p"))
        {
            foreach (var key in dirty)
            {
                var (d, p) = terms[key];
                if (numbers.TryGetValue(key, out var number))
                {
                    (update.Parameters[0].Value, update.Parameters[1].Value, update.Parameters[2].Value) = (d, p, number);
                    await update.ExecuteNonQueryAsync(ct);
                }
                else
                {
                    (insert.Parameters[0].Value, insert.Parameters[1].Value, insert.Parameters[2].Value) = (key, d, p);
                    numbers[key] = Convert.ToInt32(await insert.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
                }
            }
        }

        await using (var insert = Command(connection, dbTx, "INSERT OR IGNORE INTO StoryKeys (Term, Doc) VALUES ($k, $d)", "$k", "$d"))
        await using (var writeList = Command(connection, dbTx, $"INSERT OR REPLACE INTO {StoredPostedKeys.Table} (Doc, Keys) VALUES ($d, $l)", "$d", "$l"))
        await using (var dropList = Command(connection, dbTx, $"DELETE FROM {StoredPostedKeys.Table} WHERE Doc = $d", "$d"))
        {
            foreach (var id in pendingIds)
            {
                if (!docOf.TryGetValue(id, out var doc))
                {
                    continue;
                }

                var posted = new SortedSet<int>();
                foreach (var key in keysOf[id].Where(k => terms[k].Posted <= clusterer.MaxPostings))
                {
                    (insert.Parameters[0].Value, insert.Parameters[1].Value) = (numbers[key], doc);
                    await insert.ExecuteNonQueryAsync(ct);
                    posted.Add(numbers[key]);
                }

                if (posted.Count > 0)
                {
                    (writeList.Parameters[0].Value, writeList.Parameters[1].Value) = (doc, StoredPostedKeys.Encode([.. posted]));
                    await writeList.ExecuteNonQueryAsync(ct);
                }
                else
                {
                    dropList.Parameters[0].Value = doc;
                    await dropList.ExecuteNonQueryAsync(ct);
                }
            }
        }

        // A key that has just grown too common says nothing more: its postings go, and out of the lists that named it
        // (none of them a pending article's: those were posted only under keys still below the bound).
        await using (var postedUnder = Command(connection, dbTx, "DELETE FROM StoryKeys WHERE Term = $k RETURNING Doc", "$k"))
        {
            var dropped = new Dictionary<long, HashSet<int>>();
            foreach (var key in keysOf.Values.SelectMany(k => k).Distinct(StringComparer.Ordinal).Where(k => terms[k].Posted > clusterer.MaxPostings))
            {
                postedUnder.Parameters[0].Value = numbers[key];
                await using var reader = await postedUnder.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var doc = reader.GetInt64(0);
                    (dropped.TryGetValue(doc, out var set) ? set : dropped[doc] = []).Add(numbers[key]);
                }
            }

            await RemoveFromListsAsync(connection, dbTx, dropped, ct);
        }

        // 3. Candidates: articles sharing enough keys with a pending one, as the full grouping would pair them, scored
        // with today's frequencies.
        var candidates = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await using (var postings = Command(connection, dbTx, "SELECT d.ArticleId FROM StoryKeys k JOIN SearchDocs d ON d.RowId = k.Doc WHERE k.Term = $k", "$k"))
        {
            foreach (var id in pendingIds)
            {
                var shared = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var key in keysOf[id].Where(k => terms[k].Posted is > 1 and var p && p <= clusterer.MaxPostings))
                {
                    var person = key.StartsWith(StoryClusterer.PersonKeyPrefix, StringComparison.Ordinal);
                    postings.Parameters[0].Value = numbers[key];
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

        // The distinct pairs first, every vector computed once, then the scores on every core (pure work).
        var pairList = new List<(string, string)>();
        var seen = new HashSet<(string, string)>();
        foreach (var (id, others) in candidates)
        {
            foreach (var other in others.Where(articles.ContainsKey))
            {
                var pair = string.CompareOrdinal(id, other) < 0 ? (id, other) : (other, id);
                if (seen.Add(pair))
                {
                    pairList.Add(pair);
                    CachedVector(id);
                    CachedVector(other);
                }
            }
        }

        var pairScores = new double[pairList.Count];
        Parallel.For(0, pairList.Count, new ParallelOptions { CancellationToken = ct }, k =>
        {
            var (a, b) = pairList[k];
            pairScores[k] = clusterer.Score(vectorCache[a], vectorCache[b], articles[a].Persons, articles[b].Persons);
        });
        var scored = new Dictionary<(string, string), double>();
        var pairsOf = new Dictionary<string, List<((string, string) Pair, double Score)>>(StringComparer.Ordinal);
        for (var k = 0; k < pairList.Count; k++)
        {
            if (pairScores[k] >= clusterer.RelatedThreshold)
            {
                scored[pairList[k]] = pairScores[k];
                foreach (var end in new[] { pairList[k].Item1, pairList[k].Item2 })
                {
                    (pairsOf.TryGetValue(end, out var list) ? list : pairsOf[end] = []).Add((pairList[k], pairScores[k]));
                }
            }
        }

        // A pending article's old relations go, both ways: it may have changed. The rows naming it as RelatedDoc are
        // the mirrors of its own (there is no index on RelatedDoc). The table, not the view (StoredRelations).
        await ExecuteAsync(connection, dbTx, $"""
            DELETE FROM {StoredRelations.Table} WHERE (Doc, RelatedDoc) IN
                (SELECT RelatedDoc, Doc FROM {StoredRelations.Table} WHERE Doc IN {StoredRelations.DocsOf("story_pending")});
            DELETE FROM {StoredRelations.Table} WHERE Doc IN {StoredRelations.DocsOf("story_pending")};
            """, ct);

        // 4. The neighbourhood, regrouped as the full grouping would group it alone: the pending articles, the stored
        // articles that score as the same story with one of them (dates permitting), and every member of the stories
        // any of those is in (a revised article may have held its story together; a new one may join or merge
        // stories, or take members from one whose centre it fits better). Stories elsewhere are not read: a story is
        // bounded in time and by its centre, so the neighbourhood stays small however large the archive.
        var near = new HashSet<string>(pendingIds, StringComparer.Ordinal);
        foreach (var ((a, b), score) in scored)
        {
            if (score >= clusterer.StoryThresholdAt(total) && clusterer.DatesCompatible(articles[a], articles[b]))
            {
                near.Add(a);
                near.Add(b);
            }
        }

        var storyOf = await StoriesOfAsync(connection, dbTx, near, ct);
        var scope = await RegroupStoriesAsync(
            db, reference, clusterer, [.. storyOf.Values], near, articles, keysOf, pendingSet, CachedVector, k => terms.GetValueOrDefault(k).Posted, total, ct);

        // 5. Relations of the pending articles: each keeps its MaxRelated closest (both directions stored); the
        // same-story flag is then set again wherever a story changed.
        var relations = new List<ArticleRelation>();
        foreach (var id in pendingIds)
        {
            foreach (var (pair, score) in (pairsOf.GetValueOrDefault(id) ?? [])
                .OrderByDescending(p => p.Score).ThenBy(p => p.Pair.Item1 == id ? p.Pair.Item2 : p.Pair.Item1, StringComparer.Ordinal).Take(clusterer.MaxRelated))
            {
                var rounded = Math.Round(score, 4);
                relations.Add(new ArticleRelation { ArticleId = pair.Item1, RelatedId = pair.Item2, Score = rounded });
                relations.Add(new ArticleRelation { ArticleId = pair.Item2, RelatedId = pair.Item1, Score = rounded });
            }
        }

        await InsertRelationsAsync(connection, dbTx, relations, ct);
        await FillScopeAsync(connection, dbTx, "story_scope", scope.Concat(pendingIds), ct);
        // Two statements, not one with OR: each goes by the primary key, the second to the mirrors of the first's rows.
        foreach (var rows in new[]
        {
            $"Doc IN {StoredRelations.DocsOf("story_scope")}",
            $"Doc IN (SELECT r.RelatedDoc FROM {StoredRelations.Table} r WHERE r.Doc IN {StoredRelations.DocsOf("story_scope")}) AND RelatedDoc IN {StoredRelations.DocsOf("story_scope")}",
        })
        {
            await ExecuteAsync(connection, dbTx, $"""
                UPDATE {StoredRelations.Table} SET SameStory = COALESCE(
                    (SELECT a.StoryId FROM SearchDocs d JOIN Articles a ON a.Id = d.ArticleId WHERE d.RowId = {StoredRelations.Table}.Doc)
                    = (SELECT b.StoryId FROM SearchDocs d JOIN Articles b ON b.Id = d.ArticleId WHERE d.RowId = {StoredRelations.Table}.RelatedDoc), 0)
                WHERE {rows}
                """, ct);
        }

        // 8. The story index now counts the pending articles (their terms' counts were written in step 2).
        await ExecuteAsync(connection, dbTx, "UPDATE ArticleStoryFeatures SET Counted = 1, CountedTerms = NULL WHERE ArticleId IN (SELECT Id FROM story_pending)", ct);

        await ExecuteAsync(connection, dbTx, "DROP TABLE story_pending; DROP TABLE IF EXISTS story_scope", ct);
    }

    /// <summary>
    /// Regroups <paramref name="near"/> and the members of <paramref name="stories"/> among themselves (pairs from
    /// their keys): each new group keeps the id of the old story it shares most members with; relations inside are
    /// rewritten, labels set, dates refined. Returns the articles regrouped.
    /// </summary>
    private static async Task<HashSet<string>> RegroupStoriesAsync(
        ArchiveDbContext db, ReferenceData reference, StoryClusterer clusterer, HashSet<int> stories, IEnumerable<string> near, Dictionary<string, StoryArticle> articles,
        Dictionary<string, List<string>> keysOf, HashSet<string> pendingSet, Func<string, Dictionary<string, double>> vectorOf, Func<string, int> posted,
        int total, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var dbTx = db.Database.CurrentTransaction!.GetDbTransaction();
        var scope = new HashSet<string>(near, StringComparer.Ordinal);
        await using (var read = Command(connection, dbTx, "SELECT Id FROM Articles WHERE StoryId = $s", "$s"))
        {
            foreach (var story in stories)
            {
                read.Parameters[0].Value = story;
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    scope.Add(reader.GetString(0));
                }
            }
        }

        await FillScopeAsync(connection, dbTx, "story_scope", scope, ct);
        await LoadArticlesAsync(db, connection, dbTx, scope.Where(id => !articles.ContainsKey(id)).ToList(), articles, ct);
        // Each article's keys from its list (StoredPostedKeys, ascending as StoryKeys' index by article read them),
        // the key's text by its number.
        await using (var read = Command(connection, dbTx, $"SELECT d.ArticleId, l.Keys FROM story_scope s JOIN SearchDocs d ON d.ArticleId = s.Id JOIN {StoredPostedKeys.Table} l ON l.Doc = d.RowId"))
        await using (var key = Command(connection, dbTx, "SELECT Key FROM StoryTerms WHERE Id = $id", "$id"))
        {
            var lists = new List<(string Id, int[] Terms)>();
            await using (var reader = await read.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    // A pending article's keys are the ones just computed.
                    var id = reader.GetString(0);
                    if (!pendingSet.Contains(id))
                    {
                        lists.Add((id, StoredPostedKeys.Decode((byte[])reader.GetValue(1))));
                    }
                }
            }

            var keyOf = new Dictionary<int, string>();
            foreach (var (id, numbers) in lists)
            {
                var list = keysOf.TryGetValue(id, out var known) ? known : keysOf[id] = [];
                foreach (var number in numbers)
                {
                    if (!keyOf.TryGetValue(number, out var text))
                    {
                        key.Parameters[0].Value = number;
                        keyOf[number] = text = (string)(await key.ExecuteScalarAsync(ct))!;
                    }

                    list.Add(text);
                }
            }
        }

        var members = scope.Where(articles.ContainsKey).Order(StringComparer.Ordinal).ToList();
        var local = members.Select(id => articles[id]).ToList();
        var pairs = clusterer.CandidatePairs(members.Select(id => keysOf.GetValueOrDefault(id) ?? []).ToList(), posted);
        var grouping = clusterer.Cluster(local, [.. members.Select(vectorOf)], pairs, total);
        await ExecuteAsync(connection, dbTx,
            $"DELETE FROM {StoredRelations.Table} WHERE Doc IN {StoredRelations.DocsOf("story_scope")} AND RelatedDoc IN {StoredRelations.DocsOf("story_scope")}", ct);
        await InsertRelationsAsync(connection, dbTx, grouping.Relations, ct);

        // Stories: each new group keeps the id of the old story it shares most members with, when still free.
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

        await RefineDatesAsync(db, reference, articles, scope, grouping.Groups, ct);
        return scope;
    }

    /// <summary>
    /// Story partners narrow dates the text leaves open. Only articles whose own window is wider than a day are
    /// re-dated from their text (the refinement needs the inference's constraints, which are not stored), and only
    /// when they are in a story or their stored date is not their own (a partner refined it, and has gone).
    /// </summary>
    private static async Task RefineDatesAsync(
        ArchiveDbContext db, ReferenceData reference, IReadOnlyDictionary<string, StoryArticle> byId, IReadOnlyCollection<string> redate,
        IReadOnlyList<StoryGroup> groups, CancellationToken ct)
    {
        var plan = await PlanDatingAsync(db, byId, redate, groups, ct);
        if (plan.ToInfer.Count > 0)
        {
            await ApplyDatesAsync(db, byId, groups, plan, await InferAsync(db, reference, plan.ToInfer, ct), ct);
        }
    }

    /// <summary>The articles re-dated from their text (<see cref="RefineDatesAsync"/>), with their stored dates.</summary>
    private sealed record DatingPlan(List<string> ToInfer, Dictionary<string, (DateOnly?, DateOnly?, DatePrecision)> Stored);

    private static async Task<DatingPlan> PlanDatingAsync(
        ArchiveDbContext db, IReadOnlyDictionary<string, StoryArticle> byId, IReadOnlyCollection<string> redate, IReadOnlyList<StoryGroup> groups, CancellationToken ct)
    {
        // Only a partner dated to a month or better can narrow a date (RefineWithStory): a member of a story with no
        // other such member is not re-read (most real news states no day in its text; re-inferring every member of
        // every story it touched made the incremental step slower than a full regroup).
        var grouped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var narrow = group.ArticleIds.Count(id => StoryClusterer.IsNarrow(byId[id]));
            grouped.UnionWith(group.ArticleIds.Where(id => narrow > (StoryClusterer.IsNarrow(byId[id]) ? 1 : 0)));
        }

        // An article whose window is a day is never re-dated (a stated date is such a window), so its row is not
        // read: most of a large archive, and each read walks the row past its texts.
        var ids = redate.Where(id => !IsDay(byId[id])).ToList();
        var toInfer = new List<string>();
        var stored = new Dictionary<string, (DateOnly?, DateOnly?, DatePrecision)>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            var rows = await db.Articles.AsNoTracking().Where(a => chunk.Contains(a.Id))
                .Select(a => new { a.Id, a.Published, a.PublishedTo, a.DatePrecision, a.DateSource }).ToListAsync(ct);
            foreach (var a in rows)
            {
                stored[a.Id] = (a.Published, a.PublishedTo, a.DatePrecision);
                var f = byId[a.Id];
                if (a.DateSource == FactSource.Stated || IsDay(f))
                {
                    continue;
                }

                if (grouped.Contains(a.Id) || OwnFact(f) != (a.Published, a.PublishedTo, a.DatePrecision))
                {
                    toInfer.Add(a.Id);
                }
            }
        }

        return new DatingPlan(toInfer, stored);
    }

    /// <summary>Infers the dates of <paramref name="ids"/> from their stored texts, read through <paramref name="db"/>.</summary>
    private static async Task<Dictionary<string, DateInference>> InferAsync(ArchiveDbContext db, ReferenceData reference, List<string> ids, CancellationToken ct)
    {
        var inference = new PublicationDateInference(reference.DatedEvents);
        var inferences = new Dictionary<string, DateInference>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            var texts = await db.Articles.AsNoTracking().Where(a => chunk.Contains(a.Id)).Select(a => new { a.Id, a.SourceText, a.Paragraphs }).ToListAsync(ct);
            // Pure work on the texts: on every core.
            var inferred = new DateInference[texts.Count];
            Parallel.For(0, texts.Count, new ParallelOptions { CancellationToken = ct },
                i => inferred[i] = inference.Infer(ArticleAnalyzer.DatedTextOf(texts[i].SourceText, [.. texts[i].Paragraphs.Where(p => p.Kind == ParagraphKind.Boilerplate)])));
            for (var i = 0; i < texts.Count; i++)
            {
                inferences[texts[i].Id] = inferred[i];
            }
        }

        return inferences;
    }

    private static async Task ApplyDatesAsync(
        ArchiveDbContext db, IReadOnlyDictionary<string, StoryArticle> byId, IReadOnlyList<StoryGroup> groups, DatingPlan plan,
        Dictionary<string, DateInference> inferred, CancellationToken ct)
    {
        var (toInfer, stored) = (plan.ToInfer, plan.Stored);
        var inferences = new Dictionary<string, DateInference>(StringComparer.Ordinal);
        var inferring = toInfer.ToHashSet(StringComparer.Ordinal);
        foreach (var id in groups.SelectMany(g => g.ArticleIds).Distinct(StringComparer.Ordinal).Where(id => !inferring.Contains(id)))
        {
            // A partner that is not re-dated lends the window its own text gives (a day, mostly).
            var a = byId[id];
            var own = a.Earliest is { } e && a.Latest is { } l ? DateFact.Within(e, l, []) : DateFact.Unknown;
            inferences[id] = new DateInference { Fact = own, Earliest = a.Earliest, Latest = a.Latest, CandidateCount = 1 };
        }

        foreach (var (id, inference) in inferred)
        {
            inferences[id] = inference;
        }

        var refined = PublicationDateInference.RefineWithStories(inferences, groups.Select(g => (IReadOnlyCollection<string>)g.ArticleIds));
        var changed = toInfer.Order(StringComparer.Ordinal).Where(id => !ReferenceEquals(refined[id], inferences[id]) || (refined[id].Fact.Published, refined[id].Fact.To, refined[id].Fact.Precision) != stored[id]).ToList();
        // Prepared statements and one delete per chunk: a full regroup may re-date tens of thousands of articles.
        var connection = db.Database.GetDbConnection();
        var dbTx = db.Database.CurrentTransaction!.GetDbTransaction();
        await using (var update = Command(connection, dbTx,
            "UPDATE Articles SET Published = $p, PublishedTo = $t, DatePrecision = $d, DateSource = $s WHERE Id = $id", "$p", "$t", "$d", "$s", "$id"))
        {
            foreach (var id in changed)
            {
                var fact = refined[id].Fact;
                var source = fact.Published is null ? FactSource.Unknown : FactSource.Inferred;
                (update.Parameters[0].Value, update.Parameters[1].Value, update.Parameters[2].Value, update.Parameters[3].Value, update.Parameters[4].Value) =
                    (fact.Published is { } day ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value,
                        fact.To is { } last ? last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value,
                        (int)fact.Precision, (int)source, id);
                await update.ExecuteNonQueryAsync(ct);
            }
        }

        foreach (var chunk in changed.Chunk(500))
        {
            await LeanFacts.DeleteDatesAsync(db, chunk, ct);
        }

        using var inserter = new RowInserter(db);
        foreach (var id in changed)
        {
            inserter.InsertAll(refined[id].Fact.Evidence.Select(e => new DateEvidence { ArticleId = id, Start = e.Start, End = e.End, Text = e.Text, Meaning = e.Meaning, MeaningAr = e.MeaningAr }));
        }
    }

    private static bool IsDay(StoryArticle a) => a.Earliest is { } e && a.Latest == e;

    /// <summary>The date the window alone gives, as the inference states it (its interval and precision, or unknown).</summary>
    private static (DateOnly?, DateOnly?, DatePrecision) OwnFact(StoryArticle a) => (a.Earliest, a.Latest) switch
    {
        ({ } e, { } l) when DateFact.Within(e, l, []) is { Published: not null } f => (f.Published, f.To, f.Precision),
        _ => (null, null, DatePrecision.Unknown),
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
            var articles = await db.Articles.AsNoTracking().Where(a => chunk.Contains(a.Id)).ToListAsync(ct);
            var persons = (await db.Mentions.AsNoTracking().Where(m => chunk.Contains(m.ArticleId)).Select(m => new { m.ArticleId, m.PersonSlug }).ToListAsync(ct))
                .ToLookup(m => m.ArticleId, m => m.PersonSlug);
            foreach (var article in articles)
            {
                features.Add(ArticleStoryFeatures.From(article, analyzer.Analyze(article), persons[article.Id]));
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Story ids of those of <paramref name="ids"/> that are in a story.</summary>
    private static async Task<Dictionary<string, int>> StoriesOfAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> ids, CancellationToken ct)
    {
        await FillScopeAsync(connection, transaction, "story_load", ids.Distinct(StringComparer.Ordinal), ct);
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var read = Command(connection, transaction, "SELECT a.Id, a.StoryId FROM Articles a JOIN story_load s ON s.Id = a.Id WHERE a.StoryId IS NOT NULL"))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                result[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        await ExecuteAsync(connection, transaction, "DROP TABLE story_load", ct);
        return result;
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
            $"INSERT OR REPLACE INTO {StoredRelations.Table} (Doc, RelatedDoc, Score, SameStory) SELECT a.RowId, b.RowId, $s, $same FROM SearchDocs a, SearchDocs b WHERE a.ArticleId = $a AND b.ArticleId = $b",
            "$a", "$b", "$s", "$same");
        foreach (var r in relations)
        {
            (insert.Parameters[0].Value, insert.Parameters[1].Value, insert.Parameters[2].Value, insert.Parameters[3].Value) = (r.ArticleId, r.RelatedId, StoredRelations.Score(r.Score), r.SameStory);
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

    /// <summary>
    /// Drops the secondary indexes of <paramref name="table"/> (those with SQL: not the primary key's) and returns
    /// their definitions: rows written in primary-key order then cost one append each, and each index is built
    /// afterwards in one sorted pass instead of taking a random insert per row. DDL is transactional in SQLite and
    /// the step holds the write lock, so no other connection ever sees the index missing.
    /// </summary>
    private static async Task<List<string>> DropIndexesAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken ct)
    {
        var definitions = new List<(string Name, string Sql)>();
        await using (var read = Command(connection, transaction, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $t AND sql IS NOT NULL ORDER BY name", "$t"))
        {
            read.Parameters[0].Value = table;
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                definitions.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in definitions)
        {
            await ExecuteAsync(connection, transaction, $"DROP INDEX \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", ct);
        }

        return [.. definitions.Select(d => d.Sql)];
    }

    private static async Task CreateIndexesAsync(DbConnection connection, DbTransaction transaction, List<string> definitions, CancellationToken ct)
    {
        foreach (var sql in definitions)
        {
            await ExecuteAsync(connection, transaction, sql, ct);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Prepared statements driven through SQLitePCL on the context's open connection (inside its transaction): a
    /// full regroup writes hundreds of thousands of rows, and ADO.NET's per-execution reader and by-name parameter
    /// binding cost more than SQLite's own insert. Values are bound as Microsoft.Data.Sqlite binds them.
    /// </summary>
    private sealed class Statements(DbConnection connection) : IDisposable
    {
        private readonly SQLitePCL.sqlite3 _handle = ((Microsoft.Data.Sqlite.SqliteConnection)connection).Handle
            ?? throw new InvalidOperationException("the connection must be open");

        private readonly List<SQLitePCL.sqlite3_stmt> _prepared = [];

        public SQLitePCL.sqlite3_stmt Prepare(string sql)
        {
            Check(SQLitePCL.raw.sqlite3_prepare_v2(_handle, sql, out var statement));
            _prepared.Add(statement);
            return statement;
        }

        public static void Text(SQLitePCL.sqlite3_stmt statement, int index, string value) => SQLitePCL.raw.sqlite3_bind_text(statement, index, value);

        public static void Int(SQLitePCL.sqlite3_stmt statement, int index, long value) => SQLitePCL.raw.sqlite3_bind_int64(statement, index, value);

        public static void Double(SQLitePCL.sqlite3_stmt statement, int index, double value) => SQLitePCL.raw.sqlite3_bind_double(statement, index, value);

        public static void Blob(SQLitePCL.sqlite3_stmt statement, int index, byte[] value) => SQLitePCL.raw.sqlite3_bind_blob(statement, index, value);

        public void Step(SQLitePCL.sqlite3_stmt statement)
        {
            var rc = SQLitePCL.raw.sqlite3_step(statement);
            // Reset before throwing: a failed statement must not hold its locks into the next row.
            SQLitePCL.raw.sqlite3_reset(statement);
            if (rc != SQLitePCL.raw.SQLITE_DONE)
            {
                Check(rc);
            }
        }

        /// <summary>Steps a statement that returns one integer (INSERT … RETURNING Id).</summary>
        public long StepScalar(SQLitePCL.sqlite3_stmt statement)
        {
            var rc = SQLitePCL.raw.sqlite3_step(statement);
            if (rc != SQLitePCL.raw.SQLITE_ROW)
            {
                SQLitePCL.raw.sqlite3_reset(statement);
                Check(rc);
            }

            var value = SQLitePCL.raw.sqlite3_column_int64(statement, 0);
            rc = SQLitePCL.raw.sqlite3_step(statement);
            SQLitePCL.raw.sqlite3_reset(statement);
            if (rc != SQLitePCL.raw.SQLITE_DONE)
            {
                Check(rc);
            }

            return value;
        }

        public void Dispose()
        {
            foreach (var statement in _prepared)
            {
                statement.Dispose();
            }

            _prepared.Clear();
        }

        private void Check(int rc)
        {
            if (rc != SQLitePCL.raw.SQLITE_OK)
            {
                Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, _handle);
                throw new Microsoft.Data.Sqlite.SqliteException($"SQLite error {rc}", rc);
            }
        }
    }

    /// <summary>Takes the given key numbers out of each article's list of posted keys (StoredPostedKeys).</summary>
    private static async Task RemoveFromListsAsync(DbConnection connection, DbTransaction transaction, Dictionary<long, HashSet<int>> removed, CancellationToken ct)
    {
        if (removed.Count == 0)
        {
            return;
        }

        await using var read = Command(connection, transaction, $"SELECT Keys FROM {StoredPostedKeys.Table} WHERE Doc = $d", "$d");
        await using var write = Command(connection, transaction, $"UPDATE {StoredPostedKeys.Table} SET Keys = $l WHERE Doc = $d", "$l", "$d");
        await using var delete = Command(connection, transaction, $"DELETE FROM {StoredPostedKeys.Table} WHERE Doc = $d", "$d");
        foreach (var (doc, terms) in removed)
        {
            read.Parameters[0].Value = doc;
            if (await read.ExecuteScalarAsync(ct) is not byte[] blob)
            {
                continue;
            }

            var kept = StoredPostedKeys.Decode(blob).Where(t => !terms.Contains(t)).ToArray();
            if (kept.Length > 0)
            {
                (write.Parameters[0].Value, write.Parameters[1].Value) = (StoredPostedKeys.Encode(kept), doc);
                await write.ExecuteNonQueryAsync(ct);
            }
            else
            {
                delete.Parameters[0].Value = doc;
                await delete.ExecuteNonQueryAsync(ct);
            }
        }
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
