using ArabicNewsArchive.Search;

namespace ArabicNewsArchive.Tests.Search;

/// <summary>
/// Facet counts of a query without filters are taken from the whole archive's counts less the documents left out
/// when the query matches most of it; either way they must be the counts over the matches themselves.
/// </summary>
public sealed class FacetCountTests(SearchFixture fixture, SearchOrderTests.Store many)
    : IClassFixture<SearchFixture>, IClassFixture<SearchOrderTests.Store>
{
    [Theory]
    [InlineData(null)]
    [InlineData("بوتين")]
    [InlineData("روسيا")]
    [InlineData("الصين")]
    [InlineData("أوشاكوف")]
    [InlineData("Putin")]
    public Task Search_FacetCountsAreCountsOverTheMatches(string? q) => AssertFacetsAsync(new SearchService(fixture.Factory), q);

    [Theory]
    [InlineData("الطاقة")]
    [InlineData("المحادثات")]
    [InlineData("محادثات OR النفط")]
    [InlineData("\"البيان المشترك\"")]
    public Task Search_FacetCountsAreCountsOverTheMatches_OnManyArticles(string q) => AssertFacetsAsync(new SearchService(many.Test.Contexts), q);

    private static async Task AssertFacetsAsync(SearchService service, string? q)
    {
        var request = new SearchRequest { Q = q };
        var response = await service.SearchAsync(request);
        var matches = await service.ExportAsync(request);
        Assert.Equal(matches.Count, response.Total);

        Assert.Equal(Counts(matches.SelectMany(m => m.Persons)), Counts(response.Facets.Persons));
        Assert.Equal(Counts(matches.SelectMany(m => m.Topics)), Counts(response.Facets.Topics));
        Assert.Equal(Counts(matches.Where(m => m.Outlet is not null).Select(m => m.Outlet!.Slug)), Counts(response.Facets.Outlets));
        // An article counts under a month when its publication interval lies within it.
        var months = matches.Where(m => m.PublishedRange is { } r && (r.From.Year, r.From.Month) == (r.To.Year, r.To.Month))
            .Select(m => m.Published!.Value.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Counts(months), response.Facets.Months.Select(m => (m.Month, m.Count)).Order().ToList());
    }

    private static List<(string, int)> Counts(IEnumerable<string> values) =>
        values.GroupBy(v => v, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).Order().ToList();

    private static List<(string, int)> Counts(IEnumerable<FacetValue> values) => values.Select(v => (v.Slug, v.Count)).Order().ToList();
}
