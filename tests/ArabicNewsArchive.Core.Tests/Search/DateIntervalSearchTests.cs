using ArabicNewsArchive.Search;
using ArabicNewsArchive.Tests.Ingestion;

namespace ArabicNewsArchive.Tests.Search;

/// <summary>The publication interval through ingestion and search: the summary's range, the date sort and filter.</summary>
public sealed class DateIntervalSearchTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    private async Task<SearchService> IngestAsync()
    {
        // A day stated by front matter; a year its text bounds ("منذ عام 2015" and a target "قبل 2016"); a named
        // year alone ("السعودية 2050", once read as a date in 2050); nothing at all.
        _store.Write("day.md", "---\ntitle: \"خبر مؤرخ\"\npublished: 2015-06-10\n---\n\nبحث الوزيران التعاون في مجال الطاقة.\n");
        _store.Write("year.txt", "خبر عن الخطة\n\nوتعمل الحكومة على الخطة منذ عام 2015، وستنجزها قبل 2016 كما هو مقرر.\n");
        _store.Write("name.txt", "خبر عن المشروع\n\nوعرضت الهيئة مشروع السعودية 2050 على المستثمرين في لقاء موسع.\n");
        _store.Write("none.txt", "خبر بلا تاريخ\n\nوقال المتحدث إن المحادثات كانت بناءة وتناولت ملف النفط والغاز.\n");
        await _store.Service().IngestAsync([Path.Combine(_store.Folder, "in")]);
        return new SearchService(_store.Contexts);
    }

    [Fact]
    public async Task Summary_CarriesThePublishedRange()
    {
        var service = await IngestAsync();
        var items = (await service.SearchAsync(new SearchRequest { PageSize = 10 })).Items.ToDictionary(i => i.Id);

        Assert.Equal(new DateRangeDto(new DateOnly(2015, 6, 10), new DateOnly(2015, 6, 10)), items["day"].PublishedRange);
        Assert.Equal("day", items["day"].DatePrecision);
        Assert.Equal(new DateRangeDto(new DateOnly(2015, 1, 1), new DateOnly(2015, 12, 31)), items["year"].PublishedRange);
        Assert.Equal(("year", new DateOnly(2015, 1, 1)), (items["year"].DatePrecision, items["year"].Published!.Value));
        Assert.Null(items["none"].PublishedRange);
        Assert.Equal("unknown", items["name"].DatePrecision);
    }

    [Fact]
    public async Task DateSort_NeverPutsAVagueOrUndatedArticleFirst()
    {
        var service = await IngestAsync();
        var ids = (await service.SearchAsync(new SearchRequest { Sort = "date", PageSize = 10 })).Items.Select(i => i.Id).ToList();

        // The day first; the year (listed at its first day) after it; the undated ones last, "السعودية 2050" among them.
        Assert.Equal(["day", "year"], ids.Take(2));
        Assert.Equal(["none", "name"], ids.Skip(2).Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task DateFilter_KeepsEveryArticleWhoseIntervalMeetsIt()
    {
        var service = await IngestAsync();
        var september = await service.SearchAsync(new SearchRequest { From = new DateOnly(2015, 9, 1), To = new DateOnly(2015, 9, 30) });

        // The year-long interval may hold a September day; the stated day of June cannot.
        Assert.Equal(["year"], september.Items.Select(i => i.Id));
    }
}
