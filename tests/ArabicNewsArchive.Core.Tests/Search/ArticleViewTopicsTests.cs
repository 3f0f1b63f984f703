using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Tests.Search;

/// <summary>
/// The article page's topics are read from the tables under the <c>ArticleTopics</c> view (preparing a statement on
/// the view costs milliseconds): they must be the view's rows, names and evidence, in its order.
/// </summary>
public sealed class ArticleViewTopicsTests(SearchFixture fixture) : IClassFixture<SearchFixture>
{
    [Fact]
    public async Task ArticleView_Topics_AreTheViewsRowsInTheViewsOrder()
    {
        var compared = 0;
        foreach (var id in SearchFixture.Ids)
        {
            await using var db = await fixture.Factory.CreateDbContextAsync();
            var expected = await db.ArticleTopics.AsNoTracking().Where(t => t.ArticleId == id)
                .Join(db.Topics, t => t.TopicSlug, t => t.Slug, (at, t) => new { at.TopicSlug, t.NameAr, t.NameEn, at.Score, at.Evidence })
                .OrderByDescending(t => t.Score)
                .ToListAsync();

            var view = await fixture.Service.GetArticleViewAsync(id, 0);

            Assert.NotNull(view);
            Assert.Equal(
                expected.Select(t => (t.TopicSlug, t.NameAr, t.NameEn, t.Score)),
                view.Extras.Topics.Select(t => (t.Slug, t.NameAr, t.NameEn, t.Score)));
            foreach (var (want, got) in expected.Zip(view.Extras.Topics))
            {
                Assert.NotEmpty(got.Evidence);
                Assert.Equal(
                    want.Evidence.OrderBy(e => e.Start).Select(e => (e.Start, e.End, e.Text, e.Weight)),
                    got.Evidence.Select(e => (e.Start, e.End, e.Text, e.Weight)));
            }

            compared += expected.Count;
        }

        Assert.True(compared >= SearchFixture.Ids.Length, $"only {compared} topics in the seeds");
    }
}
