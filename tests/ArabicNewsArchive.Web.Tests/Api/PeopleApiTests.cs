using System.Net;
using System.Text.Json;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Web.Tests.Api;

/// <summary>/api/people's paging and filter, and a discovered person found by a Latin name (own store: it ingests an article).</summary>
public sealed class PeopleApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string Article = """
        رامسفيلد يزور بغداد

        قال وزير الدفاع الأمريكي دونالد رامسفيلد خلال زيارته إلى بغداد إن القوات الأمريكية ستبقى في العراق حتى استقرار الوضع الأمني.

        وأضاف رامسفيلد في مؤتمر صحفي أن الحكومة العراقية تحرز تقدما، فيما انتقد معارضو رامسفيلد تصريحاته.
        """;

    private async Task<JsonElement> GetJsonAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await fixture.Client.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static List<string> Slugs(JsonElement people) => [.. people.EnumerateArray().Select(p => p.GetProperty("slug").GetString()!)];

    [Fact]
    public async Task People_PagesByArticleCount_AndFiltersByAnySpelling()
    {
        var all = await GetJsonAsync("/api/people?pageSize=500");
        var counts = all.EnumerateArray().Select(p => p.GetProperty("articleCount").GetInt32()).ToList();
        Assert.Equal(counts.OrderByDescending(c => c), counts);

        var first = Slugs(await GetJsonAsync("/api/people?pageSize=2"));
        var second = Slugs(await GetJsonAsync("/api/people?pageSize=2&page=2"));
        Assert.Equal(Slugs(all).Take(4), first.Concat(second));

        Assert.Contains("vladimir-putin", Slugs(await GetJsonAsync("/api/people?q=putin")));
        Assert.Contains("vladimir-putin", Slugs(await GetJsonAsync("/api/people?q=" + Uri.EscapeDataString("بوتين"))));
        Assert.DoesNotContain("xi-jinping", Slugs(await GetJsonAsync("/api/people?q=putin")));

        using var tooMany = await fixture.Client.GetAsync("/api/people?pageSize=501");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("application/problem+json", tooMany.Content.Headers.ContentType?.MediaType);
        using var zero = await fixture.Client.GetAsync("/api/people?page=0");
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
    }

    [Fact]
    public async Task LatinQuery_MatchesWholeWordsOrWordStarts_NeverTheMiddleOfAWord()
    {
        Assert.Contains("xi-jinping", Slugs(await GetJsonAsync("/api/people?q=Xi")));
        var ali = Slugs(await GetJsonAsync("/api/people?q=ali&pageSize=500"));
        Assert.Contains("ali-al-naimi", ali);
        // "Khalid bin Salman" holds "ali" inside a word: a substring, not a name.
        Assert.DoesNotContain("khalid-bin-salman", ali);
        Assert.Contains("ali-al-naimi", Slugs(await GetJsonAsync("/api/people?q=naim")));
        Assert.DoesNotContain("ali-al-naimi", Slugs(await GetJsonAsync("/api/people?q=aimi")));
    }

    [Fact]
    public async Task LatinName_FindsDiscoveredPerson_InPeopleAndInSearch()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"people-api-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "rumsfeld.txt"), Article);
            var seeds = ArchiveStartup.FindSeedsPath(AppContext.BaseDirectory)!;
            var reference = ReferenceData.Load(Path.Combine(seeds, "reference"));
            var run = await new IngestionService(fixture.Db, reference).IngestAsync([folder]);
            Assert.Equal(1, run.Count(IngestOutcome.Imported));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        await using (var db = await fixture.Db.CreateDbContextAsync())
        {
            var person = await db.People.Include(p => p.Aliases).SingleAsync(p => p.NameAr == "دونالد رامسفيلد");
            Assert.Equal(ArabicNewsArchive.People.PersonStatus.Discovered, person.Status);
            Assert.Contains(person.Aliases, a => a.Text == "Rumsfeld" && a.Origin == "latin");
        }

        var found = (await GetJsonAsync("/api/people?q=Rumsfeld")).EnumerateArray().Single();
        Assert.Equal("discovered", found.GetProperty("status").GetString());
        Assert.Equal("دونالد رامسفيلد", found.GetProperty("nameAr").GetString());
        Assert.Equal(1, found.GetProperty("articleCount").GetInt32());

        // The search expands the Latin name to the person, whose article never writes it.
        var search = await GetJsonAsync("/api/articles?q=Rumsfeld");
        Assert.Equal(1, search.GetProperty("total").GetInt32());
        Assert.Equal("rumsfeld", search.GetProperty("items")[0].GetProperty("id").GetString());
    }
}
