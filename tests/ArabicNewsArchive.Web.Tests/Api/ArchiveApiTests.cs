using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Web.Tests.Api;

public sealed class ArchiveApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string S0 = "000_222e9e8ff3339bbc";
    private const string S2 = "002_beaccfc0902c3d0e";

    private async Task<JsonElement> GetJsonAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await fixture.Client.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static void AssertSummaryShape(JsonElement item)
    {
        Assert.Equal(JsonValueKind.String, item.GetProperty("id").ValueKind);
        Assert.Equal(JsonValueKind.String, item.GetProperty("title").ValueKind);
        var outlet = item.GetProperty("outlet");
        if (outlet.ValueKind != JsonValueKind.Null)
        {
            Assert.Equal(["country", "kind", "nameAr", "nameEn", "slug"], outlet.EnumerateObject().Select(p => p.Name).Order());
        }

        var published = item.GetProperty("published");
        if (published.ValueKind != JsonValueKind.Null)
        {
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", published.GetString());
        }

        Assert.Contains(item.GetProperty("datePrecision").GetString(), new[] { "day", "days", "month", "year", "unknown" });
        var range = item.GetProperty("publishedRange");
        if (range.ValueKind == JsonValueKind.Null)
        {
            Assert.Equal(JsonValueKind.Null, published.ValueKind);
        }
        else
        {
            Assert.Equal(["from", "to"], range.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal(published.GetString(), range.GetProperty("from").GetString());
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", range.GetProperty("to").GetString());
        }
        Assert.All(item.GetProperty("persons").EnumerateArray(), p => Assert.Equal(JsonValueKind.String, p.ValueKind));
        Assert.All(item.GetProperty("topics").EnumerateArray(), p => Assert.Equal(JsonValueKind.String, p.ValueKind));
        Assert.Equal(JsonValueKind.String, item.GetProperty("snippet").ValueKind);
    }

    [Fact]
    public async Task Articles_ListHasTheContractShape()
    {
        var r = await GetJsonAsync("/api/articles?q=بوتين&page=1&pageSize=2");
        Assert.Equal(["facets", "items", "page", "pageSize", "query", "total"], r.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(5, r.GetProperty("total").GetInt32());
        Assert.Equal(1, r.GetProperty("page").GetInt32());
        Assert.Equal(2, r.GetProperty("pageSize").GetInt32());
        Assert.Equal(2, r.GetProperty("items").GetArrayLength());
        foreach (var item in r.GetProperty("items").EnumerateArray())
        {
            AssertSummaryShape(item);
            Assert.Contains("<mark>", item.GetProperty("snippet").GetString());
        }

        var facets = r.GetProperty("facets");
        Assert.Equal(["agencies", "months", "outlets", "persons", "topics"], facets.EnumerateObject().Select(p => p.Name).Order());
        foreach (var name in new[] { "persons", "topics", "outlets", "agencies" })
        {
            Assert.All(facets.GetProperty(name).EnumerateArray(), f =>
                Assert.Equal(["count", "nameAr", "nameEn", "slug"], f.EnumerateObject().Select(p => p.Name).Order()));
        }

        Assert.All(facets.GetProperty("months").EnumerateArray(), m =>
        {
            Assert.Matches(@"^\d{4}-\d{2}$", m.GetProperty("month").GetString());
            Assert.True(m.GetProperty("count").GetInt32() > 0);
        });
    }

    [Fact]
    public async Task Articles_RepeatedPersonAndTopicAreAnded()
    {
        var r = await GetJsonAsync("/api/articles?person=nikolai-patrushev&person=sergey-lavrov");
        Assert.Equal(2, r.GetProperty("total").GetInt32());
        var t = await GetJsonAsync("/api/articles?topic=winter-olympics&topic=ukraine-war");
        Assert.Equal(0, t.GetProperty("total").GetInt32());
        // 002's interval is 17-26 September 2022: a day inside it finds it, a day after it does not.
        var d = await GetJsonAsync("/api/articles?outlet=asharq&from=2022-09-26&to=2022-09-26&sort=date");
        Assert.Equal(S2, d.GetProperty("items")[0].GetProperty("id").GetString());
        var after = await GetJsonAsync("/api/articles?outlet=asharq&from=2022-09-30&to=2022-09-30&sort=date");
        Assert.Equal(0, after.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Articles_PageSizeIsCapped()
    {
        var r = await GetJsonAsync("/api/articles?pageSize=1000");
        Assert.Equal(100, r.GetProperty("pageSize").GetInt32());
    }

    [Theory]
    [InlineData("from=2022-13-01", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2023-01-01&to=2022-01-01", "after")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("pageSize=-5", "pageSize")]
    [InlineData("sort=popular", "sort")]
    public async Task Articles_InvalidParametersAreProblem400(string query, string mentioned)
    {
        using var response = await fixture.Client.GetAsync("/api/articles?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        Assert.Contains(mentioned, body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Article_PublishedRangeIsTheIntervalTheTextAllows()
    {
        // Seed 002: "قبل أيام" after the summit of 16 September 2022, so 17 to 26 September.
        var a = await GetJsonAsync("/api/articles/002_beaccfc0902c3d0e");
        Assert.Equal("days", a.GetProperty("datePrecision").GetString());
        Assert.Equal("2022-09-17", a.GetProperty("published").GetString());
        var range = a.GetProperty("publishedRange");
        Assert.Equal(("2022-09-17", "2022-09-26"), (range.GetProperty("from").GetString(), range.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task Article_DetailIsFlatSummaryPlusDetail()
    {
        var a = await GetJsonAsync($"/api/articles/{S0}");
        AssertSummaryShape(a);
        Assert.Equal(S0, a.GetProperty("id").GetString());
        Assert.Equal("2022-02-02", a.GetProperty("published").GetString());
        Assert.Equal(S0 + ".txt", a.GetProperty("sourceFile").GetString());
        Assert.Matches("^[0-9a-f]{64}$", a.GetProperty("sha256").GetString());
        var source = a.GetProperty("sourceText").GetString()!;
        Assert.StartsWith("الوقت-صرّح", source);
        Assert.Equal(JsonValueKind.String, a.GetProperty("bodyMarkdown").ValueKind);
        Assert.Equal(JsonValueKind.Array, a.GetProperty("dateEvidence").ValueKind);
        Assert.Equal(JsonValueKind.Array, a.GetProperty("related").ValueKind);
        Assert.Equal(JsonValueKind.Array, a.GetProperty("similar").ValueKind);
        var mentions = a.GetProperty("mentions").EnumerateArray().ToList();
        Assert.NotEmpty(mentions);
        Assert.All(mentions, m =>
        {
            Assert.Equal(["end", "person", "start", "text"], m.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal(m.GetProperty("text").GetString(), source[m.GetProperty("start").GetInt32()..m.GetProperty("end").GetInt32()]);
        });
    }

    [Fact]
    public async Task Article_UnknownIdIsProblem404()
    {
        using var response = await fixture.Client.GetAsync("/api/articles/no-such-article");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(404, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task People_ListAndDetail()
    {
        var people = await GetJsonAsync("/api/people");
        var putin = people.EnumerateArray().Single(p => p.GetProperty("slug").GetString() == "vladimir-putin");
        Assert.Equal(["aliases", "articleCount", "nameAr", "nameEn", "role", "slug", "status"], putin.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("curated", putin.GetProperty("status").GetString());
        Assert.Equal(5, putin.GetProperty("articleCount").GetInt32());
        Assert.Contains("Putin", putin.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));

        var person = await GetJsonAsync("/api/people/nikolai-patrushev");
        Assert.Equal(["aliases", "articleCount", "articles", "coMentioned", "nameAr", "nameEn", "role", "slug", "status"],
            person.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(3, person.GetProperty("articles").GetArrayLength());
        Assert.All(person.GetProperty("articles").EnumerateArray(), AssertSummaryShape);
        Assert.All(person.GetProperty("coMentioned").EnumerateArray(), c =>
            Assert.Equal(["count", "slug"], c.EnumerateObject().Select(p => p.Name).Order()));

        await GetJsonAsync("/api/people/nobody", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Topics_List()
    {
        var topics = await GetJsonAsync("/api/topics");
        Assert.Equal(27, topics.GetArrayLength());
        Assert.Equal(10, topics.EnumerateArray().Count(t => t.GetProperty("kind").GetString() == "dossier"));
        var sport = topics.EnumerateArray().Single(t => t.GetProperty("slug").GetString() == "sport");
        Assert.Equal(("iptc", "medtop:15000000"), (sport.GetProperty("kind").GetString(), sport.GetProperty("iptc").GetString()));
        Assert.All(topics.EnumerateArray(), t =>
            Assert.Equal(["articleCount", "iptc", "kind", "nameAr", "nameEn", "parent", "slug"], t.EnumerateObject().Select(p => p.Name).Order()));
    }

    public static TheoryData<string> Hostile() =>
    [
        "\"", "\"بوتين", "بوتين\"", "((", "))", "[", "]", "{", "}", "AND", "OR", "NOT", "NEAR", "NEAR(", "*", "-", "^", "-*",
        "' OR 1=1 --", "'; DROP TABLE Articles; --", "\"; DELETE FROM ArticleSearch; --", "<script>alert(1)</script>",
        "a\0b", "\0", new string('x', 10_000), "بوتين Putin Путин 普京", "title:بوتين", "persons:person_vladimir_putin",
        "ArticleSearch MATCH 'x'", "%", "_", "%' --", "\u202E\u200F", "&#x627;", "ـ",
        "=", "==بوتين", "~5", "\"بوتين شي\"~", "\"بوتين شي\"~99999999999", "\"بوتين\"~3", "title:", "title:\"", "title:\"\"",
        "person:", "outlet:", "person:'; DROP TABLE People; --", "title:{body}", "title:NEAR(a b)", "-title:بوتين", "=*", "\"a\"*~2",
    ];

    [Fact]
    public async Task Articles_ReadTheQueryBack()
    {
        var r = await GetJsonAsync("/api/articles?q=" + Uri.EscapeDataString("title:بوتين \"شي جين\" -روسيا ((( person:xi-jinping"));
        var query = r.GetProperty("query");
        Assert.Equal(["exact", "excluded", "ignored", "outlets", "people", "terms"], query.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["title:بوتين"], query.GetProperty("terms").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["شي جين"], query.GetProperty("exact").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["((("], query.GetProperty("ignored").EnumerateArray().Select(e => e.GetString()));
        var person = Assert.Single(query.GetProperty("people").EnumerateArray());
        Assert.Equal(("xi-jinping", "Xi Jinping"), (person.GetProperty("slug").GetString(), person.GetProperty("nameEn").GetString()));
        Assert.False(r.TryGetProperty("message", out _));
    }

    [Theory]
    [InlineData("(((\"-*")]
    [InlineData("-")]
    [InlineData("OR")]
    public async Task Articles_JunkAloneAnswersNothingWithAMessage(string q)
    {
        var r = await GetJsonAsync("/api/articles?q=" + Uri.EscapeDataString(q));
        Assert.Equal(0, r.GetProperty("total").GetInt32());
        Assert.Empty(r.GetProperty("items").EnumerateArray());
        Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("message").GetString()));
        Assert.NotEmpty(r.GetProperty("query").GetProperty("ignored").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Articles_HostileQueriesNeverFailAndChangeNothing(string q)
    {
        var before = await FingerprintAsync();
        using var response = await fixture.Client.GetAsync("/api/articles?q=" + Uri.EscapeDataString(q));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()));
        }
        else
        {
            Assert.True(json.GetProperty("total").GetInt32() >= 0);
        }

        Assert.Equal(before, await FingerprintAsync());
    }

    private async Task<string> FingerprintAsync()
    {
        await using var db = await fixture.Db.CreateDbContextAsync();
        // Sha256 is stored as bytes (migration LeanFacts): concatenated on this side, as the hex the model reads.
        var articles = (await db.Articles.OrderBy(a => a.Id).Select(a => new { a.Id, a.Sha256, a.Title }).ToListAsync()).Select(a => a.Id + a.Sha256 + a.Title);
        var version = await db.Database.SqlQueryRaw<long>("SELECT Version AS Value FROM SearchMeta").SingleAsync();
        var indexed = await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS Value FROM SearchDocs").SingleAsync();
        return $"{string.Join('|', articles)}#{version}#{indexed}";
    }
}
