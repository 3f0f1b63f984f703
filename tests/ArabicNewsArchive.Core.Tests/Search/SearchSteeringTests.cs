using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Tests.Ingestion;

namespace ArabicNewsArchive.Tests.Search;

/// <summary>
/// Search a journalist can steer (issue 29): exact forms beside stems, =word, "a b"~N, title:/person:/outlet:, the
/// query read back, a query of junk alone. Made-up articles, so they always run.
/// </summary>
public sealed class SearchSteeringTests(SearchSteeringTests.Store store) : IClassFixture<SearchSteeringTests.Store>
{
    /// <summary>A dozen short articles, each built to hold (or not) one form, one pair of words, one title.</summary>
    public sealed class Store : IDisposable
    {
        public static readonly (string Id, string Title, string Outlet, string Body)[] Articles =
        [
            // سلمان as written, once, in a long text.
            ("salman", "زيارة رسمية", "asharq",
                "استقبل الملك سلمان الوفد الزائر في الرياض وبحث معه مسائل كثيرة تتعلق بالتعاون بين البلدين في مجالات عدة منها الاقتصاد والتعليم والصحة والنقل."),
            // Only words of the stem سلم: السلم, والسلم, سلم.
            ("peace", "دعوة إلى الحوار", "asharq",
                "دعا المجلس إلى السلم والأمن. وأكد أن السلم الأهلي أولوية، والسلم ضرورة، وأن السلم يبدأ بالحوار."),
            ("handed", "رسالة", "aljazeera", "سلم الوزير الرسالة إلى السفير في مكتبه."),
            // The plural (stem كتاب) and only the singular.
            ("writings", "معرض", "aljazeera", "عرضت المكتبة الكتابات القديمة للمؤرخين في قاعة واسعة من قاعات المبنى الجديد."),
            ("book", "مكتبة", "asharq", "صدر الكتاب. وقرأ الطلاب الكتاب، ثم ناقشوا الكتاب مع مؤلف الكتاب."),
            // Two words close together, and the same two words far apart.
            ("near", "اتفاق", "asharq", "وقع الجانبان اتفاق الغاز عبر الأنبوب الجديد."),
            ("far", "اتفاق آخر", "asharq",
                "تحدث الوزير عن الغاز ثم انتقل إلى موضوعات أخرى كثيرة منها التعليم والصحة والنقل والزراعة قبل أن يذكر الأنبوب."),
            // A word in the title only, and the same word in the body only.
            ("title-word", "قمة الطاقة في المدينة", "aljazeera", "اجتمع المسؤولون لبحث الأسعار."),
            ("body-word", "لقاء المسؤولين", "aljazeera", "انعقدت قمة المسؤولين لبحث الأسعار."),
            // A person (a curated one) and a place.
            ("putin", "تصريحات", "asharq", "قال الرئيس الروسي فلاديمير بوتين إن روسيا مستعدة للحوار."),
            ("xi", "بوتين وشي جين", "aljazeera", "التقى الرئيس الصيني شي جين بينغ نظيره في بكين."),
        ];

        public Store()
        {
            foreach (var (id, title, outlet, body) in Articles)
            {
                Test.Write($"{id}.md", $"---\nid: {id}\ntitle: \"{title}\"\noutlet: {outlet}\npublished: 2023-03-01\n---\n\n{body}\n");
            }

            var run = Test.Service().IngestAsync([Path.Combine(Test.Folder, "in")]).GetAwaiter().GetResult();
            if (run.Files.Count(f => f.Outcome == IngestOutcome.Imported) != Articles.Length)
            {
                throw new InvalidOperationException("not all imported: " + string.Join("; ", run.Files.Select(f => $"{f.Path} {f.Outcome} {f.Detail}")));
            }

            Service = new SearchService(Test.Contexts);
        }

        public TestStore Test { get; } = new();

        public SearchService Service { get; }

        public void Dispose() => Test.Dispose();
    }

    private async Task<List<string>> IdsAsync(string q)
    {
        var r = await store.Service.SearchAsync(new SearchRequest { Q = q, PageSize = 100 });
        return [.. r.Items.Select(i => i.Id)];
    }

