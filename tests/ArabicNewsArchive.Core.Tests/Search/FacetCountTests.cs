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

    /// <summary>
    /// The counts are kept in arrays rented from a shared pool: searches at the same time, filtered (counted in three
    /// parts) or not, each get the counts of their own matches.
    /// </summary>
    [Fact]
    public async Task Search_FacetCountsHoldOnConcurrentSearches()
    {
        SearchRequest[] requests =
        [
            new() { Q = "الطاقة" },
            new() { Q = "المحادثات" },
            new() { Q = "محادثات OR النفط" },
            new() { Q = "الطاقة", From = new DateOnly(2022, 1, 4) },
            new() { Q = "المحادثات", Outlet = "asharq", To = new DateOnly(2022, 1, 6) },
            new() { From = new DateOnly(2022, 1, 3), To = new DateOnly(2022, 1, 5) },
            new(),
        ];
        var expected = new List<string>();
        foreach (var request in requests)
        {
            expected.Add(Digest(await new SearchService(many.Test.Contexts, hitCacheSize: 0, parallelFrom: int.MaxValue).SearchAsync(request)));
        }

        var service = new SearchService(many.Test.Contexts, parallelFrom: 1, parts: 3);
        for (var round = 0; round < 6; round++)
        {
            var order = Enumerable.Range(0, requests.Length * 3).Select(i => i % requests.Length).ToList();
            var responses = await Task.WhenAll(order.Select(i => Task.Run(() => service.SearchAsync(requests[i]))));
            for (var k = 0; k < order.Count; k++)
            {
                Assert.Equal(expected[order[k]], Digest(responses[k]));
            }
        }
    }

    /// <summary>
    /// A cached query keeps the facets it counted without filters; its next page and its other sort show them, and the
    /// same words with a filter count their own.
    /// </summary>
    [Fact]
    public async Task Search_KeptFacetsServeOnlyTheUnfilteredQuery()
    {
        SearchRequest[] requests =
        [
            new() { Q = "المحادثات" },
            new() { Q = "المحادثات", Page = 2 },
            new() { Q = "المحادثات", Sort = "date" },
            new() { Q = "المحادثات", From = new DateOnly(2022, 1, 4) },
            new() { Q = "المحادثات", Outlet = "asharq", To = new DateOnly(2022, 1, 3) },
            new() { Q = "المحادثات" },
        ];
        var service = new SearchService(many.Test.Contexts);
        foreach (var request in requests)
        {
            var fresh = await new SearchService(many.Test.Contexts, hitCacheSize: 0).SearchAsync(request);
            Assert.Equal(Digest(fresh), Digest(await service.SearchAsync(request)));
        }

        Assert.Equal(1, service.FtsReads);
    }

    private static string Digest(SearchResponse response) => string.Join(" | ",
        response.Total,
        string.Join(",", response.Facets.Persons.Select(f => $"{f.Slug}={f.Count}")),
        string.Join(",", response.Facets.Topics.Select(f => $"{f.Slug}={f.Count}")),
        string.Join(",", response.Facets.Outlets.Select(f => $"{f.Slug}={f.Count}")),
        string.Join(",", response.Facets.Agencies.Select(f => $"{f.Slug}={f.Count}")),
        string.Join(",", response.Facets.Months.Select(m => $"{m.Month}={m.Count}")));

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
