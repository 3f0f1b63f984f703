using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Curation;
using ArabicNewsArchive.Outlets;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Stories;
using ArabicNewsArchive.Topics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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
    /// <summary>Why the run read no file at all, when another process held the store (seeding at start-up only).</summary>
    public string? Deferred { get; init; }

    public int Count(IngestOutcome outcome) => Files.Count(f => f.Outcome == outcome);

    public bool AnyRejected => Files.Any(f => f.Outcome == IngestOutcome.Rejected);
}

/// <summary>Wall-clock time per ingestion stage: read (and parse), analyse, store (EF rows, including index), index (FTS5), stories.</summary>
public sealed class IngestStageTimes
{
    public TimeSpan Read { get; set; }

    public TimeSpan Analyse { get; set; }

    public TimeSpan Store { get; set; }

    public TimeSpan Index { get; set; }

    public TimeSpan Stories { get; set; }

    /// <summary>Settling the FTS5 index after the run: merges finished, tombstones optimised away (<see cref="SearchIndex.SettleAsync"/>).</summary>
    public TimeSpan Settle { get; set; }

    /// <summary>CPU time of the writing thread in the store stage (Linux only: /proc/thread-self; zero elsewhere).</summary>
    public TimeSpan StoreCpu { get; set; }

    /// <summary>Batches read and stored: a transaction each (<see cref="IngestionService.BatchSize"/>, <see cref="IngestionService.BatchBytes"/>).</summary>
    public int Batches { get; set; }

    /// <summary>Files the writer read or analysed for the preparing side while it waited for a batch.</summary>
    public int WriterHelped { get; set; }

    /// <summary>
    /// Times the writer read the known people, spellings, topics and outlets from the store: once per run, again only
    /// after a rollback or another connection's commit.
    /// </summary>
    public int KnownLoads { get; set; }

    /// <summary>The calling thread's CPU time so far, from /proc/thread-self/stat (clock ticks of 10 ms); zero where it does not exist.</summary>
    internal static TimeSpan ThreadCpu()
    {
        const string stat = "/proc/thread-self/stat";
        if (!File.Exists(stat))
        {
            return TimeSpan.Zero;
        }

        // Fields after the command's closing parenthesis: state is the 3rd field, utime and stime the 14th and 15th.
        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    public override string ToString() =>
        $"read+parse {Read.TotalSeconds:N1} s, analyse {Analyse.TotalSeconds:N1} s, store {Store.TotalSeconds:N1} s (of which FTS5 {Index.TotalSeconds:N1} s; writer CPU {StoreCpu.TotalSeconds:N1} s; the writer also read or analysed {WriterHelped:N0} files while it waited), {Batches:N0} batches, known sets read {KnownLoads:N0} times, index settled {Settle.TotalSeconds:N1} s, stories {Stories.TotalSeconds:N1} s";
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
    /// unsupported one is reported rather than ignored. The walk is bounded and does not follow links to folders
    /// (<see cref="FileWalk"/>).
    /// </summary>
    public static List<IngestEntry> ExpandPaths(IEnumerable<string> paths) => FileWalk.Expand(paths);

    // Analysers are reused (construction indexes the reference data), one per thread at work at once rather than one
    // per thread that ever analysed: the loops run on pool threads, and each analyser keeps its word cache (the memos
    // of 32k words). Per thread, the caches of every pool thread that ever analysed stayed live to the end of the run:
    // 10k ANT files on a loaded machine left 179 MB on the heap after the collection before the story step, 146 MB with
    // two pooled analysers (docs/ingestion.md). Which analyser analyses a file never changed its facts (they were
    // already spread over threads at random): the caches hold what a word gives.
    private readonly ConcurrentBag<ArticleAnalyzer> _idleAnalyzers = [];

    /// <summary>Wall-clock time spent in each stage of ingestion by this service (for the benchmark).</summary>
    public IngestStageTimes Times { get; } = new();

    /// <summary>Files read, analysed and stored per transaction (each file still atomic).</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>
    /// The most file bytes a batch holds (a file larger than this is a batch of its own). Up to three batches are in
    /// memory at once with their texts, analyses and index terms: by count alone, 1,024 files near the 5 MB limit were
    /// 5 GB of files per batch before any analysis. 1,024 ANT articles hold 2.6 MB on average and 4.6 MB at most, so
    /// the benchmark's batches are the same.
    /// </summary>
    public long BatchBytes { get; init; } = 6 << 20;

    /// <summary>How long a run waits for another run's writer lock on the same store (<see cref="IngestLock"/>).</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The writer's SQLite page cache for a run, in MB. Each article adds ~55 rows to a dozen indexes whose pages a
    /// smaller cache reads again: at 100k articles 256 MB took the writer from 2.6 to 1.6 ms per article
    /// (docs/history/performance-rounds.md). It is native memory, beside the managed heap.
    /// </summary>
    public int WriterCacheMegabytes { get; init; } = 256;

    /// <summary>Runs inside the story step's transaction just before it commits (a fault there stands for a kill; tests only).</summary>
    internal Action? StoryStepFault { get; init; }

    /// <summary>
    /// The incremental story step, then the curators' splits and joins laid again over the stories it regrouped (a
    /// step with nothing pending changes no story, so nothing is re-applied).
    /// </summary>
    internal static async Task StoryStepAsync(IDbContextFactory<ArchiveDbContext> contexts, ReferenceData reference, Action? fault, CancellationToken ct)
    {
        if (await StoryService.UpdateCoreAsync(contexts, reference, fault, ct))
        {
            await CurationService.ApplyStoriesAsync(contexts, ct);
        }
    }

    /// <summary>
    /// Ingests files and folders. One file's problem is that file's rejection; a store that cannot be written at
    /// all (disk full, read-only, another run's lock held too long) ends the run with an <see cref="IngestStoreException"/>.
    /// </summary>
    public async Task<IngestRun> IngestAsync(IEnumerable<string> paths, Action<IngestProgress>? progress = null, CancellationToken ct = default)
    {
        try
        {
            string? dataSource;
            await using (var probe = await contexts.CreateDbContextAsync(ct))
            {
                dataSource = probe.Database.GetDbConnection().DataSource;
            }

            // Before the walk and the stored hashes are read: a run that waited sees what the other one stored.
            using var writerLock = await IngestLock.AcquireAsync(dataSource, LockWait, ct);
            return await IngestLockedAsync(ExpandPaths(paths), progress, ct);
        }
        catch (Exception e) when (e is not IngestStoreException && IngestStoreException.Classify(e) is { } failure)
        {
            throw IngestStoreException.From(failure, e);
        }
    }

    private async Task<IngestRun> IngestLockedAsync(List<IngestEntry> files, Action<IngestProgress>? progress, CancellationToken ct)
    {
        var results = new List<IngestFileResult>(files.Count);
        // Ids claimed in this run: a second file with the same id and other bytes is a collision, not an update.
        var claimed = new Dictionary<string, (string Path, string Sha256)>(StringComparer.Ordinal);
        var watch = Stopwatch.StartNew();
        var changed = new List<string>();
        // A story step that a kill or a fault cut short left its articles pending (ArticleStoryFeatures.Counted = 0,
        // written with the articles): it is finished before anything new is stored, even when every file is unchanged.
        await StoryStepAsync(contexts, reference, StoryStepFault, ct);
        // What is stored already, read once: the preparing side then needs no connection (which it could not share
        // with the writing side when the caller's contexts share one) and skips analysing unchanged files.
        Dictionary<string, string> storedHashes;
        await using (var lookup = await contexts.CreateDbContextAsync(ct))
        {
            storedHashes = files.Count == 0 ? [] : await lookup.Articles.AsNoTracking().Select(a => new { a.Id, a.Sha256 })
                .ToDictionaryAsync(a => a.Id, a => a.Sha256, StringComparer.Ordinal, ct);
        }

        // A pipeline: up to two batches are read and analysed ahead (one after the other, so ids are claimed in file
        // order) while the current one is written. With a single batch of lead, one core idled whenever the preparing
        // side finished before the writer (or the writer before it).
        var ahead = new Queue<Task<Prepared>>();
        var shared = new SharedLoops();
        Task<Prepared>? last = null;
        var queued = 0;
        void PrepareNext()
        {
            var previous = last;
            var batch = files.GetRange(queued, BatchLength(files, queued));
            Times.Batches++;
            queued += batch.Count;
            last = Task.Run(async () =>
            {
                if (previous is not null)
                {
                    await previous;
                }

                return await PrepareAsync(batch, claimed, storedHashes, shared, ct);
            }, ct);
            ahead.Enqueue(last);
        }

        while (queued < files.Count && ahead.Count < 2)
        {
            PrepareNext();
        }

        // Opened at the first batch with something to store, closed before the story step.
        Writer? writer = null;
        var stored = 0;
        try
        {
            while (ahead.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                var next = ahead.Dequeue();
                // Rather than idle until the batch is ready, the writer reads and analyses its files too.
                Times.WriterHelped += await shared.HelpUntilAsync(next);
                var current = await next;
                if (queued < files.Count)
                {
                    PrepareNext();
                }

                if (writer is null && current.ToStore.Count > 0)
                {
                    writer = await Writer.OpenAsync(contexts, WriterCacheMegabytes, ct);
                }

                var done = await StoreBatchAsync(writer, current, ct);
                foreach (var result in done)
                {
                    results.Add(result);
                    if (result.Outcome is IngestOutcome.Imported or IngestOutcome.Updated && result.ArticleId is { } id)
                    {
                        changed.Add(id);
                    }

                    progress?.Invoke(new IngestProgress(results.Count, files.Count, watch.Elapsed, result));
                }

                // Stored: its texts and analyses are garbage (the last batch's would otherwise stay through the story step).
                current.ToStore.Clear();
                if (++stored % 16 == 0)
                {
                    MemoryLog.Mark($"files: {results.Count}");
                }
            }

            if (writer is not null)
            {
                var settling = Stopwatch.StartNew();
                await SearchIndex.SettleAsync(writer.Db, ct);
                Times.Settle += settling.Elapsed;
            }
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }
        }

        // Their caches are of no use to the story step: the next run builds its own. Nor is what the files phase
        // kept per file (this method's state machine holds its locals through the step): the ids claimed with their
        // paths and hashes (~40 MB at 100k files), the stored hashes (as much again when the store held 100k
        // articles), and the last batch read, texts and analyses included.
        _idleAnalyzers.Clear();
        claimed.Clear();
        claimed.TrimExcess();
        storedHashes = [];
        last = null;
        MemoryLog.Mark("files done");
        if (writer is not null && results.Count >= BatchSize)
        {
            reference.ReleaseTagger();
            ReleaseMemory();
            MemoryLog.Mark("released");
        }

        if (changed.Count > 0)
        {
            var grouping = Stopwatch.StartNew();
            // Incremental: regroups around the articles this run stored (their story features are not counted yet).
            await StoryStepAsync(contexts, reference, StoryStepFault, ct);
            Times.Stories += grouping.Elapsed;
        }

        return new IngestRun(results);
    }

