using ArabicNewsArchive.Search;
using ArabicNewsArchive.Web.Components.Pages.People;
using ArabicNewsArchive.Web.Components.Pages.Topics;

namespace ArabicNewsArchive.EndToEnd.Journeys;

/// <summary>
/// A page view reads the store once: the circuit that connects after the prerender takes the prerender's read
/// (PrerenderHandoff) instead of reading the article, person or topic again.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HandoffJourneys(ArchiveApp app)
{
    [Fact]
    public Task ArticlePersonAndTopicPages_ReadTheStoreOncePerView() => Journey.RunAsync(app, "handoff", async j =>
    {
        (string Path, string Tag)[] pages =
        [
            ($"/articles/{Seeds.UshakovStatement}", SearchService.ArticleReadTag),
            ("/people/vladimir-putin", PersonPageModel.ReadTag),
            ("/topics/military", TopicPageModel.ReadTag),
        ];
        foreach (var (path, tag) in pages)
        {
            var before = app.Reads(tag);
            await j.GotoAsync(path);
            // Interactive means the circuit rendered; its page may still be reading after its first render. A read
            // it makes lands within milliseconds on this store.
            await j.Page.WaitForTimeoutAsync(1000);
            Assert.True(app.Reads(tag) - before == 1, $"{path}: {app.Reads(tag) - before} reads of the store for one view (prerender and circuit)");
        }
    });
}
