using System.Data.Common;
using System.Text;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Search.Fts5;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace ArabicNewsArchive.Search;

/// <summary>
/// Keeps the FTS5 index (<see cref="SearchIndexSchema"/>) in step with the articles. Every write goes through the
/// caller's DbContext and its current transaction, so an article and its index row commit or roll back together.
/// </summary>
/// <remarks>
/// Ingestion calls <see cref="UpdateArticleAsync"/> inside its per-file transaction, after <c>SaveChangesAsync</c>
/// has written the article, its paragraphs and its mentions (the persons column is read from <c>Mentions</c>
/// unless the slugs are passed). Deleting an article needs nothing: <c>SearchDocs</c> cascades from
/// <c>Articles</c> and a trigger removes the FTS row. <see cref="RebuildAsync"/> re-indexes everything (start-up
/// when the analyser changed, or after re-analysis).
/// </remarks>
public static class SearchIndex
{
    /// <summary>
    /// bm25 column weights: title, body, persons, title_exact, body_exact. A title hit counts as much as five body
    /// hits; an exact form counts twice its stem, so a plain word (stem OR exact form) ranks the articles holding the
    /// form typed above those holding only a word of the same stem.
    /// </summary>
    public const string Bm25Weights = "5.0, 1.0, 2.0, 10.0, 2.0";

