using ArabicNewsArchive.Stories;
using ArabicNewsArchive.Tests.Dates;

namespace ArabicNewsArchive.Tests.Stories;

public sealed class StoryClustererTests
{
    private const string Summit = "التقى الرئيس الروسي فلاديمير بوتين نظيره الصيني شي جين بينغ في بكين ووقعا بيانا مشتركا حول دخول العلاقات الدولية عهدا جديدا قبل افتتاح الألعاب الأولمبية الشتوية.";
    private const string Other = "ارتفعت أسعار القمح في الأسواق العالمية بسبب الجفاف وتراجع المحاصيل في أستراليا والأرجنتين هذا الموسم.";

    [Fact]
    public void Group_SameEventCloseInTime_OneStory()
    {
        var d = new DateOnly(2022, 2, 4);
        var grouping = new StoryClusterer().Group(
        [
            new StoryArticle("a", Summit, d, d, ["vladimir-putin", "xi-jinping"]),
            new StoryArticle("b", Summit + " وأكد الجانبان التزامهما بالتعاون.", d.AddDays(1), d.AddDays(1), ["vladimir-putin", "xi-jinping"]),
            new StoryArticle("c", Other, d, d, []),
        ]);
        var story = Assert.Single(grouping.Groups);
        Assert.Equal(["a", "b"], story.ArticleIds);
        Assert.Contains(grouping.Relations, r => r.ArticleId == "b" && r.RelatedId == "a" && r.SameStory);
    }

    [Fact]
    public void Group_SameTextMonthsApart_RelatedButNotSameStory()
    {
        var d = new DateOnly(2022, 2, 4);
        var grouping = new StoryClusterer().Group(
        [
            new StoryArticle("a", Summit, d, d, ["vladimir-putin"]),
            new StoryArticle("b", Summit, d.AddDays(60), d.AddDays(60), ["vladimir-putin"]),
        ]);
        Assert.Empty(grouping.Groups);
        Assert.Contains(grouping.Relations, r => r.ArticleId == "a" && !r.SameStory);
    }

    [Fact]
    public void Group_NoChainingAcrossTime_AStorySpansAtMostMaxDaysApart()
    {
        // A~B and B~C are each five days apart; A and C, ten days apart, are two events however alike the texts.
        var d = new DateOnly(2022, 2, 1);
        string[] persons = ["vladimir-putin", "xi-jinping"];
        var grouping = new StoryClusterer().Group(
        [
            new StoryArticle("a", Summit, d, d, persons),
            new StoryArticle("b", Summit, d.AddDays(5), d.AddDays(5), persons),
            new StoryArticle("c", Summit, d.AddDays(10), d.AddDays(10), persons),
        ]);
        Assert.DoesNotContain(grouping.Groups, g => g.ArticleIds.Contains("a") && g.ArticleIds.Contains("c"));
        Assert.Single(grouping.Groups);
        Assert.False(grouping.Relations.Single(r => r.ArticleId == "a" && r.RelatedId == "c").SameStory);
    }

    private const string Quake = "ضرب زلزال بقوة ست درجات مدينة الحسيمة وانهارت منازل قديمة وأصيب عشرات السكان بجروح.";
    private const string Match = "فاز نادي الرجاء على الوداد بهدفين في ديربي الدار البيضاء وتصدر ترتيب البطولة الوطنية.";

    [Fact]
    public void Group_RoundUpOfTwoEvents_DoesNotChainThem()
    {
        // B reports both events, so A~B and B~C; A and C share no word. Undated: nothing but the text can tell.
        var grouping = new StoryClusterer().Group(
        [
            new StoryArticle("a", Quake, null, null, []),
            new StoryArticle("b", Quake + " " + Match, null, null, []),
            new StoryArticle("c", Match, null, null, []),
        ]);

        Assert.Contains(grouping.Relations, r => r.ArticleId == "a" && r.RelatedId == "b" && r.Score >= 0.25);
        Assert.Contains(grouping.Relations, r => r.ArticleId == "b" && r.RelatedId == "c" && r.Score >= 0.25);
        Assert.DoesNotContain(grouping.Groups, g => g.ArticleIds.Contains("a") && g.ArticleIds.Contains("c"));
    }

    [Fact]
    public void Group_MemberFarFromTheCentre_StaysOut_EvenWithNoFloor()
    {
        // With the pairwise floor off, only the centre rule is left: c scores high with b alone, nothing with a and
        // a2, so its mean score with the story of a, a2 and b is under the threshold although its best match is over.
        const string rescue = " وقال الدفاع المدني إن فرق الإنقاذ ما زالت تبحث تحت الأنقاض عن ناجين.";
        var grouping = new StoryClusterer { MemberFloorShare = 0 }.Group(
        [
            new StoryArticle("a", Quake + rescue, null, null, []),
            new StoryArticle("a2", Quake + rescue, null, null, []),
            new StoryArticle("b", Quake + rescue + " " + Match, null, null, []),
            new StoryArticle("c", Match, null, null, []),
        ]);

        Assert.Contains(grouping.Relations, r => r.ArticleId == "b" && r.RelatedId == "c" && r.Score >= 0.25);
        Assert.Contains(grouping.Groups, g => g.ArticleIds.Contains("a") && g.ArticleIds.Contains("b"));
        Assert.DoesNotContain(grouping.Groups, g => g.ArticleIds.Contains("c"));
    }

