using ArabicNewsArchive.People;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Tests.People;

/// <summary>The curated who's-who (seeds/reference/people.yaml) keeps the rules the recogniser and the linking rely on.</summary>
public class WhosWhoTests
{
    // One-word forms that are common words or given names: never a standalone alias, whoever they belong to.
    private static readonly string[] s_neverStandalone =
    [
        "سلمان", "عباس", "حمد", "تميم", "هادي", "عبدالله", "عبد الله", "الاسد", "محمد", "خليفة", "زايد", "صالح",
        "سعيد", "عون", "سلام", "روحاني", "رءيسي", "ظريف", "مبارك", "مرسي", "البشير", "الحوثي", "الحريري", "ماي",
        "ابي", "نايف", "سلطان", "فيصل", "بري",
    ];

    // The ten people of the seeds and the contract, as they were before the list grew: slug, names, aliases.
    private static readonly (string Slug, string NameAr, string NameEn, string[] Aliases)[] s_contract =
    [
        ("vladimir-putin", "فلاديمير بوتين", "Vladimir Putin", ["فلاديمير بوتين", "بوتين", "فلاديمير فلاديميروفيتش بوتين", "Vladimir Putin", "Putin"]),
        ("xi-jinping", "شي جين بينغ", "Xi Jinping", ["شي جين بينغ", "شي جين بينج", "شين جين بينغ", "شي جينبينغ", "شي", "Xi Jinping", "Xi"]),
        ("wang-yi", "وانغ يي", "Wang Yi", ["وانغ يي", "وانج يي", "وانغ", "Wang Yi", "Wang"]),
        ("sergey-lavrov", "سيرغي لافروف", "Sergey Lavrov", ["سيرغي لافروف", "سيرجي لافروف", "لافروف", "Sergey Lavrov", "Sergei Lavrov", "Lavrov"]),
        ("nikolai-patrushev", "نيكولاي باتروشيف", "Nikolai Patrushev", ["نيكولاي باتروشيف", "باتروشيف", "Nikolai Patrushev", "Nikolay Patrushev", "Patrushev"]),
        ("dmitry-peskov", "دميتري بيسكوف", "Dmitry Peskov", ["دميتري بيسكوف", "ديمتري بيسكوف", "بيسكوف", "Dmitry Peskov", "Dmitri Peskov", "Peskov"]),
        ("yuri-ushakov", "يوري أوشاكوف", "Yuri Ushakov", ["يوري أوشاكوف", "أوشاكوف", "Yuri Ushakov", "Yury Ushakov", "Ushakov"]),
        ("zhao-lijian", "تشاو ليجيان", "Zhao Lijian", ["تشاو ليجيان", "جاو ليجيان", "Zhao Lijian"]),
        ("yang-jiechi", "يانغ جيتشي", "Yang Jiechi", ["يانغ جيتشي", "يانج جيتشي", "Yang Jiechi"]),
        ("andrey-denisov", "أندريه دينيسوف", "Andrey Denisov", ["أندريه دينيسوف", "أندري دينيسوف", "دينيسوف", "Andrey Denisov", "Andrei Denisov", "Denisov"]),
    ];

    private static readonly IReadOnlyList<Person> s_people = PeopleTestData.LoadPeople();

    [Fact]
    public void WhosWho_HoldsAtLeast250People()
    {
        Assert.True(s_people.Count >= 250, $"{s_people.Count} people");
    }

    [Fact]
    public void WhosWho_KeepsTheTenContractPeopleUnchanged()
    {
        foreach (var (slug, nameAr, nameEn, aliases) in s_contract)
        {
            var person = s_people.Single(p => p.Slug == slug);
            Assert.Equal(nameAr, person.NameAr);
            Assert.Equal(nameEn, person.NameEn);
            Assert.Equal(aliases.Order(StringComparer.Ordinal), person.Aliases.Select(a => a.Text).Order(StringComparer.Ordinal));
            Assert.Empty(person.ShortForms);
        }
    }

