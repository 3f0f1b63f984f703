using ArabicNewsArchive.People;

namespace ArabicNewsArchive.Tests.People;

public class PeopleCatalogTests
{
    [Fact]
    public void Load_ReadsTheTenContractPeopleFirst()
    {
        var people = PeopleTestData.LoadPeople();
        Assert.Equal(
            ["vladimir-putin", "xi-jinping", "wang-yi", "sergey-lavrov", "nikolai-patrushev", "dmitry-peskov",
                "yuri-ushakov", "zhao-lijian", "yang-jiechi", "andrey-denisov"],
            people.Take(10).Select(p => p.Slug));
        var xi = people.Single(p => p.Slug == "xi-jinping");
        Assert.Equal("شي جين بينغ", xi.NameAr);
        Assert.Equal("Xi Jinping", xi.NameEn);
        Assert.Equal("President of China", xi.Role);
        Assert.All(people, p => Assert.Equal(PersonStatus.Curated, p.Status));
    }

    [Fact]
    public void Load_FillsNormalizedAndPhoneticKeys()
    {
        var people = PeopleTestData.LoadPeople();
        var ushakov = people.Single(p => p.Slug == "yuri-ushakov").Aliases.Single(a => a.Text == "يوري أوشاكوف");
        Assert.Equal("يوري اوشاكوف", ushakov.Normalized);
        Assert.Equal("ير اشGف", ushakov.PhoneticKey);
        Assert.Equal("curated", ushakov.Origin);
        var latin = people.Single(p => p.Slug == "vladimir-putin").Aliases.Single(a => a.Text == "Putin");
        Assert.Equal("latin", latin.Origin);
        Assert.All(people.SelectMany(p => p.Aliases), a => Assert.NotEqual("", a.PhoneticKey));
    }

    [Fact]
    public void NameKey_FoldsTransliterationSwaps()
    {
        // g as غ/ج/ق/ك, long vowels written or not, a final ه, hamza.
        Assert.Equal(NameKey.Of("بينغ"), NameKey.Of("بينج"));
        Assert.Equal(NameKey.Of("بينغ"), NameKey.Of("بنق"));
        Assert.Equal(NameKey.Of("بوتين"), NameKey.Of("بوتن"));
        Assert.Equal(NameKey.Of("اندريه"), NameKey.Of("اندري"));
        Assert.Equal(NameKey.Of("لافروف"), NameKey.Of("لافروڤ"));
        Assert.Equal(NameKey.Of("sergey"), NameKey.Of("sergei"));
        Assert.NotEqual(NameKey.Of("بوتين"), NameKey.Of("بيسكوف"));
    }

    [Fact]
    public void ToSlug_TransliteratesArabicNames()
    {
        Assert.Equal("hakan-fidan", ArabicTransliterator.ToSlug("هاكان فيدان"));
        Assert.Equal("antuni-blinkn", ArabicTransliterator.ToSlug("أنتوني بلينكن"));
    }

    [Fact]
    public void Parse_ReadsCountryShortFormsTitlesAndSources()
    {
        const string yaml = """
            people:
              - slug: someone
                nameAr: عبد ربه منصور هادي
                nameEn: Abdrabbuh Mansur Hadi
                country: YE
                aliases: [عبدربه منصور هادي]
                shortForms: [هادي]
                titles:
                  - { ar: الرئيس اليمني, from: 2012-02-25, to: 2022-04-07 }
                  - { ar: رئيس سابق }
                sources: ["https://en.wikipedia.org/wiki/Abdrabbuh_Mansur_Hadi"]
            """;
        var person = PeopleCatalog.Parse(yaml).Single();
        Assert.Equal("ye", person.Country);
        Assert.Equal(["هادي"], person.ShortForms);
        Assert.Equal("short", person.Aliases.Single(a => a.Text == "هادي").Origin);
        Assert.Equal("curated", person.Aliases.Single(a => a.Text == "عبدربه منصور هادي").Origin);
        Assert.Equal(
            [new PersonTitle("الرئيس اليمني", new DateOnly(2012, 2, 25), new DateOnly(2022, 4, 7)), new PersonTitle("رئيس سابق", null, null)],
            person.Titles);
        Assert.True(person.Titles[0].HeldOn(new DateOnly(2022, 4, 6)));
        Assert.False(person.Titles[0].HeldOn(new DateOnly(2022, 4, 7)));
        Assert.Equal(["https://en.wikipedia.org/wiki/Abdrabbuh_Mansur_Hadi"], person.Sources);
    }

    [Fact]
    public void Parse_ReadsAnEntryWithoutTheNewFields()
    {
        const string yaml = """
            people:
              - slug: wang-yi
                nameAr: وانغ يي
                nameEn: Wang Yi
                aliases: [وانغ]
            """;
        var person = PeopleCatalog.Parse(yaml).Single();
        Assert.Equal("", person.Country);
        Assert.Empty(person.ShortForms);
        Assert.Empty(person.Titles);
        Assert.Empty(person.Sources);
        Assert.Equal(["وانغ يي", "Wang Yi", "وانغ"], person.Aliases.Select(a => a.Text));
    }

    [Fact]
    public void ShortForms_AreAliasesThatCountOnlyBesideTheFullName()
    {
        const string yaml = """
            people:
              - slug: salman-bin-abdulaziz
                nameAr: سلمان بن عبد العزيز
                nameEn: Salman bin Abdulaziz
                aliases: [King Salman]
                shortForms: [سلمان]
            """;
        var people = PeopleCatalog.Parse(yaml);
        Assert.Equal(["سلمان"], people[0].ShortForms);
        Assert.Contains(people[0].Aliases, a => a.Text == "سلمان" && a.Origin == "short");

        var recognizer = new PersonRecognizer(people);
        Assert.Empty(recognizer.FindMentions("زار سلمان رشدي باريس"));
        Assert.Equal(["salman-bin-abdulaziz"], recognizer.FindMentions("استقبل سلمان بن عبد العزيز الوفد").Select(m => m.PersonSlug));
    }
}
