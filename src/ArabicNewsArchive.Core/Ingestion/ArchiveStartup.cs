using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Curation;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Ingestion;

/// <summary>
/// Brings a store up to date: migrations, the reference data (synced, and the stored facts re-analysed when it
/// changed), then the seed articles. Shared by the web host's start-up and the <c>ingest</c> command.
/// </summary>
public static class ArchiveStartup
{
    /// <summary>
    /// Bumped when the analysis code changes what it finds, so stores re-analyse although the reference files did not
    /// change. Part of the stored reference hash.
    /// </summary>
    public const int AnalysisVersion = 11;

    /// <summary>
    /// The seeds folder: <paramref name="configured"/> when given (relative to <paramref name="startDir"/>), otherwise
    /// the <c>seeds/</c> beside <c>ArabicNewsArchive.sln</c>, found by walking up from <paramref name="startDir"/>.
    /// Null when neither exists.
    /// </summary>
    public static string? FindSeedsPath(string startDir, string? configured = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured, startDir);
            return Directory.Exists(full) ? full : null;
        }

        for (var dir = new DirectoryInfo(Path.GetFullPath(startDir)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ArabicNewsArchive.sln")))
            {
                var seeds = Path.Combine(dir.FullName, "seeds");
                return Directory.Exists(seeds) ? seeds : null;
            }
        }

        return null;
    }

    /// <summary>How long start-up waits for another process's writer lock before it gives up (<see cref="IngestLock"/>).</summary>
    public static readonly TimeSpan DefaultLockWait = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Migrates the store, loads seeds/reference, syncs it into the store, and re-analyses every stored article when the
    /// reference data (or <see cref="AnalysisVersion"/>) differs from what the stored facts were computed with. All of
    /// it under the store's writer lock (<see cref="IngestLock"/>), which an ingest run holds too: a web start and an
    /// ingest started together take turns instead of migrating, syncing or re-analysing the same store at once.
    /// </summary>
    /// <param name="lockWait">How long to wait for the lock (<see cref="DefaultLockWait"/> when null); past it a
    /// <see cref="StoreFailure.Busy"/> <see cref="IngestStoreException"/>.</param>
    public static async Task<ReferenceData> PrepareStoreAsync(
        IDbContextFactory<ArchiveDbContext> contexts, string? seedsPath, CancellationToken ct = default, TimeSpan? lockWait = null)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        var reference = LoadReference(seedsPath);
        await PrepareStoreAsync(contexts, reference, lockWait ?? DefaultLockWait, ct);
        return reference;
    }

    private static ReferenceData LoadReference(string? seedsPath) =>
        seedsPath is null ? new ReferenceData() : ReferenceData.Load(Path.Combine(seedsPath, "reference"));

    private static string StoredHash(ReferenceData reference) => StoredHash(reference.Hash);

    private static string StoredHash(string referenceHash) => $"{referenceHash}/v{AnalysisVersion}";

    private static async Task PrepareStoreAsync(IDbContextFactory<ArchiveDbContext> contexts, ReferenceData reference, TimeSpan lockWait, CancellationToken ct)
    {
        using var writerLock = await IngestLock.AcquireAsync(await DataSourceAsync(contexts, ct), lockWait, ct);
        var hash = StoredHash(reference);
        bool changed;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            await LayOutNewStoreAsync(db, ct);
            await db.Database.MigrateAsync(ct);
            // Persistent in the file: readers (the web pages) no longer block on an ingestion's writes, and a commit
            // with synchronous=NORMAL (set per connection by ingestion) need not wait for the disk.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL", ct);
            await SourceTextCompaction.CompressIfMarkedAsync(db, ct);
            await reference.SyncAsync(db, ct);
            // The sync puts curated people back as the files state them: curators' corrections win again.
            await CurationService.ApplyPeopleAsync(db, ct);
            var setting = await db.Set<ArchiveSetting>().FindAsync([ArchiveSetting.ReferenceHashKey], ct);
            changed = setting?.Value != hash;
        }

        if (changed)
        {
            // Cheap on a fresh store (no articles); on a large one this is the price of facts that match the data.
            await new IngestionService(contexts, reference).ReanalyzeAsync(ct);
        }

        else
        {
            // A story step cut short (a kill after the articles committed) left its articles pending: finished here.
            await IngestionService.StoryStepAsync(contexts, reference, fault: null, ct);
        }

        // Re-analysis re-indexes every article as it goes, so after it a pending rebuild has nothing left to do.
        await RebuildSearchIndexIfMarkedAsync(contexts, reindexed: changed, ct);
        if (changed)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var setting = await db.Set<ArchiveSetting>().FindAsync([ArchiveSetting.ReferenceHashKey], ct);
            if (setting is null)
            {
                db.Add(new ArchiveSetting { Key = ArchiveSetting.ReferenceHashKey, Value = hash });
            }
            else
            {
                setting.Value = hash;
            }

            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>The page size of a store this code creates (SQLite's default is 4,096 bytes).</summary>
    /// <remarks>
    /// An article's row (its compressed source text, title, facts and paragraph map) is about 1 KB on real news, so a
    /// 4 KB page held three of them and left the rest of the page empty: 17 % of the articles table at 100k real
    /// articles. Pages of 8 KB hold seven with the same slack per page. FTS5 keeps its own page size inside its blobs,
    /// so the search index reads the same. SQLite cannot change the page size of a store in WAL mode, so stores
    /// created before keep theirs: this applies only to a file with no pages yet.
    /// </remarks>
    public const int NewStorePageSize = 8192;

    /// <summary>
    /// Sets <see cref="NewStorePageSize"/> on a store with no pages yet, then WAL, which writes the header and so keeps
    /// the page size for every later connection (the pragma alone holds only for the connection that set it).
    /// </summary>
    private static async Task LayOutNewStoreAsync(ArchiveDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA page_count";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                return;
            }

            // PRAGMA takes no parameters; the text is built from a constant.
            command.CommandText = "PRAGMA page_size = " + NewStorePageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await command.ExecuteNonQueryAsync(ct);
            command.CommandText = "PRAGMA journal_mode = WAL";
            await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<string?> DataSourceAsync(IDbContextFactory<ArchiveDbContext> contexts, CancellationToken ct)
    {
        await using var probe = await contexts.CreateDbContextAsync(ct);
        return probe.Database.GetDbConnection().DataSource;
    }

    /// <summary>
    /// True when the store needs nothing from <see cref="PrepareStoreAsync(IDbContextFactory{ArchiveDbContext}, string?, CancellationToken, TimeSpan?)"/>:
    /// every migration applied and the facts computed with this reference data and analysis. Reads only, so it may
    /// run while another process holds the writer lock.
    /// </summary>
    private static Task<bool> IsPreparedAsync(IDbContextFactory<ArchiveDbContext> contexts, ReferenceData reference, CancellationToken ct) =>
        IsPreparedForAsync(contexts, StoredHash(reference.Hash), ct);

    /// <summary>
    /// True when the store needs nothing from a start on <paramref name="seedsPath"/> but the seeds' check: migrated,
    /// and its facts computed with that reference data and this analysis (no re-analysis, no re-index). Reads only,
    /// and hashes the reference files without loading them: whether a start-up will only read (the start-up lock's
    /// tests ask it; the web server no longer does, since it sets no heap limit of its own).
    /// </summary>
    public static Task<bool> IsPreparedAsync(IDbContextFactory<ArchiveDbContext> contexts, string? seedsPath, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        return IsPreparedForAsync(contexts, StoredHash(seedsPath is null ? "" : ReferenceData.HashDirectory(Path.Combine(seedsPath, "reference"))), ct);
    }

    private static async Task<bool> IsPreparedForAsync(IDbContextFactory<ArchiveDbContext> contexts, string storedHash, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            return false;
        }

        var setting = await db.Set<ArchiveSetting>().AsNoTracking().FirstOrDefaultAsync(s => s.Key == ArchiveSetting.ReferenceHashKey, ct);
        return setting?.Value == storedHash && !await db.Set<ArchiveSetting>().AnyAsync(s => s.Key == ArchiveSetting.SearchIndexRebuildKey, ct);
    }

    /// <summary>
    /// Re-indexes every article when a migration left <see cref="ArchiveSetting.SearchIndexRebuildKey"/> (a new
    /// index definition), and removes the mark in the same transaction: a crash half-way leaves it for the next start.
    /// </summary>
    private static async Task RebuildSearchIndexIfMarkedAsync(IDbContextFactory<ArchiveDbContext> contexts, bool reindexed, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var mark = await db.Set<ArchiveSetting>().FindAsync([ArchiveSetting.SearchIndexRebuildKey], ct);
        if (mark is null)
        {
            return;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!reindexed)
        {
            await SearchIndex.RebuildAsync(db, ct);
        }

        db.Remove(mark);
        await db.SaveChangesAsync(ct);
        // Cached snapshots hold each row's token count, which a new tokenizer may change.
        await db.Database.ExecuteSqlRawAsync("UPDATE SearchMeta SET Version = Version + 1", ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Prepares the store and ingests the seed articles. Seeds already stored with the same bytes are unchanged, so
    /// this costs a hash per seed file on every start.
    /// </summary>
    /// <remarks>
    /// The web host's start-up. When another process (an <c>ingest</c> run) holds the store's writer lock and the
    /// store is already prepared for this code and reference data, the host does not wait out the run: it waits
    /// <paramref name="busyWait"/> (5 s when null), then serves the store as it is and leaves the seeds to the next
    /// start (<see cref="IngestRun.Deferred"/>). A store that still needs migrating is waited for (up to
    /// <see cref="DefaultLockWait"/>): serving it unmigrated would fail every page.
    /// </remarks>
    public static async Task<IngestRun> SeedAsync(IDbContextFactory<ArchiveDbContext> contexts, string? seedsPath, CancellationToken ct = default, TimeSpan? busyWait = null)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        var reference = LoadReference(seedsPath);
        var prepared = await IsPreparedAsync(contexts, reference, ct);
        var wait = prepared ? busyWait ?? TimeSpan.FromSeconds(5) : DefaultLockWait;
        try
        {
            await PrepareStoreAsync(contexts, reference, wait, ct);
            if (seedsPath is null)
            {
                return new IngestRun([]);
            }

            // Only the article files at the top of seeds/; reference/ holds YAML, which the pipeline skips anyway.
            var seedFiles = Directory.EnumerateFiles(seedsPath)
                .Where(f => ArticleParser.SupportedExtensions.Contains(Path.GetExtension(f)))
                .Order(StringComparer.Ordinal);
            return await new IngestionService(contexts, reference) { LockWait = wait }.IngestAsync(seedFiles, ct: ct);
        }
        catch (IngestStoreException e) when (e.Failure == StoreFailure.Busy)
        {
            if (!prepared && !await IsPreparedAsync(contexts, reference, ct))
            {
                throw;
            }

            return new IngestRun([]) { Deferred = e.Message };
        }
    }
}
