using ArabicNewsArchive.Search;
using ArabicNewsArchive.Tests.Ingestion;

namespace ArabicNewsArchive.Tests.Outlets;

public sealed class OutletSearchTests : IDisposable
{
    private const string Body = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المنطقة يضم ثلاثمئة سرير وعددا من العيادات التخصصية.\nوقال المتحدث باسم الوزارة إن المستشفى سيبدأ استقبال المرضى الشهر المقبل بعد اكتمال التجهيزات.\n";

    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Search_AgencyIsAFacetAndAFilter_OutletCarriesKindAndCountry()
    {
        _store.Write("a.txt", "خبر أول هنا\nالرياض – سبق\n" + Body + "(واس)\n");
        _store.Write("b.txt", "خبر ثان هنا\nعين اليوم – جدة\n" + Body);
        _store.Write("c.txt", "خبر ثالث هنا\n" + Body + "(رويترز)\n");
        var run = await _store.Service().IngestAsync([Path.Combine(_store.Folder, "in")]);
        Assert.Equal(3, run.Count(ArabicNewsArchive.Ingestion.IngestOutcome.Imported));

        var search = new SearchService(_store.Contexts);
        var all = await search.SearchAsync(new SearchRequest());
        Assert.Equal(["reuters", "spa"], all.Facets.Agencies.Select(f => f.Slug).Order());
        Assert.Equal(["3alyoum", "sabq"], all.Facets.Outlets.Select(f => f.Slug).Order());

        var spa = await search.SearchAsync(new SearchRequest { Agency = "spa" });
        var item = Assert.Single(spa.Items);
        Assert.Equal("a", item.Id);
        Assert.Equal(new OutletRef("sabq", "سبق", "Sabq", "site", "sa"), item.Outlet);

        Assert.Empty((await search.SearchAsync(new SearchRequest { Agency = "no-such-agency" })).Items);
    }
}
