using ArabicNewsArchive.Web.Components.Pages.Archive;

namespace ArabicNewsArchive.Web.Tests.Components;

public sealed class ArchiveQueryTests
{
    [Theory]
    [InlineData(null, null, "date")]
    [InlineData("بوتين", null, "relevance")]
    [InlineData("بوتين", "date", "date")]
    [InlineData("((", null, "date")]          // no words survive parsing: the search sorts by date
    [InlineData(null, "relevance", "date")]   // relevance without words means nothing: the search sorts by date
    public void EffectiveSort_IsTheSortTheSearchApplies(string? q, string? sort, string expected)
    {
        var query = ArchiveQuery.Parse(q, null, null, null, null, null, null, sort);

        Assert.Equal(expected, query.EffectiveSort);
    }
}