    [Fact]
    public async Task PlainWord_RanksTheTypedFormAboveItsStemOnly()
    {
        // الكتابات (stem كتاب) still finds the article of الكتاب, but below the one that holds the form typed, although
        // that one says الكتاب four times in a short text.
        var ids = await IdsAsync("الكتابات");
        Assert.Equal(["writings", "book"], ids);
        Assert.Equal(["book", "writings"], await IdsAsync("الكتاب"));
    }

    [Fact]
    public async Task Salman_RanksArticlesHoldingSalmanAboveThoseHoldingOnlySalm()
    {
        var ids = await IdsAsync("سلمان");
        Assert.Equal("salman", ids[0]);
        // سلمان is also a person's short form (King Salman), so it searches the person and the form as typed, never
        // the stem: the articles of السلم and سلم are not found at all.
        Assert.DoesNotContain("peace", ids);
        Assert.DoesNotContain("handed", ids);
    }

    [Fact]
    public async Task OneWordName_NamesOnlyPeopleOfThatSpelling()
    {
        // One typed word is matched on its key with long vowels kept: سلمان names King Salman, never سليمان (Omar
        // Suleiman, Michel Suleiman) or سليماني (Qasem Soleimani), whose loose keys are the same.
        var r = await store.Service.SearchAsync(new SearchRequest { Q = "سلمان" });
        var people = r.Query.People.Select(p => p.Slug).ToList();
        Assert.Contains("salman-bin-abdulaziz", people);
        Assert.DoesNotContain("omar-suleiman", people);
        Assert.DoesNotContain("michel-suleiman", people);
        Assert.DoesNotContain("qasem-soleimani", people);
    }

    [Fact]
    public async Task QuotedWord_ExcludesArticlesWithOnlyTheStem()
    {
        Assert.Equal(["writings"], await IdsAsync("\"الكتابات\""));
        Assert.Equal(["salman"], await IdsAsync("\"سلمان\""));
        // Particles are still split off and letters folded: "والكتابات" is the same form.
        Assert.Equal(["writings"], await IdsAsync("\"والكتابات\""));
    }

    [Fact]
    public async Task EqualsWord_MatchesTheExactFormOnly()
    {
        // سلم as a stem is in all three; as a form it is in السلم/والسلم/سلم, not in سلمان.
        Assert.Contains("salman", await IdsAsync("سلم"));
        var exact = await IdsAsync("=سلم");
        Assert.Equal(["handed", "peace"], exact.Order(StringComparer.Ordinal));
        Assert.Equal(["book"], await IdsAsync("=كتاب"));
    }

    [Fact]
    public async Task Proximity_FindsWordsWithinNAndNotBeyond()
    {
        Assert.Equal(["near"], await IdsAsync("\"الغاز الأنبوب\"~1"));
        // Any order.
        Assert.Equal(["near"], await IdsAsync("\"الأنبوب الغاز\"~2"));
        // "far" has 14 words between them.
        Assert.Equal(["far", "near"], (await IdsAsync("\"الغاز الأنبوب\"~14")).Order(StringComparer.Ordinal));
        Assert.Equal(["near"], await IdsAsync("\"الغاز الأنبوب\"~13"));
        // A plain phrase needs them adjacent: neither.
        Assert.Empty(await IdsAsync("\"الغاز الأنبوب\""));
    }

    [Fact]
    public async Task TitleField_MatchesTheTitleOnly()
    {
        Assert.Equal(["body-word", "title-word"], (await IdsAsync("قمة")).Order(StringComparer.Ordinal));
        Assert.Equal(["title-word"], await IdsAsync("title:قمة"));
        Assert.Equal(["title-word"], await IdsAsync("title:\"قمة الطاقة\""));
        Assert.Empty(await IdsAsync("title:\"قمة المسؤولين\""));
    }

    [Fact]
    public async Task PersonAndOutletFields_ActAsTheFilters()
    {
        Assert.Equal(["putin"], await IdsAsync("person:vladimir-putin"));
        Assert.Equal(["putin"], await IdsAsync("الحوار person:vladimir-putin"));
        var viaFilter = await store.Service.SearchAsync(new SearchRequest { Q = "الأسعار", Outlet = "aljazeera" });
        var viaField = await store.Service.SearchAsync(new SearchRequest { Q = "الأسعار outlet:aljazeera" });
        Assert.Equal(viaFilter.Items.Select(i => i.Id), viaField.Items.Select(i => i.Id));
        Assert.Equal(2, viaField.Total);
        Assert.Empty(await IdsAsync("الأسعار outlet:asharq"));
        // Two outlets at once: nothing (an article has one).
        Assert.Empty(await IdsAsync("الأسعار outlet:asharq outlet:aljazeera"));
        Assert.Empty(await IdsAsync("person:no-such-person"));
    }