    /// <summary>
    /// How many files from <paramref name="start"/> make the next batch: up to <see cref="BatchSize"/>, and no more
    /// file bytes than <see cref="BatchBytes"/> unless one file alone is larger. The sizes are the files' as they are
    /// now; one that cannot be read counts nothing here and is rejected when read.
    /// </summary>
    private int BatchLength(List<IngestEntry> files, int start)
    {
        var bytes = 0L;
        var count = 0;
        while (start + count < files.Count && count < BatchSize)
        {
            bytes += FileBytes(files[start + count]);
            if (count > 0 && bytes > BatchBytes)
            {
                break;
            }

            count++;
        }

        return count;
    }

    private static long FileBytes(IngestEntry entry)
    {
        if (entry.Problem is not null)
        {
            return 0;
        }

        try
        {
            // Through a link, the size of what it points to (null when the path is no link).
            return (File.ResolveLinkTarget(entry.Path, returnFinalTarget: true) as FileInfo ?? new FileInfo(entry.Path)).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Between a large run's files and its story step: what the files phase committed goes back to the system before
    /// the step builds its own structures. The GC keeps much of the heap it grew for the pipeline's garbage (the
    /// server GC about three times what is live), and the C heap the writer's page cache it has just put back (<see cref="NativeHeap"/>):
    /// without this the story step's peak stood on top of both (30k ANT articles: ~900 MB at its start).
    /// </summary>
    private static void ReleaseMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
    }

    private static readonly Dictionary<string, int> s_noStoryTerms = [];

    /// <summary>One file on its way into the store: parsed, then (when it must be stored) analysed.</summary>
    private sealed class Pending(string path, ParsedFile parsed)
    {
        public string Path { get; } = path;

        public ParsedFile Parsed { get; } = parsed;

        public ArticleFacts? Facts { get; set; }

        public SearchIndex.IndexTerms? Terms { get; set; }

        /// <summary>The story terms as the features row stores them (<see cref="ArticleStoryFeatures.FormatTerms"/>).</summary>
        public string? StoryTerms { get; set; }
    }

    /// <summary>A batch read and analysed: final results for some files, the rest to store (and which of those exist).</summary>
    private sealed record Prepared(IngestFileResult?[] Results, List<(int Index, Pending File)> ToStore, HashSet<string> StoredIds);

    /// <summary>
    /// Threads that read and analyse batches ahead: by default every core but the writer's. With all of them, the
    /// writer thread shared its core with the analysis and ran at about two thirds of it; instead the writer joins
    /// their loops while it has nothing to write (<see cref="SharedLoops"/>). The store is the same whatever the
    /// number: files are claimed and stored in file order (tests/…/PipelineDeterminismTests).
    /// </summary>
    public int PrepareThreads { get; init; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>
    /// Reads, decodes, cleans and analyses a batch of files on <see cref="PrepareThreads"/> threads and whoever joins
    /// through <paramref name="shared"/> (pure work but for one lookup).
    /// </summary>
    private async Task<Prepared> PrepareAsync(
        List<IngestEntry> batch, Dictionary<string, (string Path, string Sha256)> claimed,
        Dictionary<string, string> storedHashes, SharedLoops shared, CancellationToken ct)
    {
        var results = new IngestFileResult?[batch.Count];
        var parsed = new ParsedFile?[batch.Count];
        var reading = Stopwatch.StartNew();
        await shared.RunAsync(new SharedLoop(batch.Count, async (i, token) =>
        {
            (results[i], parsed[i]) = await ReadAsync(batch[i], token);
        }, ct), PrepareThreads);

        Times.Read += reading.Elapsed;

        // Claims in file order, as a sequential run would make them.
        var pending = new List<(int Index, Pending File)>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (parsed[i] is not { Article: { } article } file)
            {
                continue;
            }

            var path = batch[i].Path;
            if (claimed.TryGetValue(article.Id, out var first))
            {
                results[i] = first.Sha256 == article.Sha256
                    ? new(path, article.Id, IngestOutcome.Unchanged, $"duplicate of {first.Path}")
                    : new(path, article.Id, IngestOutcome.Rejected, $"id collision with {first.Path}");
                continue;
            }

            claimed[article.Id] = (path, article.Sha256);
            pending.Add((i, new Pending(path, file)));
        }

        if (pending.Count == 0)
        {
            return new Prepared(results, [], []);
        }

        var toStore = new List<(int Index, Pending File)>();
        foreach (var (i, file) in pending)
        {
            var article = file.Parsed.Article!;
            if (storedHashes.TryGetValue(article.Id, out var sha) && sha == article.Sha256)
            {
                results[i] = new(file.Path, article.Id, IngestOutcome.Unchanged, null);
            }
            else
            {
                toStore.Add((i, file));
            }
        }

        // The analysis reads only the parsed text and paragraphs, which an update copies as they are.
        var analysing = Stopwatch.StartNew();
        // The index terms too, from the analysis's tokens: the single writer is the bound.
        await shared.RunAsync(new SharedLoop(toStore.Count, (k, _) =>
        {
            var file = toStore[k].File;
            var article = file.Parsed.Article!;
            var analyzer = _idleAnalyzers.TryTake(out var idle) ? idle : new ArticleAnalyzer(reference);
            try
            {
                file.Facts = analyzer.Analyze(article, out var terms);
                file.Terms = terms;
            }
            finally
            {
                _idleAnalyzers.Add(analyzer);
            }

            // What the writer would otherwise do alone: format the story terms, compress the source text.
            file.StoryTerms = StoredTerms.Prepare(ArticleStoryFeatures.FormatTerms(file.Facts.StoryTerms));
            // The counts (a few hundred stems) are in that value now, which the writer stores for a new article and a
            // revision alike. Kept until the batch is written, they reached gen2 with it: what a batch holds there is
            // what the files phase's blocking collections mark, then sweep.
            file.Facts = file.Facts with { StoryTerms = s_noStoryTerms };
            SourceTextCodec.EncodeAhead(article.SourceText);
            return ValueTask.CompletedTask;
        }, ct), PrepareThreads);
        Times.Analyse += analysing.Elapsed;
        return new Prepared(results, toStore, [.. toStore.Select(f => f.File.Parsed.Article!.Id).Where(storedHashes.ContainsKey)]);
    }

    /// <summary>
    /// The writing side's context, kept open for a whole run with a larger page cache: the indexes' pages stay cached
    /// from one batch to the next (SQLite keeps its cache across our own commits in WAL mode). Disposing puts the
    /// connection's default cache back before it returns to the pool.
    /// </summary>
    private sealed class Writer : IAsyncDisposable
    {
        private PageCache? _cache;
        private bool _bulkCheckpoints;

        private Known? _known;
        private long _knownVersion;
        private long _batchVersion;

        private Writer(ArchiveDbContext db) => Db = db;

        public ArchiveDbContext Db { get; }

        /// <summary>
        /// The known sets for a batch: those the last committed batch left when no other connection has written since
        /// (PRAGMA data_version), else read from the store. Reading them all for every batch grew with the archive:
        /// at 100k articles, tens of thousands of people and their spellings per batch of 1,024 files.
        /// </summary>
        /// <remarks>
        /// Called inside the batch's transaction once it holds the write lock, so no other connection commits between
        /// the version read here and the batch's commit. The sets are handed over, not shared: until
        /// <see cref="KeepKnown"/> after a commit the writer holds none, so a batch rolled back (or a run ended by an
        /// error) leaves nothing behind that the store does not hold.
        /// </remarks>
        public async Task<Known> TakeKnownAsync(IngestStageTimes times, CancellationToken ct)
        {
            var known = _known;
            _known = null;
            _batchVersion = await DataVersionAsync(ct);
            if (known is not null && _batchVersion == _knownVersion)
            {
                return known;
            }

            times.KnownLoads++;
            return await KnownAsync(Db, ct);
        }

        /// <summary>Keeps a committed batch's sets for the next batch.</summary>
        public void KeepKnown(Known known)
        {
            _knownVersion = _batchVersion;
            _known = known;
        }

        // Moves when another connection commits to the store (a curator's edit during the run); our own commits leave it.
        private async Task<long> DataVersionAsync(CancellationToken ct)
        {
            await using var command = Db.Database.GetDbConnection().CreateCommand();
            command.Transaction = Db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "PRAGMA data_version";
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }

        public static async Task<Writer> OpenAsync(IDbContextFactory<ArchiveDbContext> contexts, int cacheMegabytes, CancellationToken ct)
        {
            var writer = new Writer(await contexts.CreateDbContextAsync(ct));
            try
            {
                var db = writer.Db;
                await db.Database.OpenConnectionAsync(ct);
                // Per connection; with WAL (set at start-up) a commit no longer waits for the disk, only checkpoints do.
                await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL", ct);
                writer._cache = await PageCache.WidenAsync(db, cacheMegabytes, ct);
                // A checkpoint (copy the WAL into the file, two fsyncs) after every batch cost 0.3-0.8 s of waiting per
                // batch at 100k; every ~256 MB of WAL instead, and a page rewritten by several batches is copied once.
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_autocheckpoint=65536", ct);
                writer._bulkCheckpoints = true;
                db.Database.AutoSavepointsEnabled = false;
                return writer;
            }
            catch
            {
                await writer.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_bulkCheckpoints)
            {
                // The pooled connection goes back with SQLite's default; the WAL left over is checkpointed now.
                await Db.Database.ExecuteSqlRawAsync("PRAGMA wal_autocheckpoint=1000");
                await Db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE)");
            }

            if (_cache is not null)
            {
                await _cache.DisposeAsync();
            }

            await Db.DisposeAsync();
        }
    }