    [Fact]
    public void Group_YearOnlyMember_JoinsOnlyAStoryInsideItsYear_AndDoesNotWidenIt()
    {
        // The story is of 3 January 2016. A report its text dates only to 2015 cannot be of it (a week's tolerance
        // between reports does not stretch the year), one dated to 2016 can, and it leaves the story's days as they were.
        var day = new DateOnly(2016, 1, 3);
        string[] persons = ["vladimir-putin", "xi-jinping"];
        var grouping = new StoryClusterer().Group(
        [
            new StoryArticle("a", Summit, day, day, persons),
            new StoryArticle("b", Summit + " وأكد الجانبان التزامهما بالتعاون.", day, day, persons),
            new StoryArticle("y2015", Summit + " وأكد الجانبان التزامهما بالتعاون.", new(2015, 1, 1), new(2015, 12, 31), persons),
            new StoryArticle("y2016", Summit + " وأكد الجانبان التزامهما بالتعاون.", new(2016, 1, 1), new(2016, 12, 31), persons),
            new StoryArticle("late", Summit + " وأكد الجانبان التزامهما.", day.AddDays(9), day.AddDays(9), persons),
        ]);

        var story = Assert.Single(grouping.Groups);
        Assert.Equal(["a", "b", "y2016"], story.ArticleIds);
    }

    [Fact]
    public void Group_MembersFarApartInDate_AreSplit_EvenThroughAnUndatedReport()
    {
        var d = new DateOnly(2022, 2, 1);
        string[] persons = ["vladimir-putin", "xi-jinping"];
        var grouping = new StoryClusterer().Group(
        [
            new StoryArticle("a", Summit, d, d, persons),
            new StoryArticle("u", Summit, null, null, persons),
            new StoryArticle("c", Summit, d.AddDays(20), d.AddDays(20), persons),
        ]);

        Assert.DoesNotContain(grouping.Groups, g => g.ArticleIds.Contains("a") && g.ArticleIds.Contains("c"));
    }

    [Fact]
    public void Group_Seeds_TwoStories()
    {
        var seeds = SeedFiles.Seeds;
        var months = new Dictionary<string, (DateOnly, DateOnly)?>
        {
            ["000"] = (new(2022, 2, 2), new(2022, 2, 2)),
            ["001"] = (new(2022, 2, 4), new(2022, 2, 18)),
            ["002"] = (new(2022, 9, 17), new(2022, 9, 30)),
            ["003"] = (new(2023, 2, 1), new(2023, 2, 23)),
            ["004"] = null,
        };
        // Who each seed mentions (the people recogniser's job; given here so the test is about grouping).
        var people = new Dictionary<string, string[]>
        {
            ["000"] = ["yuri-ushakov", "vladimir-putin", "xi-jinping", "zhao-lijian", "sergey-lavrov", "andrey-denisov"],
            ["001"] = ["vladimir-putin", "xi-jinping", "dmitry-peskov"],
            ["002"] = ["xi-jinping", "vladimir-putin", "nikolai-patrushev", "yang-jiechi", "dmitry-peskov"],
            ["003"] = ["vladimir-putin", "wang-yi", "nikolai-patrushev", "xi-jinping", "sergey-lavrov", "dmitry-peskov"],
            ["004"] = ["vladimir-putin", "wang-yi", "sergey-lavrov", "nikolai-patrushev", "xi-jinping"],
        };
        var grouping = new StoryClusterer().Group(seeds
            .Select(kv => new StoryArticle(kv.Key, kv.Value, months[kv.Key[..3]]?.Item1, months[kv.Key[..3]]?.Item2, people[kv.Key[..3]]))
            .ToList());
        Assert.Equal(
            ["000,001", "003,004"],
            grouping.Groups.Select(g => string.Join(",", g.ArticleIds.Select(id => id[..3]))));
    }

    // An affair's background, which every report of its next development restates in its body.
    private const string Valley = " وتأتي الحملة العسكرية على الوادي الشمالي منذ ثلاثة أسابيع، وقد نزح آلاف المدنيين من قرى الوادي نحو المدن الساحلية، فيما تطالب المنظمات الإنسانية بهدنة عاجلة لإدخال المساعدات الغذائية والطبية إلى المحاصرين.";

