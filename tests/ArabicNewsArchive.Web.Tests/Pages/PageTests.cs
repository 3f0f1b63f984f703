using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;

namespace ArabicNewsArchive.Web.Tests.Pages;

/// <summary>Every page prerendered by the real app over the seeds: real Arabic content, no entities, lang/dir right.</summary>
public sealed partial class PageTests(ArchiveAppFactory app) : IClassFixture<ArchiveAppFactory>
{
    private const string Article = "000_222e9e8ff3339bbc";

    public static TheoryData<string, string> Pages => new()
    {
        { "/", "البحث في الأرشيف" },
        { "/?q=" + Uri.EscapeDataString("بوتين"), "فلاديمير بوتين" },
        { "/?person=xi-jinping&sort=date", "شي جين بينغ" },
        { "/articles/" + Article + "?q=" + Uri.EscapeDataString("الصين"), "النص الأصلي" },
        { "/compare?a=" + Article + "&b=001_115f144be502b13d", "ما تشتركان فيه" },
        { "/people", "فلاديمير بوتين" },
        { "/people/vladimir-putin", "كل التهجئات التي وردت" },
        { "/topics", "التعاون العسكري" },
        { "/topics/military", "التعاون العسكري" },
        { "/timeline?year=2022", "فلاديمير بوتين، شي جين بينغ — فبراير 2022" },
        { "/docs", "التوثيق" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_Arabic_PrerendersArabicContent_RtlWithoutEntities(string url, string expected)
    {
        var html = await GetAsync(url);

        Assert.Contains("<html lang=\"ar\" dir=\"rtl\">", html);
        Assert.Contains(expected, html);
        Assert.DoesNotContain("&#x6", html);
        Assert.Single(H1().Matches(html));
    }

    [Fact]
    public async Task Archive_ReadsTheQueryBack_InBothLanguages()
    {
        var q = "?q=" + Uri.EscapeDataString("\"الصين\" بوتين (((");
        var ar = await GetAsync("/" + q);
        var line = ReadingLine().Match(ar);
        Assert.True(line.Success, "no reading line");
        Assert.Contains("<bdi>الصين</bdi> (بصيغته كما كُتب)", line.Value);
        Assert.Contains("فلاديمير بوتين", line.Value);
        Assert.Contains("<code dir=\"ltr\">(((</code>", line.Value);

        var en = ReadingLine().Match(await GetAsync("/" + q + "&lang=en")).Value;
        Assert.Contains("Searching:", en);
        Assert.Contains("(exact form)", en);
        Assert.Contains("Vladimir Putin", en);
        Assert.Contains("ignored:", en);

        // Junk alone: nothing, and the message saying why.
        var junk = await GetAsync("/?q=" + Uri.EscapeDataString("(((\"-*") + "&lang=en");
        Assert.Contains("data-testid=\"query-message\"", junk);
        Assert.Contains("nothing was searched", junk);
        Assert.Contains("data-testid=\"empty-state\"", junk);
    }

    [GeneratedRegex("<p class=\"query-reading\"[^>]*>.*?</p>", RegexOptions.Singleline)]
    private static partial Regex ReadingLine();

    [Theory]
    [InlineData("/articles/no-such-article", "الصفحة غير موجودة")]
    [InlineData("/people/no-such-person", "الصفحة غير موجودة")]
    [InlineData("/topics/no-such-topic", "الصفحة غير موجودة")]
    [InlineData("/docs/no-such-doc", "الصفحة غير موجودة")]
    public async Task Page_UnknownThing_Answers404WithTheNotFoundPage(string url, string expected)
    {
        var response = await app.CreateClient().GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/?page=99999999999")]
    [InlineData("/?page=abc&from=2023-13-01&to=garbage&sort=evil")]
    [InlineData("/?q=%22((NEAR%20*%20-%20%5E&person=nobody")]
    [InlineData("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("/timeline?year=abc")]
    [InlineData("/timeline?year=99999999999")]
    [InlineData("/topics/military?page=-3")]
    [InlineData("/people/vladimir-putin?quotes=x")]
    public async Task Page_HostileQueryString_AnswersWithoutServerError(string url)
    {
        var response = await app.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode < 500, $"{url} answered {(int)response.StatusCode}");
        Assert.DoesNotContain("<script>alert(1)</script>", html);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/articles/" + Article)]
    [InlineData("/people/xi-jinping")]
    public async Task Page_EnglishQuery_IsLtrWithEnglishLabels_AndArabicContentStaysArabic(string url)
    {
        var html = await GetAsync(url + (url.Contains('?') ? "&" : "?") + "lang=en");

        Assert.Contains("<html lang=\"en\" dir=\"ltr\">", html);
        Assert.Contains(">العربية<", html.Replace(" ", "").Replace("\n", ""));
        Assert.Contains(">Timeline</a>", html);
        Assert.DoesNotContain("&#x6", html);
    }

    [Fact]
    public async Task Archive_PrerendersResultsFacetsAndQuickFilters()
    {
        var html = await GetAsync("/?q=" + Uri.EscapeDataString("بوتين"));

        Assert.Contains("data-testid=\"result-card\"", html);
        Assert.Contains("data-testid=\"facet-person\" data-slug=\"vladimir-putin\"", html);
        Assert.Contains("<mark>", html);
        Assert.Contains("href=\"/?q=" + Uri.EscapeDataString("بوتين") + "&amp;person=xi-jinping\"", html);
        Assert.Contains("data-testid=\"quick-vladimir-putin\"", html);
    }

    [Fact]
    public async Task Archive_NoMatch_ShowsHelpfulEmptyState()
    {
        var html = await GetAsync("/?q=zzqxv");

        Assert.Contains("data-testid=\"empty-state\"", html);
        Assert.Contains("مسح كل المرشحات", html);
    }

    [Fact]
    public async Task Topic_ShowsTriggerPhrasesAndArticleShowsTopicEvidence()
    {
        // Topic evidence is a JSON array in each ArticleTopics row: the topic page counts its phrases in SQL, the
        // article page marks each phrase in the source.
        var topic = await GetAsync("/topics/military");
        var triggers = topic[topic.IndexOf("data-testid=\"triggers\"", StringComparison.Ordinal)..];
        triggers = triggers[..triggers.IndexOf("</ul>", StringComparison.Ordinal)];
        Assert.Matches("<a class=\"chip\" href=\"[^\"]*\"><bdi lang=\"ar\">[^<]+</bdi> <bdi>\\([0-9٠-٩]+\\)</bdi></a>", triggers);

        var article = await GetAsync("/articles/" + Article);
        Assert.Contains("id=\"src-topic-", article);
        Assert.Contains("class=\"evidence-link\"", article);
    }

    [Fact]
    public async Task Topic_TriggerPhrasesAreKeptUntilTheStoreChanges()
    {
        // Counting the phrases reads every evidence row of the topic: one count per store version serves every view.
        using var scope = app.Services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<ArabicNewsArchive.Web.Components.Pages.Topics.TopicPageModel>();
        var first = (await model.GetAsync("military"))!.Value.Triggers;
        Assert.NotEmpty(first);
        Assert.Same(first, (await model.GetAsync("military"))!.Value.Triggers);

        var contexts = scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ArabicNewsArchive.Store.ArchiveDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, "UPDATE SearchMeta SET Version = Version + 1 WHERE Id = 1");
        }

        var after = (await model.GetAsync("military"))!.Value.Triggers;
        Assert.NotSame(first, after);
        Assert.Equal(first, after);
    }

    [Fact]
    public async Task Article_ShowsSourceLinesReadingParagraphsHitsAndEvidence()
    {
        var html = await GetAsync("/articles/" + Article + "?q=" + Uri.EscapeDataString("الصين"));

        Assert.Contains("id=\"L10\"", html);
        Assert.Contains("data-testid=\"reading-paragraph\" data-para=\"1\"", html);
        Assert.Contains("<mark class=\"hit\">الصين</mark>", html);
        Assert.Contains("data-testid=\"date-evidence\"", html);
        Assert.Contains("id=\"src-date-0\"", html);
        Assert.Contains("href=\"/people/yuri-ushakov\"", html);
    }

    [Fact]
    public async Task Article_DateEvidenceMeaning_InTheInterfaceLanguage()
    {
        // Seed 000's "اليوم الأربعاء" fixes its weekday: the Arabic page says so in Arabic, the English one in English.
        var ar = await GetAsync("/articles/" + Article);
        var en = await GetAsync("/articles/" + Article + "?lang=en");

        Assert.Contains("<span class=\"evidence-meaning\"><bdi lang=\"ar\">اليوم الأربعاء</bdi></span>", ar);
        Assert.DoesNotContain("today is a Wednesday", ar);
        Assert.Contains("<span class=\"evidence-meaning\"><bdi lang=\"en\">today is a Wednesday</bdi></span>", en);
    }

    [Fact]
    public async Task Article_HeadingsAreH3_AndResultCardOpensWithBody()
    {
        var article = await GetAsync("/articles/002_beaccfc0902c3d0e");
        Assert.Contains("<h3 class=\"reading-heading\">&quot;توترات أميركية&quot;</h3>", article);
        Assert.Contains("<h3 class=\"reading-heading\">مواقف متقاربة</h3>", article);

        var archive = await GetAsync("/");
        var card = CardFor().Match(archive);
        Assert.True(card.Success);
        Assert.Contains("اتفقت روسيا والصين على زيادة التعاون العسكري", card.Value);
        Assert.DoesNotContain("دبي- الشرق", card.Value);
    }

    [Theory]
    [InlineData("/no-such-page", "ar", "الصفحة غير موجودة")]
    [InlineData("/no-such-page?lang=en", "en", "Page not found")]
    public async Task NotFound_HasTitle_AndKeepsTheRequestedLanguage(string url, string lang, string heading)
    {
        var response = await app.CreateClient().GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains($"<html lang=\"{lang}\"", html);
        Assert.Contains($"<title>{heading}", html);
        Assert.Contains($">{heading}</h1>", html);
    }

    [Fact]
    public async Task Person_SpellingsAreIsolatedAndLinkArticleTitles()
    {
        var html = await GetAsync("/people/wang-yi");

        Assert.Contains("«<bdi lang=\"en\">Wang Yi</bdi>»", html);
        Assert.Matches("class=\"spelling-first\" href=\"/articles/[^\"]+\"[^>]*><bdi lang=\"ar\">[^<]*العلاقات", html);
    }

    [Theory]
    [InlineData("/people", "رئيس روسيا", "President of Russia")]
    [InlineData("/people/sergey-lavrov", "وزير الخارجية الروسي", "Russian Foreign Minister")]
    public async Task Person_RoleIsInTheInterfaceLanguage(string url, string arabic, string english)
    {
        var ar = await GetAsync(url);
        var en = await GetAsync(url + "?lang=en");

        Assert.Contains($"<bdi>{arabic}</bdi>", ar);
        Assert.DoesNotContain(english, ar);
        Assert.Contains($"<bdi>{english}</bdi>", en);
    }

    [Fact]
    public async Task LanguageEndpoint_SetsCookie_AndCookieFlipsDirection()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/language/en?returnUrl=" + Uri.EscapeDataString("/people?lang=ar"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/people", response.Headers.Location!.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("archive-lang=en", cookie);

        var request = new HttpRequestMessage(HttpMethod.Get, "/people");
        request.Headers.Add("Cookie", "archive-lang=en");
        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\" dir=\"ltr\">", html);
        Assert.Contains("<h1>People</h1>", html);
    }

    [Fact]
    public async Task LanguageEndpoint_RefusesForeignRedirect()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/language/en?returnUrl=" + Uri.EscapeDataString("//evil.example/"));

        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Export_Csv_HasEveryMatchWithCitation()
    {
        var client = app.CreateClient();
        var csv = await client.GetStringAsync("/export/articles.csv?person=vladimir-putin");

        var rows = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,title,outlet,published,datePrecision,persons,topics,url,citation", rows[0]);
        Assert.Equal(6, rows.Length); // header + the five seeds, all of which mention Putin
        Assert.Contains(rows, r => r.StartsWith(Article, StringComparison.Ordinal) && r.Contains("أرشيف الأخبار العربية، المعرّف " + Article));
    }

    [Fact]
    public async Task Export_Json_HasTotalItemsAndCitations()
    {
        var client = app.CreateClient();
        var json = await client.GetStringAsync("/export/articles.json?person=wang-yi&lang=en");

        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var items = doc.RootElement.GetProperty("items");
        Assert.Equal(doc.RootElement.GetProperty("total").GetInt32(), items.GetArrayLength());
        Assert.True(items.GetArrayLength() >= 2);
        Assert.All(items.EnumerateArray(), i => Assert.Contains("Arabic News Archive, id " + i.GetProperty("id").GetString(), i.GetProperty("citation").GetString()));
    }

    private async Task<string> GetAsync(string url)
    {
        var response = await app.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("data-id=\"002_beaccfc0902c3d0e\".*?</article>", RegexOptions.Singleline)]
    private static partial Regex CardFor();

    [GeneratedRegex("<h1[ >]")]
    private static partial Regex H1();
}