    /// <summary>
    /// Stores a prepared batch in a single transaction, each file atomic: a file the store refuses is rolled back
    /// alone. The FTS5 rows are written after the files (see <see cref="SearchIndex.IndexWriter"/>), still in the
    /// batch's transaction: the index never holds an article the store does not.
    /// </summary>
    /// <remarks>
    /// A batch of new files only (the bulk case) is first written without per-file savepoints: a savepoint copies
    /// every page a file touches to its journal first (~80 µs per article). If the store refuses any file, the whole
    /// transaction is rolled back and the batch is written again with a savepoint per file, so the outcome is the same.
    /// </remarks>
    private async Task<IngestFileResult[]> StoreBatchAsync(Writer? writer, Prepared prepared, CancellationToken ct)
    {
        var (results, toStore, storedIds) = prepared;
        var storing = Stopwatch.StartNew();
        if (writer is not null && toStore.Count > 0)
        {
            // The writer's awaits complete synchronously (Microsoft.Data.Sqlite), so the batch stays on this thread.
            var cpu = IngestStageTimes.ThreadCpu();
            var allNew = !toStore.Any(f => storedIds.Contains(f.File.Parsed.Article!.Id));
            if (!allNew || !await TryStoreBatchAsync(writer, prepared, perFile: false, ct))
            {
                await TryStoreBatchAsync(writer, prepared, perFile: true, ct);
            }

            Times.StoreCpu += IngestStageTimes.ThreadCpu() - cpu;
        }

        Times.Store += storing.Elapsed;
        return [.. results.Select(r => r!)];
    }

