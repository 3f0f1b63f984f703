using ArabicNewsArchive.People;

namespace ArabicNewsArchive.Tests.People;

public class PeopleCatalogTests
{
    [Fact]
    public void Load_ReadsTheTenContractPeople()
    {
        var people = PeopleTestData.LoadPeople();
        Assert.Equal(
            ["vladimir-putin", "xi-jinping", "wang-yi", "sergey-lavrov", "nikolai-patrushev", "dmitry-peskov",
                "yuri-ushakov", "zhao-lijian", "yang-jiechi", "andrey-denisov"],
            people.Select(p => p.Slug));
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
}