    [Fact]
    public async Task MixedQuery_IsReadBack()
    {
        var r = await store.Service.SearchAsync(new SearchRequest { Q = "title:بوتين \"شي جين\" -روسيا ((( person:xi-jinping" });
        Assert.Equal(["title:بوتين"], r.Query.Terms);
        Assert.Equal(["شي جين"], r.Query.Exact);
        Assert.Contains(r.Query.People, p => p.Slug == "xi-jinping" && p.NameEn == "Xi Jinping");
        Assert.Equal(["(((",], r.Query.Ignored);
        Assert.Equal(["روسيا"], r.Query.Excluded);
        Assert.Null(r.Message);
        Assert.Equal(["xi"], r.Items.Select(i => i.Id));
    }

    [Theory]
    [InlineData("(((\"-*")]
    [InlineData("-")]
    [InlineData("OR")]
    [InlineData("AND NOT")]
    [InlineData("* ^ ( )")]
    public async Task JunkOnly_AnswersNothingWithAMessage(string q)
    {
        var r = await store.Service.SearchAsync(new SearchRequest { Q = q });
        Assert.Equal(0, r.Total);
        Assert.Empty(r.Items);
        Assert.Equal(SearchService.JunkMessage, r.Message);
        Assert.NotEmpty(r.Query.Ignored);
        // Without a query at all the archive is listed, as before.
        Assert.Equal(Store.Articles.Length, (await store.Service.SearchAsync(new SearchRequest())).Total);
    }

    [Fact]
    public async Task Snippet_MarksOnlyWhatMatched()
    {
        var r = await store.Service.SearchAsync(new SearchRequest { Q = "الكتابات", PageSize = 100 });
        var writings = r.Items.Single(i => i.Id == "writings").Snippet;
        Assert.Contains("<mark>الكتابات</mark>", writings, StringComparison.Ordinal);
        // The article that only has the stem is found through it, and marked through it.
        Assert.Contains("<mark>الكتاب</mark>", r.Items.Single(i => i.Id == "book").Snippet, StringComparison.Ordinal);

        // A quoted form never marks a word of the same stem only; سلمان never marks السلم.
        var salm = await store.Service.SearchAsync(new SearchRequest { Q = "\"سلم\"", PageSize = 100 });
        var peace = salm.Items.Single(i => i.Id == "peace").Snippet;
        Assert.Contains("<mark>السلم</mark>", peace, StringComparison.Ordinal);
        var salman = await store.Service.SearchAsync(new SearchRequest { Q = "سلمان الرياض", PageSize = 100 });
        Assert.All(salman.Items, i => Assert.DoesNotContain("<mark>السلم", i.Snippet, StringComparison.Ordinal));
        Assert.Contains("<mark>سلمان</mark>", salman.Items.Single(i => i.Id == "salman").Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void Snippet_PlainWordMarksItsExactFormWhereTheArticleHasIt()
    {
        // One text holding both الكتابات and الكتاب: only the form typed is marked.
        const string text = "قرأ الكتاب ثم الكتابات القديمة";
        var snippet = SnippetBuilder.Build(text, [(0, text.Length)], QueryParser.Parse("الكتابات"), []);
        Assert.Contains("<mark>الكتابات</mark>", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<mark>الكتاب</mark>", snippet, StringComparison.Ordinal);

        // The case: والسلم is never marked for سلمان, plain or quoted.
        const string salman = "دعا الملك سلمان إلى السلم والسلم في المنطقة";
        foreach (var q in new[] { "سلمان", "\"سلمان\"" })
        {
            var marked = SnippetBuilder.Build(salman, [(0, salman.Length)], QueryParser.Parse(q), []);
            Assert.Contains("<mark>سلمان</mark>", marked, StringComparison.Ordinal);
            Assert.DoesNotContain("<mark>السلم", marked, StringComparison.Ordinal);
            Assert.DoesNotContain("<mark>والسلم", marked, StringComparison.Ordinal);
        }
    }
}