    /// <summary>Indexes (or re-indexes) one article.</summary>
    /// <param name="personSlugs">One slug per mention; null reads them from <c>Mentions</c>.</param>
    public static async Task UpdateArticleAsync(ArchiveDbContext db, Article article, IEnumerable<string>? personSlugs = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(article);
        var paragraphs = article.Paragraphs;
        var persons = personSlugs?.ToList()
            ?? await db.Mentions.Where(m => m.ArticleId == article.Id).Select(m => m.PersonSlug).ToListAsync(ct);

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            using var writer = new IndexWriter(db);
            await writer.WriteAsync(article.Id, article.Title, article.SourceText, article.TitleStart, paragraphs, persons, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// A writer for many articles in the caller's current transaction (bulk ingestion): the statements are prepared
    /// once. The connection must stay open (it does inside a transaction) while the writer is used.
    /// </summary>
    public static IndexWriter CreateWriter(ArchiveDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return new IndexWriter(db);
    }

    /// <summary>Removes an article from the index (deleting the article does it too, through the cascade).</summary>
    public static async Task RemoveArticleAsync(ArchiveDbContext db, string articleId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.ExecuteSqlAsync($"DELETE FROM SearchDocs WHERE ArticleId = {articleId}", ct);
    }

    /// <summary>Drops and rebuilds the whole index from the articles in the store, in one transaction.</summary>
    /// <returns>The number of articles indexed.</returns>
    public static async Task<int> RebuildAsync(ArchiveDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var tx = ownTransaction ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.Database.ExecuteSqlRawAsync("INSERT INTO ArticleSearch(ArticleSearch) VALUES('delete-all')", ct);
        // SearchDocs rows are kept: re-indexing reuses each article's rowid, so cached rowid maps stay valid.

        var count = 0;
        string? after = null;
        using var writer = new IndexWriter(db);
        while (true)
        {
            var batch = await db.Articles.AsNoTracking()
                .Where(a => after == null || string.Compare(a.Id, after) > 0)
                .OrderBy(a => a.Id)
                .Select(a => new { a.Id, a.Title, a.SourceText, a.TitleStart, a.Paragraphs })
                .Take(500)
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }

            var ids = batch.Select(a => a.Id).ToList();
            var mentions = (await db.Mentions.AsNoTracking().Where(m => ids.Contains(m.ArticleId))
                .Select(m => new { m.ArticleId, m.PersonSlug }).ToListAsync(ct)).ToLookup(m => m.ArticleId, m => m.PersonSlug);
            foreach (var a in batch)
            {
                await writer.WriteAsync(a.Id, a.Title, a.SourceText, a.TitleStart, a.Paragraphs, mentions[a.Id].ToList(), ct);
                count++;
            }

            after = batch[^1].Id;
        }

        await db.Database.ExecuteSqlRawAsync("INSERT INTO ArticleSearch(ArticleSearch) VALUES('optimize')", ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        return count;
    }

    /// <summary>Pages each <c>'merge'</c> step of <see cref="SettleAsync"/> may write (4 MB): a step is its own transaction.</summary>
    private const int SettlePages = 1000;

    /// <summary>
    /// Brings the index back to a state the index reader (<see cref="Fts5Postings"/>) reads itself, after a run of
    /// writes; in any other state every ranked query goes through FTS5's own walk, about twice as slow for common
    /// words at 100k articles (docs/history/performance-rounds.md, round 13). Two things stand in the way:
    /// <list type="bullet">
    /// <item>An incremental merge under way. FTS5 merges segments a little at each write (<c>automerge</c>), so a
    /// bulk ingest nearly always stops mid-merge. It is finished with FTS5's <c>'merge'</c> command: bounded work,
    /// 0.3-2.4 s at 100k.</item>
    /// <item>More tombstones than the reader reads (<see cref="Fts5Postings.MaxTombstones"/>): rows deleted or
    /// re-indexed since a merge last covered their segment, which may be the largest and the last to merge. A
    /// revision of a few files leaves a few, which the reader reads; a re-analysis leaves one per article. Only a
    /// merge of their segment clears them, so past that bound the index is optimised (one segment; 5-8 s at 100k).</item>
    /// </list>
    /// </summary>
    /// <remarks>
    /// Each <c>'merge'</c> step runs in its own transaction, so readers never wait long and a step cut short loses
    /// nothing: the index is consistent after every step, only slower to read. A merge may fill the next level and
    /// start another, which is finished too.
    /// </remarks>
    /// <returns>The <c>'merge'</c> steps run, and whether the index was optimised.</returns>
    public static async Task<(int MergeSteps, bool Optimised)> SettleAsync(ArchiveDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var handle = ((SqliteConnection)db.Database.GetDbConnection()).Handle!;
            // An optimise also finishes any merge under way, so merging first would only be work thrown away.
            if (Fts5Postings.Tombstones(handle) > Fts5Postings.MaxTombstones)
            {
                await db.Database.ExecuteSqlRawAsync("INSERT INTO ArticleSearch(ArticleSearch) VALUES('optimize')", ct);
                return (0, true);
            }

            var steps = 0;
            while (Fts5Postings.MergeUnderWay(handle))
            {
                ct.ThrowIfCancellationRequested();
                var before = raw.sqlite3_total_changes(handle);
                await db.Database.ExecuteSqlAsync($"INSERT INTO ArticleSearch(ArticleSearch, rank) VALUES('merge', {SettlePages})", ct);
                steps++;
                // FTS5's own test for "no work left": fewer than two rows changed (fts5 docs, the 'merge' command).
                if (raw.sqlite3_total_changes(handle) - before < 2)
                {
                    break;
                }
            }

            return (steps, false);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The <c>SearchMeta.Version</c> triggers that fire on inserts (<see cref="SearchIndexSchema.Sql"/>). Bulk
    /// ingestion fires them ~15 times per article (its article, mentions, topics, index row): an UPDATE and a
    /// statement journal per row.
    /// </summary>
    private static readonly string[] s_insertVersionTriggers =
    [
        "SearchMeta_Articles_Insert", "SearchMeta_Mentions_Insert", "SearchMeta_ArticleTopics_Insert", "SearchMeta_SearchDocs_Insert",
        "SearchMeta_People_Insert", "SearchMeta_PersonAliases_Insert", "SearchMeta_Outlets_Insert",
    ];

    /// <summary>
    /// The trigger that moves <c>SearchMeta.Version</c> on each updated article row. The story step updates tens of
    /// thousands (story links, refined dates), each then with a statement journal as above.
    /// </summary>
    private static readonly string[] s_articleUpdateVersionTrigger = ["SearchMeta_Articles_Update"];

    /// <summary>
    /// For a bulk write in the caller's transaction: drops the insert triggers of <c>SearchMeta.Version</c> and
    /// returns their DDL for <see cref="ResumeVersionTriggersAsync"/>, which puts them back and moves the version once.
    /// </summary>
    /// <remarks>
    /// DDL is transactional in SQLite and the transaction holds the write lock: no other connection ever sees the
    /// triggers missing, and if the transaction rolls back (or the process dies) they were never gone. Update and
    /// delete triggers stay, so a bulk write that also updates rows moves the version more than once, never less.
    /// </remarks>
    internal static Task<List<string>> SuspendVersionTriggersAsync(ArchiveDbContext db, CancellationToken ct) =>
        SuspendAsync(db, s_insertVersionTriggers, ct);

    /// <summary>As <see cref="SuspendVersionTriggersAsync"/>, for the trigger on article updates.</summary>
    internal static Task<List<string>> SuspendArticleUpdateTriggerAsync(ArchiveDbContext db, CancellationToken ct) =>
        SuspendAsync(db, s_articleUpdateVersionTrigger, ct);

    private static async Task<List<string>> SuspendAsync(ArchiveDbContext db, string[] triggers, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var tx = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("a transaction is required");
        var ddl = new List<string>();
        var names = new List<string>();
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = tx;
            read.CommandText = $"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({string.Join(", ", triggers.Select(n => $"'{n}'"))})";
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                names.Add(reader.GetString(0));
                ddl.Add(reader.GetString(1));
            }
        }

        foreach (var name in names)
        {
            await ExecuteAsync(connection, tx, $"DROP TRIGGER \"{name}\"", ct);
        }

        return ddl;
    }

    /// <summary>Undoes <see cref="SuspendVersionTriggersAsync"/> in the same transaction and moves the version once.</summary>
    internal static async Task ResumeVersionTriggersAsync(ArchiveDbContext db, List<string> ddl, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var tx = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("a transaction is required");
        foreach (var sql in ddl)
        {
            await ExecuteAsync(connection, tx, sql, ct);
        }

        await ExecuteAsync(connection, tx, "UPDATE SearchMeta SET Version = Version + 1", ct);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The spans of the source text that are indexed as body: reading paragraphs, not furniture.</summary>
    internal static List<(int Start, int End)> BodySpans(string sourceText, int? titleStart, IEnumerable<Paragraph> paragraphs)
    {
        // A loop, not LINQ: ingestion asks for every article's spans, and the query's closures and iterators were 1 %
        // of what it allocated. Paragraphs come in source order; sorted (stably, as OrderBy did) only when not.
        var body = new List<(int SourceStart, int Start, int End)>();
        var any = false;
        var ordered = true;
        foreach (var p in paragraphs)
        {
            any = true;
            if (p.Kind is not (ParagraphKind.Body or ParagraphKind.Heading or ParagraphKind.Dateline)
                || (titleStart is not null && p.SourceStart <= titleStart && p.SourceEnd > titleStart))
            {
                continue;
            }

            ordered &= body.Count == 0 || body[^1].SourceStart <= p.SourceStart;
            body.Add((p.SourceStart, Math.Clamp(p.SourceStart, 0, sourceText.Length), Math.Clamp(p.SourceEnd, 0, sourceText.Length)));
        }

        if (!ordered)
        {
            body = [.. body.OrderBy(b => b.SourceStart)];
        }

        var spans = new List<(int Start, int End)>(body.Count);
        foreach (var (_, start, end) in body)
        {
            if (end > start)
            {
                spans.Add((start, end));
            }
        }

        // Without paragraphs (an article stored before segmentation) the whole text is the body.
        if (spans.Count == 0 && !any)
        {
            spans.Add((0, sourceText.Length));
        }

        return spans;
    }

    /// <summary>
    /// Index into <see cref="BodySpans"/> of the first body paragraph: where a snippet without matches starts, so a
    /// card shows the article's opening, not its dateline ("دبي- الشرق") or a heading.
    /// </summary>
    internal static int LeadSpan(IReadOnlyList<(int Start, int End)> spans, IEnumerable<Paragraph> paragraphs)
    {
        var firstBody = paragraphs.Where(p => p.Kind == ParagraphKind.Body).Select(p => (int?)p.SourceStart).Min();
        if (firstBody is null)
        {
            return 0;
        }

        for (var i = 0; i < spans.Count; i++)
        {
            if (spans[i].Start >= firstBody)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>
    /// An article's analysed title and body terms, the costly part of indexing: pure, so bulk ingestion computes it
    /// on the preparing threads and the single writer only stores it.
    /// </summary>
    /// <param name="TitleExact">The title's exact forms (<see cref="SearchTerms.ExactTerm"/>), one per term of <paramref name="Title"/>.</param>
    /// <param name="BodyExact">The body's exact forms, one per term of <paramref name="Body"/>.</param>
    public sealed record IndexTerms(string Title, string Body, string TitleExact = "", string BodyExact = "");

    /// <summary>The terms of an article whose paragraphs are loaded (see <see cref="IndexTerms"/>).</summary>
    public static IndexTerms Terms(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return Terms(article.Title, article.SourceText, article.TitleStart, article.Paragraphs);
    }

    internal static IndexTerms Terms(string title, string sourceText, int? titleStart, IReadOnlyCollection<Paragraph> paragraphs) =>
        Terms(title, sourceText, titleStart, paragraphs, null);

    /// <summary>
    /// As <see cref="Terms(Article)"/>, taking the body's words from <paramref name="tokens"/> when given: the tokens
    /// of a text with the source text's offsets and, inside every body paragraph, its characters (the analysis's
    /// prose, where only boilerplate is blanked). The analysis has normalised and stemmed every word already, and
    /// doing it again here was a twentieth of ingestion's CPU. A paragraph whose edge falls inside a token is read
    /// from the text as before.
    /// </summary>
    internal static IndexTerms Terms(string title, string sourceText, int? titleStart, IReadOnlyCollection<Paragraph> paragraphs, IReadOnlyList<Token>? tokens)
    {
        var titleTerms = new StringBuilder();
        var titleExact = new StringBuilder();
        SearchTerms.AppendTerms(titleTerms, titleExact, title, 0, title.Length);
        var body = new StringBuilder(sourceText.Length);
        var bodyExact = new StringBuilder(sourceText.Length);
        foreach (var (start, end) in BodySpans(sourceText, titleStart, paragraphs))
        {
            if (tokens is not null && TokensWithin(tokens, start, end) is var (from, to))
            {
                SearchTerms.AppendTokenTerms(body, bodyExact, tokens, from, to);
            }
            else
            {
                SearchTerms.AppendTerms(body, bodyExact, sourceText, start, end);
            }
        }

        return new IndexTerms(titleTerms.ToString(), body.ToString(), titleExact.ToString(), bodyExact.ToString());
    }

    /// <summary>
    /// The tokens [From, To) that lie inside [<paramref name="start"/>, <paramref name="end"/>) of the text, or null
    /// when a token straddles either edge (its word is not the one the span's own reading would give).
    /// </summary>
    private static (int From, int To)? TokensWithin(IReadOnlyList<Token> tokens, int start, int end)
    {
        // The first token that ends after the span starts.
        int lo = 0, hi = tokens.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (tokens[mid].End <= start)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        if (lo < tokens.Count && tokens[lo].Start < start)
        {
            return null;
        }

        var to = lo;
        while (to < tokens.Count && tokens[to].End <= end)
        {
            to++;
        }

        return to < tokens.Count && tokens[to].Start < end ? null : (lo, to);
    }

    /// <summary>Prepared statements reused across articles: a rebuild of 100k articles must not re-parse SQL each time.</summary>
    /// <remarks>
    /// Bulk ingestion splits an article's indexing in two: <see cref="AddDocument"/> (the rowid, a plain table row)
    /// inside the file's savepoint, and <see cref="WriteRow"/> after the batch's last savepoint. FTS5 flushes its
    /// pending terms to a new on-disk segment at every savepoint it takes part in, so writing its rows between
    /// per-file savepoints produced one tiny segment per article and constant merging.
    /// </remarks>
    public sealed class IndexWriter : IDisposable
    {
        private readonly DbCommand _upsertDoc;
        private readonly DbCommand _deleteRow;
        private readonly DbCommand _insertRow;

        internal IndexWriter(ArchiveDbContext db)
        {
            var connection = db.Database.GetDbConnection();
            var tx = db.Database.CurrentTransaction?.GetDbTransaction();
            _upsertDoc = Command(connection, tx,
                "INSERT INTO SearchDocs (ArticleId) VALUES ($id) ON CONFLICT (ArticleId) DO UPDATE SET ArticleId = excluded.ArticleId RETURNING RowId",
                "$id");
            _deleteRow = Command(connection, tx, "DELETE FROM ArticleSearch WHERE rowid = $rowid", "$rowid");
            _insertRow = Command(connection, tx,
                "INSERT INTO ArticleSearch (rowid, title, body, persons, title_exact, body_exact) VALUES ($rowid, $title, $body, $persons, $titleExact, $bodyExact)",
                "$rowid", "$title", "$body", "$persons", "$titleExact", "$bodyExact");
        }

        internal Task WriteAsync(string id, string title, string sourceText, int? titleStart, IReadOnlyCollection<Paragraph> paragraphs, IReadOnlyCollection<string> persons, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            // Microsoft.Data.Sqlite's async calls run synchronously underneath; the sync ones skip the task machinery.
            WriteRow(AddDocument(id), Terms(title, sourceText, titleStart, paragraphs), persons, replace: true);
            return Task.CompletedTask;
        }

        /// <summary>
        /// Adds the <c>SearchDocs</c> row of an article that has none (a new one); the new rowid is the FTS rowid.
        /// Bulk ingestion runs it through its own prepared statements: the upsert with RETURNING through ADO.NET cost
        /// ~30 µs per article, twice the plain INSERT.
        /// </summary>
        internal const string AddNewDocumentSql = "INSERT INTO SearchDocs (ArticleId) VALUES (?1)";

        /// <summary>The article's FTS rowid: its <c>SearchDocs</c> row, added if it has none yet.</summary>
        internal long AddDocument(string id)
        {
            _upsertDoc.Parameters[0].Value = id;
            return (long)_upsertDoc.ExecuteScalar()!;
        }

        /// <summary>Writes the FTS row for a rowid from <see cref="AddDocument"/>.</summary>
        /// <param name="replace">
        /// False only for a rowid <c>SearchDocs</c> has just handed out: its AUTOINCREMENT never reuses one, so no
        /// FTS row can exist and the delete (a tombstone lookup in contentless-delete mode) is skipped.
        /// </param>
        internal void WriteRow(long rowId, IndexTerms terms, IEnumerable<string> persons, bool replace)
        {
            if (replace)
            {
                _deleteRow.Parameters[0].Value = rowId;
                _deleteRow.ExecuteNonQuery();
            }

            _insertRow.Parameters[0].Value = rowId;
            _insertRow.Parameters[1].Value = terms.Title;
            _insertRow.Parameters[2].Value = terms.Body;
            _insertRow.Parameters[3].Value = string.Join(' ', persons.Select(SearchTerms.PersonToken));
            _insertRow.Parameters[4].Value = terms.TitleExact;
            _insertRow.Parameters[5].Value = terms.BodyExact;
            _insertRow.ExecuteNonQuery();
        }

        public void Dispose()
        {
            _upsertDoc.Dispose();
            _deleteRow.Dispose();
            _insertRow.Dispose();
        }

        private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = tx;
            foreach (var name in parameters)
            {
                var p = command.CreateParameter();
                p.ParameterName = name;
                command.Parameters.Add(p);
            }

            return command;
        }
    }
}