    [Fact]
    public void Group_FollowUpsLeadingWithDifferentWeekdays_TwoStories_ReportsOfOneDay_OneStory()
    {
        // a and c report one event (two outlets, their own words) on Tuesday; b is the affair's next move, Wednesday,
        // in the same words. Undated: only the weekday each lead names tells b's news from a's. As in a large archive
        // (where the rule holds), the lead floor off.
        var grouping = new StoryClusterer { SmallArchive = 1, LargeArchive = 2, LargeArchiveThreshold = 0.25, LeadFloor = 0 }.Group(
        [
            new StoryArticle("a", "الجيش يسيطر على بلدة الحمراء\n\nسيطر الجيش يوم الثلاثاء على بلدة الحمراء في الوادي الشمالي بعد معارك عنيفة مع المسلحين." + Valley, null, null, []),
            new StoryArticle("b", "الجيش يسيطر على بلدة الزيتونة\n\nسيطر الجيش يوم الأربعاء على بلدة الزيتونة في الوادي الشمالي بعد معارك عنيفة مع المسلحين." + Valley, null, null, []),
            new StoryArticle("c", "القوات الحكومية تستعيد الحمراء\n\nاستعادت القوات الحكومية الثلاثاء بلدة الحمراء، كبرى بلدات الوادي الشمالي، إثر قتال ضار مع المسلحين." + Valley, null, null, []),
        ]);

        Assert.Contains(grouping.Relations, r => r.ArticleId == "a" && r.RelatedId == "b" && r.Score >= 0.25);
        Assert.Contains(grouping.Groups, g => g.ArticleIds.SequenceEqual(["a", "c"]));
        Assert.DoesNotContain(grouping.Groups, g => g.ArticleIds.Contains("b"));
    }

    [Fact]
    public void Group_LargeArchive_FollowUpsWithBodiesAlike_SplitByTheirLeads()
    {
        // As in a large archive (the lead floor on): a and b are two developments of one affair whose bodies restate
        // it; c reports a's event in other words but leads with the same expulsion.
        const string affair = " وتتهم لندن موسكو بتسميم العميل المزدوج السابق وابنته بغاز أعصاب في مدينة سالزبري، وهو ما تنفيه روسيا وتطالب بأدلة، فيما يتضامن الحلفاء الغربيون مع بريطانيا.";
        var clusterer = new StoryClusterer { SmallArchive = 1, LargeArchive = 2, LargeArchiveThreshold = 0.25 };
        StoryArticle[] articles =
        [
            new("a", "روسيا تطرد ثلاثة وعشرين دبلوماسيا بريطانيا\n\nقررت موسكو طرد ثلاثة وعشرين دبلوماسيا بريطانيا وإغلاق القنصلية البريطانية في سان بطرسبرغ." + affair, null, null, []),
            new("b", "بريطانيا تجمد أصول رجال أعمال مقربين من الكرملين\n\nأعلنت الحكومة البريطانية تجميد أصول مالية لرجال أعمال مقربين من الكرملين في المصارف البريطانية." + affair, null, null, []),
            new("c", "موسكو ترد بالمثل وتطرد دبلوماسيين بريطانيين\n\nردت روسيا بالمثل فقررت طرد ثلاثة وعشرين دبلوماسيا بريطانيا وإغلاق قنصلية سان بطرسبرغ." + affair, null, null, []),
            new("x1", Summit, null, null, []),
            new("x2", Other, null, null, []),
            new("x3", Quake, null, null, []),
            new("x4", Match, null, null, []),
        ];

        var grouping = clusterer.Group(articles);
        var noFloor = new StoryClusterer { SmallArchive = 1, LargeArchive = 2, LargeArchiveThreshold = 0.25, LeadFloor = 0 }.Group(articles);

        Assert.Contains(noFloor.Groups, g => g.ArticleIds.Contains("b"));
        Assert.Contains(grouping.Groups, g => g.ArticleIds.SequenceEqual(["a", "c"]));
        Assert.DoesNotContain(grouping.Groups, g => g.ArticleIds.Contains("b"));
    }

    [Fact]
    public void CountTerms_LeadIsTheTitleAndFirstSentence_WithItsNumbersAndWeekday()
    {
        var terms = StoryClusterer.CountTerms("زلزال يضرب الجزيرة\n\nضرب زلزال بقوة 7 درجات الجزيرة الجنوبية يوم الأحد وخلف دمارا واسعا في القرى. وفي اليوم التالي وصلت فرق الإغاثة الدولية.");

        Assert.Contains("^زلزال", terms.Keys);
        Assert.Contains("^7", terms.Keys);
        Assert.Contains("~0", terms.Keys);
        Assert.Contains("زلزال", terms.Keys);
        Assert.DoesNotContain(terms.Keys, t => t.StartsWith('^') && t.Contains("اغاث", StringComparison.Ordinal));
        Assert.Contains(terms.Keys, t => t.Contains("اغاث", StringComparison.Ordinal));
    }
}
