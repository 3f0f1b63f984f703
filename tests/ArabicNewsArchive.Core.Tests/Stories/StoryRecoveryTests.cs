using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Stories;
using ArabicNewsArchive.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Tests.Stories;

/// <summary>
/// A kill during the story step (issue #30, item 6): the articles were committed, the step's transaction was not.
/// The pending mark written with the articles must make the next ingest (even of unchanged files) or the next start
/// finish the step, to exactly what an uninterrupted run stores.
/// </summary>
public sealed class StoryRecoveryTests : IDisposable
{
    private readonly TestStore _uninterrupted = new();
    private readonly TestStore _killed = new();

    [Fact]
    public async Task StoryStep_KilledBeforeCommit_ReRunOfUnchangedFilesRepairsStoriesAndDates()
    {
        await IngestInTwoRunsAsync(_uninterrupted, fault: false);
        await IngestInTwoRunsAsync(_killed, fault: true);
        var expected = await SnapshotAsync(_uninterrupted);
        var broken = await SnapshotAsync(_killed);
        // What the kill left: the second run's articles stored, outside any story, 004 without its month from 003.
        Assert.NotEqual(expected, broken);
        Assert.True(await PendingAsync(_killed) > 0);

        var rerun = await _killed.Service().IngestAsync(Seeds.Files);

        Assert.All(rerun.Files, f => Assert.Equal(IngestOutcome.Unchanged, f.Outcome));
        Assert.Equal(expected, await SnapshotAsync(_killed));
        Assert.Equal(0, await PendingAsync(_killed));
    }

    [Fact]
    public async Task StoryStep_KilledBeforeCommit_RestartRepairsStoriesAndDates()
    {
        await ArchiveStartup.PrepareStoreAsync(_uninterrupted.Contexts, Seeds.Folder);
        await ArchiveStartup.PrepareStoreAsync(_killed.Contexts, Seeds.Folder);
        await IngestInTwoRunsAsync(_uninterrupted, fault: false);
        await IngestInTwoRunsAsync(_killed, fault: true);
        Assert.NotEqual(await SnapshotAsync(_uninterrupted), await SnapshotAsync(_killed));

        // The analysis and reference data are unchanged: start-up re-analyses nothing, it only finishes the step.
        await ArchiveStartup.PrepareStoreAsync(_killed.Contexts, Seeds.Folder);

        Assert.Equal(await SnapshotAsync(_uninterrupted), await SnapshotAsync(_killed));
        Assert.Equal(0, await PendingAsync(_killed));
    }

    /// <summary>Seeds 000–002, then 003–004 (the story whose dates 004 borrows), the second step faulted when asked.</summary>
    private static async Task IngestInTwoRunsAsync(TestStore store, bool fault)
    {
        await store.Service().IngestAsync(Seeds.Files.Take(3));
        var second = new IngestionService(store.Contexts, store.Reference)
        {
            StoryStepFault = fault ? () => throw new InvalidOperationException("killed during the story step") : null,
        };
        if (fault)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => second.IngestAsync(Seeds.Files.Skip(3)));
        }
        else
        {
            await second.IngestAsync(Seeds.Files.Skip(3));
        }
    }

    private static async Task<int> PendingAsync(TestStore store)
    {
        await using var db = store.Db();
        return await db.Set<ArticleStoryFeatures>().CountAsync(f => !f.Counted);
    }

    /// <summary>Stories as sets of members (ids of stories may differ between stores), dates, evidence and relations.</summary>
    private static async Task<string> SnapshotAsync(TestStore store)
    {
        await using var db = store.Db();
        var articles = await db.Articles.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        var stories = articles.Where(a => a.StoryId is not null).GroupBy(a => a.StoryId)
            .Select(g => string.Join(",", g.Select(a => a.Id).Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal);
        var dates = articles.Select(a => $"{a.Id}:{a.Published}..{a.PublishedTo}/{a.DatePrecision}/{a.DateSource}");
        var evidence = (await db.DateEvidence.AsNoTracking().ToListAsync()).Select(e => $"{e.ArticleId}:{e.Start}-{e.End}:{e.Meaning}").Order(StringComparer.Ordinal);
        var relations = (await db.ArticleRelations.AsNoTracking().ToListAsync()).Select(r => $"{r.ArticleId}>{r.RelatedId}:{r.Score}:{r.SameStory}").Order(StringComparer.Ordinal);
        var labels = (await db.Stories.AsNoTracking().ToListAsync()).Select(s => s.Label).Order(StringComparer.Ordinal);
        return string.Join("\n", ["stories", .. stories, "dates", .. dates, "evidence", .. evidence, "relations", .. relations, "labels", .. labels]);
    }

    public void Dispose()
    {
        _uninterrupted.Dispose();
        _killed.Dispose();
    }
}
