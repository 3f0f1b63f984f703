using ArabicNewsArchive.Search;

namespace ArabicNewsArchive.Tests.Search;

public sealed class SearchServiceTests(SearchFixture fixture) : IClassFixture<SearchFixture>
{
    private const string S0 = "000_222e9e8ff3339bbc";
    private const string S1 = "001_115f144be502b13d";
    private const string S2 = "002_beaccfc0902c3d0e";
    private const string S3 = "003_b3014ee5dfb3bcc9";
    private const string S4 = "004_4e31ff7a3868a69f";

    private async Task<SearchResponse> SearchAsync(string? q, Func<SearchRequest, SearchRequest>? with = null)
    {
        var request = new SearchRequest { Q = q, PageSize = 100 };
        return await fixture.Service.SearchAsync(with is null ? request : with(request));
    }

    private async Task<string[]> IdsAsync(string? q, Func<SearchRequest, SearchRequest>? with = null) =>
        (await SearchAsync(q, with)).Items.Select(i => i.Id).Order().ToArray();

    [Fact]
    public async Task Search_EmptyQuery_ListsEverythingNewestFirst()
    {
        var r = await SearchAsync(null);
        Assert.Equal(5, r.Total);
        Assert.Equal([S4, S3, S2, S1, S0], r.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Search_FoldsAlefHamza()
    {
        // Only seed 000 names أوشاكوف; typed without hamza it must still be found, and with إ/آ variants too.
        Assert.Equal([S0], await IdsAsync("اوشاكوف"));
        Assert.Equal([S0], await IdsAsync("إوشاكوف"));
    }

    [Fact]
    public async Task Search_FoldsAlefMaqsuraAndYa()
    {
        Assert.Equal(await IdsAsync("مستوى"), await IdsAsync("مستوي"));
        Assert.NotEmpty(await IdsAsync("مستوي"));
    }

    [Fact]
    public async Task Search_FoldsTaMarbutaAndHa()
    {
        var withTa = await IdsAsync("شراكة");
        Assert.Equal(withTa, await IdsAsync("شراكه"));
        Assert.Contains(S2, withTa);
        Assert.Contains(S4, withTa); // written الشراكة there: the article is found through the clitic too
    }

    [Fact]
    public async Task Search_IgnoresTashkeelAndTatweelInQuery()
    {
        var plain = await IdsAsync("باتروشيف");
        Assert.Equal([S2, S3, S4], plain);
        Assert.Equal(plain, await IdsAsync("باتْرُوشـــيف"));
    }

    [Fact]
    public async Task Search_FindsWordsWithAttachedParticlesInText()
    {
        // "الإستراتيجي" is written only with the article in seed 004; "والاستراتيجية" only with و+ال in seed 001.
        Assert.Contains(S4, await IdsAsync("إستراتيجي"));
        Assert.Contains(S1, await IdsAsync("استراتيجية"));
    }

    [Fact]
    public async Task Search_PhraseKeepsWordOrder()
    {
        Assert.Equal([S0], await IdsAsync("\"البيان المشترك\""));
        Assert.Empty(await IdsAsync("\"المشترك البيان\""));
        // Both words occur, in other places, in more articles than the phrase.
        Assert.True((await IdsAsync("البيان المشترك")).Length >= 1);
    }

    [Fact]
    public async Task Search_ExclusionRemovesArticles()
    {
        var all = await IdsAsync("بوتين");
        var without = await IdsAsync("بوتين -أوشاكوف");
        Assert.Contains(S0, all);
        Assert.DoesNotContain(S0, without);
        Assert.Equal(all.Length - 1, without.Length);
    }

    [Fact]
    public async Task Search_OnlyExclusions_ReturnsTheRest()
    {
        Assert.Equal([S1, S2, S3, S4], await IdsAsync("-أوشاكوف"));
    }

    [Fact]
    public async Task Search_PrefixMatchesWordStarts()
    {
        var ids = await IdsAsync("أولم*");
        Assert.Equal([S0, S1], ids);
        Assert.Empty(await IdsAsync("أولم"));
    }

    [Fact]
    public async Task Search_OrJoinsAlternatives()
    {
        var taiwan = await IdsAsync("تايوان");
        var olympics = await IdsAsync("أولمبياد");
        var either = await IdsAsync("تايوان OR أولمبياد");
        Assert.Equal(taiwan.Union(olympics).Order().ToArray(), either);
        Assert.True(either.Length > taiwan.Length && either.Length > olympics.Length);
    }

    [Theory]
    [InlineData("Putin")]
    [InlineData("putin")]
    [InlineData("Vladimir Putin")]
    [InlineData("بوتين")]
    public async Task Search_PersonNameFindsEveryMention(string q)
    {
        Assert.Equal([S0, S1, S2, S3, S4], await IdsAsync(q));
    }

    [Fact]
    public async Task Search_LatinNameFindsArabicMentions()
    {
        Assert.Equal([S0, S3, S4], await IdsAsync("Lavrov"));
        Assert.Equal([S3, S4], await IdsAsync("Wang Yi"));
    }

    [Fact]
    public async Task Search_JeemSpellingFindsGhainSpelling()
    {
        // Seed 000 writes only شي جين بينغ; the query uses ج.
        Assert.DoesNotContain("بينج", System.IO.File.ReadAllText(Path.Combine(SearchFixture.SeedsDirectory(), S0 + ".txt")));
        Assert.Contains(S0, await IdsAsync("شي جين بينج"));
        Assert.Equal(await IdsAsync("شي جين بينغ"), await IdsAsync("شي جين بينج"));
        // سيرجي (ج, seed 003) and سيرغي (غ, seeds 000 and 004) are the same person.
        Assert.Equal([S0, S3, S4], await IdsAsync("سيرجي لافروف"));
    }

    [Fact]
    public async Task Filter_Person()
    {
        Assert.Equal([S2, S3, S4], await IdsAsync(null, r => r with { Persons = ["nikolai-patrushev"] }));
    }

    [Fact]
    public async Task Filter_PersonsAreAnded()
    {
        var both = await IdsAsync(null, r => r with { Persons = ["nikolai-patrushev", "sergey-lavrov"] });
        Assert.Equal([S3, S4], both);
    }

    [Fact]
    public async Task Filter_UnknownPerson_IsEmpty()
    {
        Assert.Empty(await IdsAsync(null, r => r with { Persons = ["nobody"] }));
    }

    [Fact]
    public async Task Filter_Topic()
    {
        Assert.Equal([S0, S1], await IdsAsync(null, r => r with { Topics = ["winter-olympics"] }));
        Assert.Equal([S2, S3], await IdsAsync(null, r => r with { Topics = ["ukraine-war"] }));
        Assert.Empty(await IdsAsync(null, r => r with { Topics = ["winter-olympics", "ukraine-war"] }));
    }

    [Fact]
    public async Task Filter_Outlet()
    {
        Assert.Equal([S2], await IdsAsync(null, r => r with { Outlet = "asharq" }));
    }

    [Fact]
    public async Task Filter_Combined()
    {
        var ids = await IdsAsync("روسيا", r => r with
        {
            Persons = ["vladimir-putin", "nikolai-patrushev"],
            Topics = ["visits-summits"],
            From = new DateOnly(2023, 1, 1),
            To = new DateOnly(2023, 12, 31),
        });
        Assert.Equal([S3, S4], ids);
        Assert.Equal([S4], await IdsAsync("روسيا", r => r with { Persons = ["nikolai-patrushev"], Outlet = "almayadeen", From = new DateOnly(2023, 2, 22) }));
    }

    [Fact]
    public async Task Filter_DateRangeIsInclusive()
    {
        Assert.Equal([S1], await IdsAsync(null, r => r with { From = new DateOnly(2022, 2, 4), To = new DateOnly(2022, 2, 4) }));
        Assert.Equal([S0, S1], await IdsAsync(null, r => r with { To = new DateOnly(2022, 2, 4) }));
        Assert.Equal([S1, S2, S3, S4], await IdsAsync(null, r => r with { From = new DateOnly(2022, 2, 3) }));
    }

    [Fact]
    public async Task Filter_IntervalOverlapsRangeEdges()
    {
        // Seed 002 is known to 17-26 September 2022 only: any range touching those days includes it.
        Assert.Equal([S2], await IdsAsync(null, r => r with { From = new DateOnly(2022, 9, 26), To = new DateOnly(2022, 10, 15) }));
        Assert.Equal([S2], await IdsAsync(null, r => r with { From = new DateOnly(2022, 8, 1), To = new DateOnly(2022, 9, 17) }));
        Assert.Empty(await IdsAsync(null, r => r with { From = new DateOnly(2022, 9, 27), To = new DateOnly(2022, 12, 31) }));
        Assert.Empty(await IdsAsync(null, r => r with { From = new DateOnly(2022, 8, 1), To = new DateOnly(2022, 9, 16) }));
    }

    [Fact]
    public async Task Facets_CountTheCurrentResult()
    {
        var r = await SearchAsync("باتروشيف");
        Assert.Equal(3, r.Total);
        Assert.Equal(3, r.Facets.Persons.Single(p => p.Slug == "nikolai-patrushev").Count);
        Assert.Equal(2, r.Facets.Persons.Single(p => p.Slug == "sergey-lavrov").Count);
        Assert.Equal(["2022-09", "2023-02"], r.Facets.Months.Select(m => m.Month));
        Assert.Equal([1, 2], r.Facets.Months.Select(m => m.Count));
        Assert.Equal(r.Items.Sum(i => i.Topics.Count), r.Facets.Topics.Sum(t => t.Count));
        Assert.All(r.Facets.Persons, f => Assert.False(string.IsNullOrEmpty(f.NameAr)));
    }

    [Fact]
    public async Task Facets_OutletAndMonthIgnoreTheirOwnSelection()
    {
        var r = await SearchAsync(null, x => x with { Outlet = "asharq" });
        Assert.Equal(1, r.Total);
        Assert.Equal(["almayadeen", "alwaght", "asharq"], r.Facets.Outlets.Select(o => o.Slug).Order());
        Assert.Equal(1, r.Facets.Months.Single().Count); // months still respect the outlet

        var dated = await SearchAsync(null, x => x with { From = new DateOnly(2023, 1, 1) });
        Assert.Equal(2, dated.Total);
        Assert.Equal(3, dated.Facets.Months.Count); // months ignore the date range
        Assert.Single(dated.Facets.Outlets); // outlets respect it: only al-Mayadeen in 2023
    }

    [Fact]
    public async Task Sort_DateIsNewestFirst_RelevancePutsTitleHitsFirst()
    {
        var byDate = await SearchAsync("بوتين", r => r with { Sort = "date" });
        Assert.Equal([S4, S3, S2, S1, S0], byDate.Items.Select(i => i.Id));
        var byRelevance = await SearchAsync("العلاقات الصين");
        Assert.Equal(S4, byRelevance.Items[0].Id); // "العلاقات بين روسيا والصين" is seed 004's headline
        var relevanceIds = (await SearchAsync("بوتين")).Items.Select(i => i.Id).ToList();
        Assert.NotEqual(byDate.Items.Select(i => i.Id).ToList(), relevanceIds.Count == 5 ? relevanceIds : []);
    }

    [Fact]
    public async Task Paging_SplitsTheResult()
    {
        var p1 = await fixture.Service.SearchAsync(new SearchRequest { PageSize = 2, Page = 1 });
        var p3 = await fixture.Service.SearchAsync(new SearchRequest { PageSize = 2, Page = 3 });
        var p9 = await fixture.Service.SearchAsync(new SearchRequest { PageSize = 2, Page = 9 });
        Assert.Equal(5, p1.Total);
        Assert.Equal([S4, S3], p1.Items.Select(i => i.Id));
        Assert.Equal([S0], p3.Items.Select(i => i.Id));
        Assert.Empty(p9.Items);
        Assert.Equal(100, (await fixture.Service.SearchAsync(new SearchRequest { PageSize = 5000 })).PageSize);
    }

    [Fact]
    public async Task Snippet_HighlightsOriginalSpelling()
    {
        var r = await SearchAsync("اوشاكوف");
        var snippet = r.Items.Single().Snippet;
        // The hamza as written, not the folded query; the name also matched Ushakov's mention, marked whole.
        Assert.Contains("أوشاكوف</mark>", snippet);
        Assert.DoesNotContain("اوشاكوف", snippet);
    }

    [Fact]
    public async Task Snippet_KeepsHarakatAndParticles()
    {
        var r = await SearchAsync("بناء", x => x with { Persons = ["nikolai-patrushev"] });
        Assert.Contains(r.Items, i => i.Snippet.Contains("<mark>بنَّاء</mark>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Snippet_LatinNameMarksArabicMention()
    {
        var r = await SearchAsync("Nikolai Patrushev", x => x with { Outlet = "asharq" });
        Assert.Contains("<mark>نيكولاي باتروشيف</mark>", r.Items.Single().Snippet);
    }

    [Fact]
    public async Task Snippet_WithoutQueryStartsWithBodyNotDateline()
    {
        // Seed 002 opens with the dateline "دبي- الشرق" before its first body paragraph.
        var r = await SearchAsync(null);
        var snippet = r.Items.Single(i => i.Id == SearchFixture.Seed(2)).Snippet;
        Assert.StartsWith("اتفقت روسيا والصين على زيادة التعاون العسكري", snippet);
        Assert.DoesNotContain("دبي", snippet);
        Assert.DoesNotContain("<mark>", snippet);
    }

    [Fact]
    public async Task Snippet_ArticleDetailLeadSkipsDateline()
    {
        var detail = await fixture.Service.GetArticleAsync(SearchFixture.Seed(2));
        Assert.NotNull(detail);
        Assert.StartsWith("اتفقت روسيا والصين", detail.Snippet);
    }

    [Fact]
    public async Task Snippet_EscapesHtml()
    {
        // Seed 001 has a stray "بكين>" in its text.
        var r = await SearchAsync("\"افتتاح دورة الألعاب الأولمبية في بكين\"");
        var s = r.Items.Single().Snippet;
        Assert.Contains("&gt;", s);
        Assert.DoesNotContain("بكين>", s);
        Assert.Equal(s.Split("<mark>").Length, s.Split("</mark>").Length);
        Assert.DoesNotContain("<", s.Replace("<mark>", "").Replace("</mark>", ""));
    }

    [Fact]
    public async Task Export_ReturnsAllMatches()
    {
        var all = await fixture.Service.ExportAsync(new SearchRequest { Q = "بوتين", PageSize = 1 });
        Assert.Equal(5, all.Count);
    }

    [Fact]
    public async Task Article_DetailCarriesSourceAndMentions()
    {
        var a = await fixture.Service.GetArticleAsync(S0);
        Assert.NotNull(a);
        Assert.Equal("alwaght", a.Outlet?.Slug);
        Assert.Contains("yuri-ushakov", a.Persons);
        Assert.All(a.Mentions, m => Assert.Equal(m.Text, a.SourceText[m.Start..m.End]));
        Assert.Null(await fixture.Service.GetArticleAsync("nope"));
    }

    [Fact]
    public async Task People_CountArticlesAndCoMentions()
    {
        var people = await fixture.Service.GetPeopleAsync();
        Assert.Equal(5, people.Single(p => p.Slug == "vladimir-putin").ArticleCount);
        var patrushev = await fixture.Service.GetPersonAsync("nikolai-patrushev");
        Assert.NotNull(patrushev);
        Assert.Equal([S4, S3, S2], patrushev.Articles.Select(a => a.Id));
        Assert.Equal(3, patrushev.CoMentioned.Single(c => c.Slug == "vladimir-putin").Count);
        Assert.Null(await fixture.Service.GetPersonAsync("nobody"));
    }

    [Fact]
    public async Task Topics_CountArticles()
    {
        var topics = await fixture.Service.GetTopicsAsync();
        Assert.Equal(10, topics.Count(t => t.Kind == "dossier"));
        Assert.Equal(17, topics.Count(t => t.Kind == "iptc"));
        Assert.Equal(2, topics.Single(t => t.Slug == "winter-olympics").ArticleCount);
        var sport = topics.Single(t => t.Slug == "sport");
        Assert.Equal(("medtop:15000000", "رياضة", null), (sport.Iptc, sport.NameAr, sport.Parent));
        Assert.Equal("sport", topics.Single(t => t.Slug == "winter-olympics").Parent);
    }

    [Fact]
    public async Task Article_RelatedListsItsStoryPartnerFirst()
    {
        // 003 and 004 report one visit (Wang Yi in Moscow); the other seeds are merely similar, if at all.
        Assert.Equal(S4, (await fixture.Service.GetArticleAsync(S3))!.Related[0]);
        Assert.Equal(S3, (await fixture.Service.GetArticleAsync(S4))!.Related[0]);
        Assert.Equal(S1, (await fixture.Service.GetArticleAsync(S0))!.Related[0]);
    }

    [Fact]
    public async Task Article_RelatedIsOnlyTheSameStory_SimilarComesApart()
    {
        // 002 (September 2022) shares words and people with the February stories but reports another event.
        var s3 = (await fixture.Service.GetArticleAsync(S3))!;
        Assert.Equal([S4], s3.Related);
        Assert.DoesNotContain(S4, s3.Similar);
        Assert.Empty((await fixture.Service.GetArticleAsync(S2))!.Related);
    }
}
