using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Curation;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Stories;
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
    public const int AnalysisVersion = 8;

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

    /// <summary>
    /// Migrates the store, loads seeds/reference, syncs it into the store, and re-analyses every stored article when the
    /// reference data (or <see cref="AnalysisVersion"/>) differs from what the stored facts were computed with.
    /// </summary>
    public static async Task<ReferenceData> PrepareStoreAsync(IDbContextFactory<ArchiveDbContext> contexts, string? seedsPath, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        var reference = seedsPath is null ? new ReferenceData() : ReferenceData.Load(Path.Combine(seedsPath, "reference"));
        var hash = $"{reference.Hash}/v{AnalysisVersion}";
        bool changed;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            await db.Database.MigrateAsync(ct);
            // Persistent in the file: readers (the web pages) no longer block on an ingestion's writes, and a commit
            // with synchronous=NORMAL (set per connection by ingestion) need not wait for the disk.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL", ct);
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
            await StoryService.UpdateAsync(contexts, reference, ct);
            await CurationService.ApplyStoriesAsync(contexts, ct);
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

        return reference;
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
    public static async Task<IngestRun> SeedAsync(IDbContextFactory<ArchiveDbContext> contexts, string? seedsPath, CancellationToken ct = default)
    {
        var reference = await PrepareStoreAsync(contexts, seedsPath, ct);
        if (seedsPath is null)
        {
            return new IngestRun([]);
        }

        // Only the article files at the top of seeds/; reference/ holds YAML, which the pipeline skips anyway.
        var seedFiles = Directory.EnumerateFiles(seedsPath)
            .Where(f => ArticleParser.SupportedExtensions.Contains(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal);
        return await new IngestionService(contexts, reference).IngestAsync(seedFiles, ct: ct);
    }
}
