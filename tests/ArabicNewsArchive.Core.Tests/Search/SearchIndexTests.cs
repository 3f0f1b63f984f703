using ArabicNewsArchive.Search;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Tests.Search;

public sealed class SearchIndexTests : IAsyncLifetime
{
    private readonly SearchFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Index_UpdateReplacesTheArticlesTerms()
    {
        Assert.Empty((await _fixture.Service.SearchAsync(new SearchRequest { Q = "زنجبيل" })).Items);
        await using (var db = await _fixture.Factory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var a = await db.Articles.SingleAsync(x => x.Id == SearchFixture.Seed(1));
            a.Title = "زنجبيل";
            await db.SaveChangesAsync();
            await SearchIndex.UpdateArticleAsync(db, a);
            await tx.CommitAsync();
        }

        var r = await _fixture.Service.SearchAsync(new SearchRequest { Q = "زنجبيل" });
        Assert.Equal([SearchFixture.Seed(1)], r.Items.Select(i => i.Id));
        // Re-indexing replaced the row: the article is still found once for its body, and by its mentions.
        Assert.Equal(5, (await _fixture.Service.SearchAsync(new SearchRequest { Q = "Putin" })).Total);
    }

    [Fact]
    public async Task Index_RolledBackUpdateLeavesNoTrace()
    {
        await using (var db = await _fixture.Factory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var a = await db.Articles.SingleAsync(x => x.Id == SearchFixture.Seed(1));
            a.Title = "زنجبيل";
            await db.SaveChangesAsync();
            await SearchIndex.UpdateArticleAsync(db, a);
            await tx.RollbackAsync();
        }

        Assert.Equal(0, (await _fixture.Service.SearchAsync(new SearchRequest { Q = "زنجبيل" })).Total);
    }

    [Fact]
    public async Task Index_DeletingAnArticleRemovesItFromResults()
    {
        Assert.Equal(3, (await _fixture.Service.SearchAsync(new SearchRequest { Q = "باتروشيف" })).Total);
        await using (var db = await _fixture.Factory.CreateDbContextAsync())
        {
            await db.Articles.Where(a => a.Id == SearchFixture.Seed(2)).ExecuteDeleteAsync();
            Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM SearchDocs WHERE ArticleId = {0}", SearchFixture.Seed(2)).SingleAsync());
        }

        var r = await _fixture.Service.SearchAsync(new SearchRequest { Q = "باتروشيف" });
        Assert.Equal(2, r.Total);
        Assert.DoesNotContain(SearchFixture.Seed(2), r.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Index_RebuildGivesTheSameResults()
    {
        var before = (await _fixture.Service.SearchAsync(new SearchRequest { Q = "العلاقات الصين", PageSize = 100 })).Items.Select(i => i.Id).ToList();
        await using (var db = await _fixture.Factory.CreateDbContextAsync())
        {
            Assert.Equal(5, await SearchIndex.RebuildAsync(db));
        }

        var after = (await _fixture.Service.SearchAsync(new SearchRequest { Q = "العلاقات الصين", PageSize = 100 })).Items.Select(i => i.Id).ToList();
        Assert.Equal(before, after);
        Assert.Equal(5, before.Count);
    }

    [Fact]
    public async Task Snapshot_ReloadsWhenFactsChange()
    {
        Assert.Equal(2, (await _fixture.Service.SearchAsync(new SearchRequest { Topics = ["winter-olympics"] })).Total);
        await using (var db = await _fixture.Factory.CreateDbContextAsync())
        {
            db.ArticleTopics.Add(new ArabicNewsArchive.Topics.ArticleTopic { ArticleId = SearchFixture.Seed(4), TopicSlug = "winter-olympics", Score = 1 });
            await db.SaveChangesAsync();
        }

        Assert.Equal(3, (await _fixture.Service.SearchAsync(new SearchRequest { Topics = ["winter-olympics"] })).Total);
    }
}
