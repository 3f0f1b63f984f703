using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ArabicNewsArchive.Curation;
using ArabicNewsArchive.Web.Accounts;
using ArabicNewsArchive.Web.Tests.Accounts;

namespace ArabicNewsArchive.Web.Tests.Api;

/// <summary>The curation endpoints over real HTTP, real Identity and the five seeds in a temp SQLite file.</summary>
public sealed class CurationApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string S0 = "000_222e9e8ff3339bbc";
    private const string S2 = "002_beaccfc0902c3d0e";

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> GetAsync(string url) => await JsonAsync(await fixture.Client.GetAsync(url));

    private async Task<Dictionary<string, int>> PersonFacetAsync(string query = "") =>
        (await GetAsync("/api/articles?pageSize=1" + query)).GetProperty("facets").GetProperty("persons").EnumerateArray()
            .ToDictionary(f => f.GetProperty("slug").GetString()!, f => f.GetProperty("count").GetInt32());

    private async Task<List<JsonElement>> HistoryAsync()
    {
        using var admin = await fixture.Factory.SignedInClientAsync("boss", ArchiveRoles.Admin);
        return [.. (await JsonAsync(await admin.GetAsync("/api/history?page=1"))).EnumerateArray()];
    }

    [Fact]
    public async Task Writes_AnonymousGet401_ReaderGets403_AsProblemJson()
    {
        using var anonymous = fixture.Factory.CreateClient();
        using var reader = await fixture.Factory.SignedInClientAsync("reader1", role: null);
        using var curator = await fixture.Factory.SignedInClientAsync("cur0", ArchiveRoles.Curator);
        var body = new { from = "2022-02-04", to = "2022-02-04", note = "x" };

        using var a = await anonymous.PutAsJsonAsync($"/api/articles/{S0}/date", body);
        using var r = await reader.PutAsJsonAsync($"/api/articles/{S0}/date", body);
        using var m = await reader.PostAsJsonAsync("/api/people/wang-yi/merge", new { into = "xi-jinping" });
        using var h = await curator.GetAsync("/api/history");
        using var ha = await anonymous.GetAsync("/api/history");

        Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, m.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, h.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, ha.StatusCode);
        Assert.All([a, r, m, h], x => Assert.Equal("application/problem+json", x.Content.Headers.ContentType?.MediaType));
        Assert.DoesNotContain(await HistoryAsync(), e => e.GetProperty("target").GetString() == S0 && e.GetProperty("note").GetString() == "x");
    }

    [Fact]
    public async Task SetDate_AnswersTheArticle_RecordsHistory_AndUndoRestores()
    {
        using var curator = await fixture.Factory.SignedInClientAsync("cur1", ArchiveRoles.Curator);
        var before = await GetAsync($"/api/articles/{S2}");

        using var response = await curator.PutAsJsonAsync($"/api/articles/{S2}/date", new { from = "2019-05-01", to = "2019-05-31", note = "print edition" });
        var article = await JsonAsync(response);

        Assert.Equal("2019-05-01", article.GetProperty("published").GetString());
        Assert.Equal("month", article.GetProperty("datePrecision").GetString());
        Assert.Equal("2019-05-31", article.GetProperty("publishedRange").GetProperty("to").GetString());
        var id = int.Parse(response.Headers.GetValues(ArabicNewsArchive.Web.Api.CurationApi.CorrectionIdHeader).Single(), System.Globalization.CultureInfo.InvariantCulture);
        var entry = (await HistoryAsync()).Single(e => e.GetProperty("id").GetInt32() == id);
        Assert.Equal(("cur1", CorrectionActions.SetDate, S2, "print edition"),
            (entry.GetProperty("who").GetString(), entry.GetProperty("action").GetString(), entry.GetProperty("target").GetString(), entry.GetProperty("note").GetString()));

        using var undo = await curator.PostAsJsonAsync($"/api/corrections/{id}/undo", new { note = "wrong" });
        await JsonAsync(undo);
        var after = await GetAsync($"/api/articles/{S2}");
        Assert.Equal(before.GetProperty("published").ToString(), after.GetProperty("published").ToString());
        Assert.Equal(before.GetProperty("datePrecision").GetString(), after.GetProperty("datePrecision").GetString());
        Assert.Contains(await HistoryAsync(), e => e.GetProperty("action").GetString() == CorrectionActions.Undo && e.GetProperty("undoes").GetInt32() == id);
    }

    [Fact]
    public async Task InvalidInput_400NamesTheField_UnknownTarget404()
    {
        using var curator = await fixture.Factory.SignedInClientAsync("cur2", ArchiveRoles.Curator);

        using var badDate = await curator.PutAsJsonAsync($"/api/articles/{S0}/date", new { from = "2022-13-45" });
        using var reversed = await curator.PutAsJsonAsync($"/api/articles/{S0}/date", new { from = "2022-02-05", to = "2022-02-01" });
        using var badMerge = await curator.PostAsJsonAsync("/api/people/wang-yi/merge", new { into = "nobody-here" });
        using var unknownArticle = await curator.PutAsJsonAsync("/api/articles/no-such-article/date", new { from = "2022-02-05" });
        using var unknownPerson = await curator.PostAsJsonAsync("/api/people/no-such-person/confirm", new { });
        using var badMention = await curator.PostAsJsonAsync($"/api/articles/{S0}/mentions", new { start = 5, end = 2, person = "wang-yi" });

        Assert.Equal("from", Assert.Single((await JsonAsync(badDate, HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject()).Name);
        Assert.Equal("to", Assert.Single((await JsonAsync(reversed, HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject()).Name);
        Assert.Equal("into", Assert.Single((await JsonAsync(badMerge, HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject()).Name);
        Assert.Equal("end", Assert.Single((await JsonAsync(badMention, HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject()).Name);
        await JsonAsync(unknownArticle, HttpStatusCode.NotFound);
        await JsonAsync(unknownPerson, HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", badDate.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Merge_FacetShowsOneEntryWithTheSum_OldSlugAnswers301()
    {
        using var curator = await fixture.Factory.SignedInClientAsync("cur3", ArchiveRoles.Curator);
        var facet = await PersonFacetAsync();
        var (from, into) = ("yuri-ushakov", "dmitry-peskov");
        var both = (await GetAsync($"/api/articles?pageSize=1&person={from}&person={into}")).GetProperty("total").GetInt32();
        var expected = facet.GetValueOrDefault(from) + facet.GetValueOrDefault(into) - both;
        Assert.True(facet.GetValueOrDefault(from) > 0, "the seeds name " + from);

        using var response = await curator.PostAsJsonAsync($"/api/people/{from}/merge", new { into, note = "same man" });
        var person = await JsonAsync(response);

        Assert.Equal(into, person.GetProperty("slug").GetString());
        var after = await PersonFacetAsync();
        Assert.False(after.ContainsKey(from));
        Assert.Equal(expected, after[into]);
        using var noRedirects = fixture.Factory.CreateClient(new() { AllowAutoRedirect = false });
        using var old = await noRedirects.GetAsync($"/api/people/{from}");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal($"/api/people/{into}", old.Headers.Location?.OriginalString);
        using var page = await noRedirects.GetAsync($"/people/{from}");
        Assert.Equal(HttpStatusCode.MovedPermanently, page.StatusCode);
        Assert.Equal($"/people/{into}", page.Headers.Location?.OriginalString);
        Assert.Contains(await HistoryAsync(), e => e.GetProperty("action").GetString() == CorrectionActions.MergePerson && e.GetProperty("target").GetString() == from);
    }

    [Fact]
    public async Task RejectPerson_GoneFromFacetPeopleAndPage()
    {
        using var curator = await fixture.Factory.SignedInClientAsync("cur4", ArchiveRoles.Curator);
        const string slug = "nikolai-patrushev";
        Assert.True((await PersonFacetAsync()).ContainsKey(slug));

        using var response = await curator.PostAsJsonAsync($"/api/people/{slug}/reject", new { note = "not in these texts" });
        await JsonAsync(response);

        Assert.False((await PersonFacetAsync()).ContainsKey(slug));
        Assert.DoesNotContain((await GetAsync("/api/people?pageSize=500")).EnumerateArray(), p => p.GetProperty("slug").GetString() == slug);
        using var gone = await fixture.Client.GetAsync($"/api/people/{slug}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task TopicMentionAndPersonEdits_ThroughTheApi()
    {
        using var curator = await fixture.Factory.SignedInClientAsync("cur5", ArchiveRoles.Curator);
        var article = await GetAsync($"/api/articles/{S0}");
        var topic = (await GetAsync("/api/topics")).EnumerateArray().Select(t => t.GetProperty("slug").GetString()!)
            .First(t => !article.GetProperty("topics").EnumerateArray().Any(x => x.GetString() == t));

        var withTopic = await JsonAsync(await curator.PostAsJsonAsync($"/api/articles/{S0}/topics/{topic}", new { note = "clearly" }));
        Assert.Contains(withTopic.GetProperty("topics").EnumerateArray(), t => t.GetString() == topic);
        var facet = (await GetAsync($"/api/articles?pageSize=1&topic={topic}")).GetProperty("facets").GetProperty("topics").EnumerateArray();
        Assert.Contains(facet, f => f.GetProperty("slug").GetString() == topic && f.GetProperty("count").GetInt32() >= 1);

        var mention = article.GetProperty("mentions").EnumerateArray().First();
        var (start, end) = (mention.GetProperty("start").GetInt32(), mention.GetProperty("end").GetInt32());
        var rejected = await JsonAsync(await curator.PostAsJsonAsync($"/api/articles/{S0}/mentions/reject", new { start, end, note = "wrong" }));
        Assert.DoesNotContain(rejected.GetProperty("mentions").EnumerateArray(), m => m.GetProperty("start").GetInt32() == start);

        var renamed = await JsonAsync(await curator.PostAsJsonAsync("/api/people/andrey-denisov/rename", new { nameEn = "Andrei Denisov" }));
        Assert.Equal("Andrei Denisov", renamed.GetProperty("nameEn").GetString());
        var spelled = await JsonAsync(await curator.PostAsJsonAsync("/api/people/andrey-denisov/aliases", new { text = "اندريه دنيسوف" }));
        Assert.Contains(spelled.GetProperty("aliases").EnumerateArray(), a => a.GetString() == "اندريه دنيسوف");
        var role = await JsonAsync(await curator.PostAsJsonAsync("/api/people/andrey-denisov/role", new { role = "Ambassador", roleAr = "سفير" }));
        Assert.Equal("Ambassador", role.GetProperty("role").GetString());
    }
}