    /// <summary>
    /// One attempt at a batch. With <paramref name="perFile"/> each file has its own savepoint and a refused file gets
    /// a rejection; without, a refused file rolls the whole transaction back and the attempt returns false.
    /// </summary>
    private async Task<bool> TryStoreBatchAsync(Writer writer, Prepared prepared, bool perFile, CancellationToken ct)
    {
        var (results, toStore, storedIds) = prepared;
        var db = writer.Db;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One version bump for the batch instead of ~15 trigger UPDATEs per article (put back before the commit).
        var triggers = await SearchIndex.SuspendVersionTriggersAsync(db, ct);
        using var index = SearchIndex.CreateWriter(db);
        using var inserter = new RowInserter(db);
        var facts = new FactRowWriter(inserter);
        // Taken from the writer: from here until the commit its sets hold this batch's rows, which a rollback undoes.
        var known = await writer.TakeKnownAsync(Times, ct);
        var rows = new List<IndexRow>(toStore.Count);
        foreach (var (i, file) in toStore)
        {
            if (perFile)
            {
                inserter.Execute("SAVEPOINT file");
            }

            try
            {
                (results[i], var row) = await StoreAsync(db, inserter, facts, index, known, file, !storedIds.Contains(file.Parsed.Article!.Id), ct);
                if (perFile)
                {
                    inserter.Execute("RELEASE file");
                }

                rows.Add(row);
            }
            // A full disk or a read-only store is no fault of this file: it ends the run (IngestAsync).
            catch (Exception e) when (e is DbUpdateException or SqliteException && IngestStoreException.Classify(e) is null)
            {
                if (!perFile)
                {
                    await tx.RollbackAsync(ct);
                    return false;
                }

                inserter.Execute("ROLLBACK TO file");
                inserter.Execute("RELEASE file");
                facts.Forget();
                // What the file added to the sets is gone with its rows: read them again as the store now holds them.
                known = await KnownAsync(db, ct);
                Times.KnownLoads++;
                results[i] = new(file.Path, file.Parsed.Article!.Id, IngestOutcome.Rejected, $"store error: {e.InnerException?.Message ?? e.Message}");
            }
            finally
            {
                // Tracking only one file at a time keeps change detection cheap over a batch of hundreds.
                db.ChangeTracker.Clear();
            }
        }

        // Before the FTS5 rows (which fire no trigger): the schema changes back before FTS5 holds pending terms.
        await SearchIndex.ResumeVersionTriggersAsync(db, triggers, ct);
        var indexing = Stopwatch.StartNew();
        foreach (var row in rows)
        {
            index.WriteRow(row.RowId, row.Terms, row.Persons, row.Replace);
        }

        Times.Index += indexing.Elapsed;
        await tx.CommitAsync(ct);
        writer.KeepKnown(known);
        return true;
    }

    /// <summary>
    /// The slugs of people, topics and outlets the store holds (facts naming others are dropped or add rows), the
    /// discovered people by identity key, and their spellings (slug, text) stored already.
    /// </summary>
    private sealed record Known(
        HashSet<string> People, HashSet<string> Topics, HashSet<string> Outlets, Dictionary<string, string> PeopleByKey,
        Dictionary<string, List<(string Slug, string NameAr)>> PeopleByLooseKey, Dictionary<string, string> DisplayNames,
        HashSet<(string Slug, string Text)> Aliases, CorrectionSet Corrections);

    // Every discovered person under its loose key: a new spelling may be a variant of any of them (زوكربرغ is one
    // vowel place from زوكربيرغ, two from زكربيرغ).
    private static void AddLoose(Dictionary<string, List<(string Slug, string NameAr)>> byLooseKey, string key, string slug, string nameAr)
    {
        var loose = NameVariants.LooseKey(key);
        if (!byLooseKey.TryGetValue(loose, out var list))
        {
            byLooseKey[loose] = list = [];
        }

        list.Add((slug, nameAr));
    }

