using System.Net;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace ArabicNewsArchive.Web.Tests.Pages;

/// <summary>
/// An English name the archive spelled out letter by letter is shown as a guess on /people and the person's page,
/// and one taken from the name lexicon is shown plainly. (The API's shape is the contract's: it does not carry the mark.)
/// </summary>
public sealed class GuessedLatinNameTests : IClassFixture<GuessedLatinNameTests.Store>
{
    private readonly Store _store;

    public GuessedLatinNameTests(Store store) => _store = store;

    [Theory]
    [InlineData("/people?q=" + Store.GuessedAr, true)]
    [InlineData("/people/" + Store.GuessedSlug, true)]
    [InlineData("/people?q=" + Store.KnownAr, false)]
    [InlineData("/people/" + Store.KnownSlug, false)]
    public async Task Pages_MarkOnlyTheGuessedEnglishName(string url, bool guessed)
    {
        var response = await _store.Factory.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(guessed ? Store.GuessedEn : Store.KnownEn, html);
        Assert.Equal(guessed, html.Contains("data-testid=\"latin-guessed\"", StringComparison.Ordinal));
        Assert.Equal(guessed, html.Contains("≈ " + Store.GuessedEn, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PeoplePage_ListsTheNamesToCheck()
    {
        var client = _store.Factory.CreateClient();
        var all = await client.GetStringAsync(new Uri("/people", UriKind.Relative));
        Assert.Contains("href=\"/people?latin=guessed\"", all);

        var html = await client.GetStringAsync(new Uri("/people?latin=guessed", UriKind.Relative));
        var rows = html.Split("data-testid=\"person-row\"").Skip(1).ToList();
        Assert.Contains(rows, r => r.Contains(Store.GuessedSlug, StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains(Store.KnownSlug, StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Contains("data-testid=\"latin-guessed\"", r));

        // The search keeps the filter.
        Assert.Contains("name=\"latin\" value=\"guessed\"", html);
    }

    [Fact]
    public async Task NameTables_KnowWhichEnglishNamesAreGuesses()
    {
        // What lists of people beside a page's own (a person's co-mentioned) mark a guess by.
        _ = _store.Factory.CreateClient();
        using var scope = _store.Factory.Services.CreateScope();
        var names = await scope.ServiceProvider.GetRequiredService<NameDirectory>().GetAsync();
        Assert.Contains(Store.GuessedSlug, names.GuessedEnglish);
        Assert.DoesNotContain(Store.KnownSlug, names.GuessedEnglish);
    }

    /// <summary>The seeds plus two confirmed people (listed although no article names them), one English name a guess.</summary>
    public sealed class Store : PeopleStore
    {
        public const string GuessedSlug = "heather-nauert-test";
        public const string GuessedAr = "هيذر ناورتيه";
        public const string GuessedEn = "Heather Nawrtyh";
        public const string KnownSlug = "harry-kane-test";
        public const string KnownAr = "هاري كاينز";
        public const string KnownEn = "Harry Kane";

        protected override void AddPeople(ArchiveDbContext db)
        {
            db.People.Add(new Person { Slug = GuessedSlug, NameAr = GuessedAr, NameEn = GuessedEn, NameEnTransliterated = true, Status = PersonStatus.Confirmed, Role = "" });
            db.People.Add(new Person { Slug = KnownSlug, NameAr = KnownAr, NameEn = KnownEn, Status = PersonStatus.Confirmed, Role = "" });
        }
    }
}