    [Fact]
    public void WhosWho_SlugsAreUniqueKebabCase()
    {
        Assert.Equal(s_people.Count, s_people.Select(p => p.Slug).Distinct(StringComparer.Ordinal).Count());
        Assert.All(s_people, p => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", p.Slug));
    }

    [Fact]
    public void WhosWho_NoSpellingBelongsToTwoPeople()
    {
        var clashes = s_people
            .SelectMany(p => p.Aliases.Select(a => a.Text).Append(p.NameAr).Append(p.NameEn)
                .Select(t => (Key: ArabicNormalizer.Normalize(t), p.Slug)))
            .Distinct()
            .GroupBy(x => x.Key)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Slug))}")
            .ToList();
        Assert.Empty(clashes);
    }

    [Fact]
    public void WhosWho_KeepsHomonymsApart()
    {
        var mentions = PeopleTestData.Recognizer.FindMentions(
            "استقبل محمد بن سلمان بن عبد العزيز محمد بن زايد آل نهيان ثم محمد بن راشد آل مكتوم، وهنأ عبد الله الثاني بن الحسين.");
        Assert.Equal(
            ["mohammed-bin-salman", "mohamed-bin-zayed", "mohammed-bin-rashid", "abdullah-ii"],
            mentions.Select(m => m.PersonSlug));
    }

    [Fact]
    public void WhosWho_NoStandaloneAliasIsACommonGivenName()
    {
        var givenNames = new HashSet<string>(s_neverStandalone.Select(ArabicNormalizer.Normalize), StringComparer.Ordinal);
        var namesDir = Path.Combine(PeopleTestData.Root, "..", "shared", "corpora", "names");
        foreach (var file in Directory.Exists(namesDir) ? Directory.GetFiles(namesDir, "arabic-given-names-*.txt") : [])
        {
            givenNames.UnionWith(File.ReadLines(file).Select(l => ArabicNormalizer.Normalize(l.Trim())).Where(l => l.Length > 0));
        }

        var offenders = s_people
            .SelectMany(p => p.Aliases.Where(a => a.Origin == "curated").Select(a => (p.Slug, a.Normalized)))
            .Where(x => !x.Normalized.Contains(' ', StringComparison.Ordinal) && givenNames.Contains(x.Normalized))
            .Select(x => $"{x.Slug}: {x.Normalized}")
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void WhosWho_ShortFormsAreAliasesOfOriginShort()
    {
        var salman = s_people.Single(p => p.Slug == "salman-bin-abdulaziz");
        Assert.Contains("سلمان", salman.ShortForms);
        Assert.Equal("short", salman.Aliases.Single(a => a.Text == "سلمان").Origin);
        Assert.All(s_people, p => Assert.All(p.ShortForms, f => Assert.Equal("short", p.Aliases.Single(a => a.Text == f).Origin)));
    }

    [Fact]
    public void WhosWho_NoTwoPeopleHoldTheSameTitleOnTheSameDay()
    {
        var held = s_people
            .SelectMany(p => p.Titles.Select(t =>
                (Title: ArabicNormalizer.Normalize(t.Ar), p.Slug, From: t.From ?? DateOnly.MinValue, To: t.To ?? DateOnly.MaxValue)))
            .ToList();
        var overlaps = new List<string>();
        foreach (var a in held)
        {
            foreach (var b in held)
            {
                if (a.Title == b.Title && string.CompareOrdinal(a.Slug, b.Slug) < 0 && a.From < b.To && b.From < a.To)
                {
                    overlaps.Add($"{a.Title}: {a.Slug} {a.From}–{a.To} and {b.Slug} {b.From}–{b.To}");
                }
            }
        }

        Assert.Empty(overlaps);
        Assert.All(s_people.SelectMany(p => p.Titles), t => Assert.True(t.From is null || t.To is null || t.From < t.To, t.Ar));
    }

    [Theory]
    [InlineData("خادم الحرمين الشريفين", "2014-06-01", "abdullah-bin-abdulaziz")]
    [InlineData("خادم الحرمين الشريفين", "2015-01-23", "salman-bin-abdulaziz")]
    [InlineData("ولي العهد السعودي", "2016-01-01", "mohammed-bin-nayef")]
    [InlineData("ولي العهد السعودي", "2017-06-21", "mohammed-bin-salman")]
    [InlineData("الرئيس الروسي", "2010-01-01", "dmitry-medvedev")]
    [InlineData("الرئيس الروسي", "2012-05-07", "vladimir-putin")]
    [InlineData("الرئيس الأمريكي", "2019-01-01", "donald-trump")]
    [InlineData("الرئيس الأميركي", "2022-01-01", "joe-biden")]
    [InlineData("الرئيس الامريكي", "2025-06-01", "donald-trump")]
    [InlineData("الأمين العام للأمم المتحدة", "2016-12-31", "ban-ki-moon")]
    [InlineData("الأمين العام للأمم المتحدة", "2017-01-01", "antonio-guterres")]
    public void WhosWho_TitleNamesItsHolderOnADay(string title, string day, string slug)
    {
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var key = ArabicNormalizer.Normalize(title);
        var holders = s_people
            .Where(p => p.Titles.Any(t => ArabicNormalizer.Normalize(t.Ar) == key && t.HeldOn(date)))
            .Select(p => p.Slug);
        Assert.Equal([slug], holders);
    }

    [Fact]
    public void WhosWho_EveryPersonHasACountryAndAWikipediaSource()
    {
        Assert.All(s_people, p =>
        {
            Assert.Matches("^[a-z]{2}$|^[a-z]+(-[a-z]+)*$", p.Country);
            Assert.NotEmpty(p.Sources);
            Assert.All(p.Sources, s => Assert.Matches(@"^https://(en|ar)\.wikipedia\.org/wiki/\S+$", s));
        });
    }
}