    private static async Task<Known> KnownAsync(ArchiveDbContext db, CancellationToken ct)
    {
        var people = await db.People.Select(p => new { p.Slug, p.IdentityKey, p.NameAr }).ToListAsync(ct);
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        var byLooseKey = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        var displayNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var corrections = await CorrectionSet.LoadAsync(db, ct);
        foreach (var p in people.Where(p => p.IdentityKey.Length > 0).OrderBy(p => p.Slug, StringComparer.Ordinal))
        {
            byKey.TryAdd(p.IdentityKey, p.Slug);
            AddLoose(byLooseKey, p.IdentityKey, p.Slug, p.NameAr);
            // A person a curator named keeps that name: with no display name here, no spelling replaces it.
            if (!corrections.RenamedPeople.Contains(p.Slug))
            {
                displayNames[p.Slug] = p.NameAr;
            }
        }

        // Curated people answer to their Arabic spellings' keys too: a discovered name keyed like one is that person.
        foreach (var a in await db.PersonAliases.Where(a => a.Origin == "curated").Select(a => new { a.PersonSlug, a.Text }).ToListAsync(ct))
        {
            byKey.TryAdd(NameKey.Identity(a.Text), a.PersonSlug);
        }

        // A merged-away person's name joins the person it was merged into (docs/curation.md).
        foreach (var (key, slug) in corrections.RedirectKeys)
        {
            byKey[key] = slug;
        }

        var aliases = (await db.PersonAliases.Select(a => new { a.PersonSlug, a.Text }).ToListAsync(ct))
            .Select(a => (a.PersonSlug, a.Text)).ToHashSet();
        return new(
            people.Select(p => p.Slug).ToHashSet(StringComparer.Ordinal),
            (await db.Topics.Select(t => t.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal),
            (await db.Outlets.Select(o => o.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal),
            byKey,
            byLooseKey,
            displayNames,
            aliases,
            corrections);
    }

    /// <summary>
    /// Reads and parses one file: a result when it is rejected, else the parsed file. Pure, so it runs in parallel.
    /// Whatever goes wrong with one entry (a link to nowhere, a pipe, a file that cannot be read) is that entry's
    /// rejection with its reason; the run goes on.
    /// </summary>
    private async Task<(IngestFileResult? Result, ParsedFile? Parsed)> ReadAsync(IngestEntry entry, CancellationToken ct)
    {
        var path = entry.Path;
        try
        {
            if ((entry.Problem ?? FileWalk.Problem(path, entry.Root)) is { } problem)
            {
                return (new(path, null, IngestOutcome.Rejected, problem), null);
            }

            if (!ArticleParser.SupportedExtensions.Contains(Path.GetExtension(path)))
            {
                return (new(path, null, IngestOutcome.Rejected, $"unsupported file type '{Path.GetExtension(path)}' (only .txt and .md)"), null);
            }

            if (Directory.Exists(path))
            {
                return (new(path, null, IngestOutcome.Rejected, "a folder named like an article file: not read"), null);
            }

            var (bytes, readProblem) = await ReadBytesAsync(path, ct);
            if (readProblem is not null)
            {
                return (new(path, null, IngestOutcome.Rejected, readProblem), null);
            }

            var parsed = ArticleParser.Parse(entry.SourceFile, bytes!, reference.OutletCatalog);
            return parsed.Rejection is not null ? (new(path, null, IngestOutcome.Rejected, parsed.Rejection), null) : (null, parsed);
        }
        catch (UnauthorizedAccessException)
        {
            return (new(path, null, IngestOutcome.Rejected, "unreadable: permission denied"), null);
        }
        catch (IOException e)
        {
            return (new(path, null, IngestOutcome.Rejected, $"unreadable: {e.Message}"), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A file the parser cannot handle is a bug to fix, but it is reported as that file's rejection: one bad
            // file never stops the others.
            return (new(path, null, IngestOutcome.Rejected, $"could not be parsed ({e.GetType().Name}: {e.Message})"), null);
        }
    }

    /// <summary>
    /// The file's bytes, checked against its size: a file rewritten while it is read would otherwise be stored as
    /// half of one version and half of another. Read again once when the size moved; rejected if it moves again.
    /// </summary>
    internal static async Task<(byte[]? Bytes, string? Problem)> ReadBytesAsync(string path, CancellationToken ct)
    {
        // The size of what a link points to, not of the link.
        var sized = new FileInfo(path).LinkTarget is null ? path : File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        for (var attempt = 0; ; attempt++)
        {
            var length = new FileInfo(sized).Length;
            if (length > TextDecoder.MaxFileBytes)
            {
                // Checked before reading, so a huge file costs nothing.
                return (null, $"larger than the {TextDecoder.MaxFileBytes / (1024 * 1024)} MB limit ({length} bytes)");
            }

            var bytes = await File.ReadAllBytesAsync(path, ct);
            if (bytes.Length == length && new FileInfo(sized).Length == length)
            {
                return (bytes, null);
            }

            if (attempt == 1)
            {
                return (null, $"changed while being read ({length} bytes, then {bytes.Length}): not stored, ingest it again once it is written");
            }
        }
    }

    /// <summary>An FTS5 row to write once the batch's savepoints are done.</summary>
    private sealed record IndexRow(long RowId, SearchIndex.IndexTerms Terms, List<string> Persons, bool Replace);

    private async Task<(IngestFileResult Result, IndexRow Row)> StoreAsync(
        ArchiveDbContext db, RowInserter inserter, FactRowWriter facts, SearchIndex.IndexWriter index, Known known, Pending file, bool isNew, CancellationToken ct)
    {
        var path = file.Path;
        var parsed = file.Parsed;
        var article = parsed.Article!;
        var now = _clock.GetUtcNow();
        var detail = parsed.Warning;
        Outlet? newOutlet = null;
        if (parsed.Outlet is { } outlet && known.Outlets.Add(outlet.Slug))
        {
            newOutlet = new Outlet { Slug = outlet.Slug, NameAr = outlet.NameAr, NameEn = outlet.NameEn, Kind = outlet.Kind, Country = outlet.Country };
            detail = Join(detail, $"new outlet '{outlet.NameAr}' ({outlet.Slug})");
        }

        if (article.AgencySlug is { } agency && !known.Outlets.Contains(agency))
        {
            // Agencies come from the catalogue, which start-up stores; a store not synced yet keeps the credit out.
            (article.AgencySlug, article.AgencyEvidence, article.AgencyEvidenceStart, article.AgencyEvidenceEnd) = (null, null, null, null);
        }

        if (isNew)
        {
            // The common case, written without change tracking (RowInserter), parents before children.
            // Through the index on the digest's first 8 bytes (migration LeanLookups), then the whole digest: exact. The unary
            // + keeps SQLite from propagating the digest into the prefix term, which would leave the index unused.
            var twin = inserter.QueryText(
                "SELECT Id FROM Articles WHERE substr(Sha256, 1, 8) = substr(unhex(?1), 1, 8) AND +Sha256 = unhex(?1) LIMIT 1", article.Sha256);
            if (twin is not null)
            {
                detail = Join(detail, $"same bytes as {twin}");
            }

            article.IngestedAt = now;
            article.UpdatedAt = now;
            var rows = BuildFacts(article, file.Facts!, known, reference.Names);
            if (rows.TitleChanged)
            {
                file.Terms = SearchIndex.Terms(article);
            }

            if (newOutlet is not null)
            {
                inserter.Insert(newOutlet);
            }

            foreach (var person in rows.People)
            {
                inserter.Insert(person);
                inserter.InsertAll(person.Aliases);
            }

            inserter.InsertAll(rows.Aliases);
            foreach (var (slug, confidence) in rows.Confidences)
            {
                inserter.Execute(FactRows.AddConfidenceSql, confidence, slug);
            }

            foreach (var (slug, nameAr, nameEn, transliterated) in rows.Renames)
            {
                inserter.Execute(FactRows.RenameSql, nameAr, nameEn, transliterated ? 1 : 0, slug);
            }

            // The paragraphs go with the article's row (Article.Paragraphs, one value).
            inserter.Insert(article);
            // Before the facts: their rows name the article by its SearchDocs row (migration LeanFacts).
            var rowId = inserter.InsertReturningRowId(SearchIndex.IndexWriter.AddNewDocumentSql, article.Id);
            facts.Write(rowId, rows.Mentions, rows.Quotes, rows.Topics, rows.DateEvidence);
            inserter.Insert(ArticleStoryFeatures.From(article, file.Facts!, rows.Persons, file.StoryTerms));
            var row = new IndexRow(rowId, file.Terms!, rows.Persons, Replace: false);
            return (new(path, article.Id, IngestOutcome.Imported, detail), row);
        }

        if (newOutlet is not null)
        {
            db.Outlets.Add(newOutlet);
        }

        var stored = await db.Articles.FirstAsync(a => a.Id == article.Id, ct);
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
        CopyParsed(article, stored);
        stored.Revision++;
        stored.UpdatedAt = now;
        article = stored;
        detail = Join(detail, $"revision {stored.Revision}");
        await DeleteFactsAsync(db, article.Id, ct);
        var factRows = BuildFacts(article, file.Facts!, known, reference.Names);
        if (factRows.TitleChanged)
        {
            file.Terms = SearchIndex.Terms(article);
        }

        factRows.AddTo(db);
        await AddConfidencesAsync(db, factRows, ct);
        await RenameAsync(db, factRows, ct);
        await ArticleStoryFeatures.ReplaceAsync(db, ArticleStoryFeatures.From(article, file.Facts!, factRows.Persons, file.StoryTerms), ct);
        await db.SaveChangesAsync(ct);
        await factRows.InsertFactsAsync(db, ct);
        var updated = new IndexRow(index.AddDocument(article.Id), file.Terms!, factRows.Persons, Replace: true);
        return (new(path, article.Id, IngestOutcome.Updated, detail), updated);
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
            // Every article adds its confidence to the people it names again: discovered people start from nothing.
            await db.People.Where(p => p.Status != PersonStatus.Curated).ExecuteUpdateAsync(u => u.SetProperty(p => p.Confidence, 0.0), ct);
        }

        await ReanalyzeEachAsync(ids, addConfidence: true, ct);
        await RespellGuessedNamesAsync(ct);

        // Every article was re-indexed: the index is full of tombstones, which only an optimise clears.
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            await SearchIndex.SettleAsync(db, ct);
        }

        await StoryService.RegroupAsync(contexts, reference, ct);
        await CurationService.ApplyStoriesAsync(contexts, ct);
        return ids.Count;
    }

    /// <summary>
    /// Re-runs the analysis over some stored articles (those an undone correction touched), each in its own
    /// transaction, and re-indexes them. Stories are left as they are; discovered people's confidence is not added again.
    /// </summary>
    public async Task ReanalyzeArticlesAsync(IEnumerable<string> articleIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(articleIds);
        List<string> ids;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var wanted = articleIds.Distinct(StringComparer.Ordinal).ToList();
            ids = await db.Articles.Where(a => wanted.Contains(a.Id)).OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(ct);
        }

        await ReanalyzeEachAsync(ids, addConfidence: false, ct);
    }

