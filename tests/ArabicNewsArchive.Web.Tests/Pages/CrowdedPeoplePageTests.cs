using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Store;

namespace ArabicNewsArchive.Web.Tests.Pages;

/// <summary>
/// /people on an archive of thousands of people (issue 30: 1.77 MB for 3,700 people, RSS to 6.3 GB under load before
/// paging) answers one page of them, within the size and time docs/security.md states, and the API caps its pages.
/// </summary>
public sealed class CrowdedPeoplePageTests : IClassFixture<CrowdedPeoplePageTests.Store>
{
    private static readonly TimeSpan s_maxTime = TimeSpan.FromSeconds(5);

    /// <summary>A page of 60 people is ~40 KB; the whole list of 6,000 would be several MB.</summary>
    private const int MaxBytes = 200_000;

    private readonly Store _store;

    public CrowdedPeoplePageTests(Store store) => _store = store;

    [Theory]
    [InlineData("/people")]
    [InlineData("/people?page=90")]
    public async Task PeoplePage_OfSixThousandPeople_ShowsOnePageWithinBounds(string url)
    {
        var client = _store.Factory.CreateClient();
        var clock = Stopwatch.StartNew();
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(clock.Elapsed < s_maxTime, $"{clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(Encoding.UTF8.GetByteCount(html) < MaxBytes, $"{Encoding.UTF8.GetByteCount(html):N0} bytes");
        var rows = html.Split("data-testid=\"person-row\"").Length - 1;
        Assert.Equal(60, rows);
    }

    [Fact]
    public async Task PeopleApi_AnswersAtMost500AndRefusesMore()
    {
        var client = _store.Factory.CreateClient();
        var json = await client.GetStringAsync(new Uri("/api/people?pageSize=500", UriKind.Relative));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(500, doc.RootElement.GetArrayLength());
        var tooMany = await client.GetAsync(new Uri("/api/people?pageSize=100000", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }

    /// <summary>The seeds plus 6,000 confirmed people (listed although they have no article), written before start.</summary>
    public sealed class Store : PeopleStore
    {
        public const int Extra = 6_000;

        protected override void AddPeople(ArchiveDbContext db)
        {
            for (var i = 0; i < Extra; i++)
            {
                db.People.Add(new Person
                {
                    Slug = $"person-{i:D5}",
                    NameAr = $"شخص رقم {i}",
                    NameEn = $"Person {i}",
                    Status = PersonStatus.Confirmed,
                    Role = "Test role with some length to weigh each row",
                });
            }
        }
    }
}