    private async Task ReanalyzeEachAsync(List<string> ids, bool addConfidence, CancellationToken ct)
    {
        // The known people, spellings and corrections are read once and kept up to date as each article adds to them
        // (read again for every article, they made a re-analysis quadratic: over ten minutes for 10,000 articles).
        // A failed article ends the run, so the sets never hold what a rolled-back transaction added.
        Known? known = null;
        foreach (var id in ids)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (known is null)
            {
                Times.KnownLoads++;
                known = await KnownAsync(db, ct);
            }

            var article = await db.Articles.FirstAsync(a => a.Id == id, ct);
            await RecognizeOutletAsync(db, article, ct);
            await StoreFactsAsync(db, article, addConfidence, known, ct);
            await tx.CommitAsync(ct);
        }
    }

    /// <summary>
    /// The outlet and agency again, from the stored text and its front matter, with today's catalogue: a catalogue
    /// edit (a new outlet, a domain, a place) reaches the stored articles without re-reading their files.
    /// </summary>
    private async Task RecognizeOutletAsync(ArchiveDbContext db, Article article, CancellationToken ct)
    {
        var markdown = Path.GetExtension(article.SourceFile).Equals(".md", StringComparison.OrdinalIgnoreCase);
        var front = markdown ? FrontMatterReader.Read(article.SourceText).FrontMatter : null;
        var cleaned = ArticleCleaner.Clean(article.Id, article.SourceText, reference.OutletCatalog, markdown, front);
        var recognition = OutletRecognizer.Recognize(article.SourceText, cleaned, front, reference.OutletCatalog);
        if (recognition.Outlet is { } outlet && !await db.Outlets.AnyAsync(o => o.Slug == outlet.Slug, ct))
        {
            db.Outlets.Add(new Outlet { Slug = outlet.Slug, NameAr = outlet.NameAr, NameEn = outlet.NameEn, Kind = outlet.Kind, Country = outlet.Country });
        }

        recognition.ApplyTo(article);
        if (article.AgencySlug is { } agency && !await db.Outlets.AnyAsync(o => o.Slug == agency, ct))
        {
            (article.AgencySlug, article.AgencyEvidence, article.AgencyEvidenceStart, article.AgencyEvidenceEnd) = (null, null, null, null);
        }
    }

    /// <summary>Runs the analysis and replaces every fact it owns for the article (mentions, quotes, topics, date).</summary>
    private async Task StoreFactsAsync(ArchiveDbContext db, Article article, bool addConfidence, Known known, CancellationToken ct)
    {
        var facts = _analyzer.Analyze(article);
        await DeleteFactsAsync(db, article.Id, ct);
        var rows = BuildFacts(article, facts, known, reference.Names);
        rows.AddTo(db);
        if (addConfidence)
        {
            await AddConfidencesAsync(db, rows, ct);
        }

        await RenameAsync(db, rows, ct);

        await ArticleStoryFeatures.ReplaceAsync(db, ArticleStoryFeatures.From(article, facts, rows.Persons), ct);
        await db.SaveChangesAsync(ct);
        await rows.InsertFactsAsync(db, ct);
        // In the caller's transaction: the index never holds an article (or mentions) the store does not.
        await SearchIndex.UpdateArticleAsync(db, article, rows.Persons, ct);
    }

    // The row inserter's statements (?1, ?2...) as EF Core's raw SQL takes them ({0}, {1}...), for a context's connection.
    private static readonly string s_addConfidenceEfSql = EfSql(FactRows.AddConfidenceSql);
    private static readonly string s_renameEfSql = EfSql(FactRows.RenameSql);

    private static string EfSql(string sql) => Regex.Replace(sql, @"\?(\d)", m => $"{{{int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - 1}}}");

    private static async Task AddConfidencesAsync(ArchiveDbContext db, FactRows rows, CancellationToken ct)
    {
        foreach (var (slug, confidence) in rows.Confidences)
        {
            await db.Database.ExecuteSqlRawAsync(s_addConfidenceEfSql, [confidence, slug], ct);
        }
    }

    private static async Task RenameAsync(ArchiveDbContext db, FactRows rows, CancellationToken ct)
    {
        foreach (var (slug, nameAr, nameEn, transliterated) in rows.Renames)
        {
            await db.Database.ExecuteSqlRawAsync(s_renameEfSql, [nameAr, nameEn, transliterated, slug], ct);
        }
    }

    private static async Task DeleteFactsAsync(ArchiveDbContext db, string id, CancellationToken ct)
    {
        await LeanFacts.DeleteOfArticleAsync(db, id, ct);
    }

    /// <summary>The rows the analysis' facts become, in foreign-key order, with one person slug per stored mention.</summary>
    /// <param name="Aliases">New spellings of people stored already (new people carry theirs).</param>
    /// <param name="Confidences">Discovered people stored already, with this article's confidence to add to theirs.</param>
    private sealed record FactRows(
        List<Person> People, List<PersonAlias> Aliases, List<(string Slug, double Confidence)> Confidences, List<Mention> Mentions,
        List<Quote> Quotes, List<ArticleTopic> Topics, List<DateEvidence> DateEvidence)
    {
        public List<string> Persons => [.. Mentions.Select(m => m.PersonSlug)];

        /// <summary>Set when a curator's title replaced the parsed one: the index terms must be computed again.</summary>
        public bool TitleChanged { get; set; }

        /// <summary>Adds the rows the context can save: people and spellings (then <see cref="InsertFactsAsync"/>).</summary>
        public void AddTo(ArchiveDbContext db)
        {
            db.People.AddRange(People);
            db.PersonAliases.AddRange(Aliases);
        }

        /// <summary>
        /// Inserts the mentions, quotes, topics and date evidence, after the context saved their article and people.
        /// They are views over the lean tables (migrations LeanFacts and LeanStoryTables), which SaveChanges cannot
        /// write: it reads back a row (RETURNING) that an INSTEAD OF trigger never gives.
        /// </summary>
        public async Task InsertFactsAsync(ArchiveDbContext db, CancellationToken ct)
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                using var inserter = new RowInserter(db);
                inserter.InsertAll(Mentions);
                inserter.InsertAll(Quotes);
                inserter.InsertAll(Topics);
                inserter.InsertAll(DateEvidence);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        /// <summary>Discovered people stored already whose name this article spells better (<see cref="NameVariants.BetterKnown"/>).</summary>
        public List<(string Slug, string NameAr, string NameEn, bool Transliterated)> Renames { get; } = [];

        /// <summary>The statement that shows a discovered person under another spelling of their name.</summary>
        public const string RenameSql = "UPDATE People SET NameAr = ?1, NameEn = ?2, NameEnTransliterated = ?3 WHERE Slug = ?4 AND Status <> 0";

        /// <summary>The statement that adds an article's confidence to a discovered person's (1 − (1 − a)(1 − b)).</summary>
        public const string AddConfidenceSql =
            "UPDATE People SET Confidence = 1 - (1 - Confidence) * (1 - ?1) WHERE Slug = ?2 AND Status <> 0";
    }

    // The English name and its last word are spellings too, so a Latin query ("Obama") finds the person.
    private static IEnumerable<PersonAlias> LatinAliases(string slug, DiscoveredPersonFact d, Known known) =>
        LatinSpellings(d.NameEn).Where(spelling => known.Aliases.Add((slug, spelling)))
            .Select(spelling => PeopleCatalog.CreateAlias(slug, spelling, d.NameEnTransliterated ? "transliterated" : "latin"));

    // An English name and its last word (from four letters, without al-).
    private static IEnumerable<string> LatinSpellings(string nameEn)
    {
        var latin = nameEn.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var surname = latin.Length > 1 ? latin[^1] : null;
        if (surname?.StartsWith("al-", StringComparison.Ordinal) == true)
        {
            surname = surname[3..];
        }

        foreach (var spelling in (string?[])[nameEn, surname?.Length >= 4 ? surname : null])
        {
            if (spelling is { Length: > 0 })
            {
                yield return spelling;
            }
        }
    }

    /// <summary>
    /// The English names the archive spelled itself, spelt again with today's name lexicon and spelling model: re-analysis
    /// follows a change of the reference data, which is what they come from. The person keeps their slug and Arabic name,
    /// and their Latin spellings follow; a name a curator gave is left alone.
    /// </summary>
    private async Task RespellGuessedNamesAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var renamed = (await CorrectionSet.LoadAsync(db, ct)).RenamedPeople;
        var guessed = await db.People.Where(p => p.Status != PersonStatus.Curated && p.NameEnTransliterated).ToListAsync(ct);
        var respelt = new List<Person>();
        foreach (var p in guessed.Where(p => !renamed.Contains(p.Slug)))
        {
            var (nameEn, stillGuessed) = reference.Names.EnglishName(p.NameAr);
            if (nameEn.Length > 0 && nameEn != p.NameEn)
            {
                (p.NameEn, p.NameEnTransliterated) = (nameEn, stillGuessed);
                respelt.Add(p);
            }
        }

        var slugs = respelt.Select(p => p.Slug).ToList();
        var aliases = (await db.PersonAliases.Where(a => slugs.Contains(a.PersonSlug)).ToListAsync(ct)).ToLookup(a => a.PersonSlug, StringComparer.Ordinal);
        foreach (var p in respelt)
        {
            // The old guess's spellings go, the new name's come (one both have stays, with the new name's origin).
            var origin = p.NameEnTransliterated ? "transliterated" : "latin";
            var spellings = LatinSpellings(p.NameEn).ToHashSet(StringComparer.Ordinal);
            foreach (var old in aliases[p.Slug].Where(a => a.Origin == "transliterated"))
            {
                if (spellings.Contains(old.Text))
                {
                    old.Origin = origin;
                }
                else
                {
                    db.PersonAliases.Remove(old);
                }
            }

            foreach (var spelling in spellings.Where(s => !aliases[p.Slug].Any(a => a.Text == s)))
            {
                db.PersonAliases.Add(PeopleCatalog.CreateAlias(p.Slug, spelling, origin));
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Turns the analysis' facts into rows and sets the article's inferred date (nothing is added to a context).</summary>
    private static FactRows BuildFacts(Article article, ArticleFacts facts, Known known, NameLexicon names)
    {
        var id = article.Id;
        var people = known.People;
        var rows = new FactRows([], [], [], [], [], [], []);

        // Discovered people first: mentions and quotes point at them. A name whose identity key is stored already
        // is that person, whatever slug this article proposed.
        var slugs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in facts.Discovered)
        {
            // Another spelling of a discovered person's name (هاري كاين for هاري كين) is that person too; its key then
            // answers for the rest of the run, and the next spelling is compared with it as well.
            if (!known.PeopleByKey.TryGetValue(d.Key, out var slug)
                && known.PeopleByLooseKey.TryGetValue(NameVariants.LooseKey(d.Key), out var variants)
                && variants.FirstOrDefault(v => NameVariants.AreVariants(d.NameAr, v.NameAr, names)) is { Slug: not null } variant)
            {
                slug = variant.Slug;
                known.PeopleByKey[d.Key] = slug;
                variants.Add((slug, d.NameAr));

                // Shown under the spelling whose words the name lexicon knows best (زوكربيرغ, not زكربيرغ), with its
                // English name: the first spelling stored is often the odd one.
                if (known.DisplayNames.TryGetValue(slug, out var shown) && NameVariants.BetterKnown(d.NameAr, shown, names))
                {
                    known.DisplayNames[slug] = d.NameAr;
                    rows.Renames.Add((slug, d.NameAr, d.NameEn, d.NameEnTransliterated));
                    rows.Aliases.AddRange(LatinAliases(slug, d, known));
                }
            }

            if (slug is not null)
            {
                slugs[d.Slug] = slug;
                rows.Confidences.Add((slug, d.Confidence));
                foreach (var spelling in d.Spellings.Where(s => known.Aliases.Add((slug, s))))
                {
                    rows.Aliases.Add(PeopleCatalog.CreateAlias(slug, spelling, "seen"));
                }

                continue;
            }

            // Another name already holds this slug (two keys, one English name): the next free one.
            slug = d.Slug;
            for (var n = 2; people.Contains(slug); n++)
            {
                slug = $"{d.Slug}-{n}";
            }

            people.Add(slug);
            known.PeopleByKey[d.Key] = slug;
            AddLoose(known.PeopleByLooseKey, d.Key, slug, d.NameAr);
            known.DisplayNames[slug] = d.NameAr;
            slugs[d.Slug] = slug;
            var person = new Person
            {
                Slug = slug,
                NameAr = d.NameAr,
                NameEn = d.NameEn,
                NameEnTransliterated = d.NameEnTransliterated,
                Role = d.Role,
                RoleAr = d.Role,
                Status = PersonStatus.Discovered,
                Confidence = d.Confidence,
                IdentityKey = d.Key,
            };
            foreach (var spelling in d.Spellings.Prepend(d.NameAr).Where(s => known.Aliases.Add((slug, s))))
            {
                person.Aliases.Add(PeopleCatalog.CreateAlias(slug, spelling, "seen"));
            }

            foreach (var alias in LatinAliases(slug, d, known))
            {
                person.Aliases.Add(alias);
            }

            rows.People.Add(person);
        }

        string Slug(string s) => known.Corrections.Resolve(slugs.GetValueOrDefault(s, s));

        // A fact about a person or topic the store does not know would break a foreign key: it is dropped, not stored.
        rows.Mentions.AddRange(facts.Mentions.Where(m => people.Contains(Slug(m.PersonSlug)))
            .Select(m => new Mention { ArticleId = id, PersonSlug = Slug(m.PersonSlug), Start = m.Start, End = m.End, Text = m.Text }));
        rows.Quotes.AddRange(facts.Quotes.Where(q => people.Contains(Slug(q.PersonSlug))).Select(q => new Quote
        {
            ArticleId = id, PersonSlug = Slug(q.PersonSlug), Start = q.Start, End = q.End, Text = q.Text, CueStart = q.CueStart, CueEnd = q.CueEnd,
        }));
        rows.Topics.AddRange(facts.Topics.Where(t => known.Topics.Contains(t.TopicSlug)).DistinctBy(t => t.TopicSlug).Select(t => new ArticleTopic
        {
            ArticleId = id,
            TopicSlug = t.TopicSlug,
            Score = t.Score,
            Evidence = [.. t.Evidence.Select(e => new TopicEvidence { Start = e.Start, End = e.End, Text = e.Text, Weight = e.Weight })],
        }));

        if (article.DateSource != FactSource.Stated)
        {
            (article.Published, article.PublishedTo, article.DatePrecision) = (facts.Date.Published, facts.Date.To, facts.Date.Precision);
            article.DateSource = facts.Date.Published is null ? FactSource.Unknown : FactSource.Inferred;
            rows.DateEvidence.AddRange(facts.Date.Evidence
                .Select(e => new DateEvidence { ArticleId = id, Start = e.Start, End = e.End, Text = e.Text, Meaning = e.Meaning, MeaningAr = e.MeaningAr }));
        }

        // Last: what curators stated wins over what the analysis inferred, on every analysis of the article.
        rows.TitleChanged = known.Corrections.ApplyTo(article, rows.Mentions, rows.Quotes, rows.Topics, known.People, known.Topics, known.Outlets);
        return rows;
    }

    private static void CopyParsed(Article from, Article to)
    {
        to.SourceFile = from.SourceFile;
        to.Sha256 = from.Sha256;
        to.SourceText = from.SourceText;
        to.Title = from.Title;
        to.TitleStart = from.TitleStart;
        to.TitleEnd = from.TitleEnd;
        to.TitleSource = from.TitleSource;
        to.OutletSlug = from.OutletSlug;
        to.OutletSource = from.OutletSource;
        to.OutletEvidence = from.OutletEvidence;
        to.OutletEvidenceStart = from.OutletEvidenceStart;
        to.OutletEvidenceEnd = from.OutletEvidenceEnd;
        to.AgencySlug = from.AgencySlug;
        to.AgencyEvidence = from.AgencyEvidence;
        to.AgencyEvidenceStart = from.AgencyEvidenceStart;
        to.AgencyEvidenceEnd = from.AgencyEvidenceEnd;
        to.Url = from.Url;
        to.Published = from.Published;
        to.PublishedTo = from.PublishedTo;
        to.DatePrecision = from.DatePrecision;
        to.DateSource = from.DateSource;
        to.Paragraphs = from.Paragraphs;
    }

    private static string Join(string? a, string b) => a is null ? b : $"{a}; {b}";
}
