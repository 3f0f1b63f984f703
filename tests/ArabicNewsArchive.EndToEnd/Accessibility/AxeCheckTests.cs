namespace ArabicNewsArchive.EndToEnd.Accessibility;

/// <summary>Proves the accessibility gate can fail, so a green journey means something.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AxeCheckTests(ArchiveApp app)
{
    [Fact]
    public async Task Axe_FailsOnAnUnlabelledImageAndButton()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync(
            """<html lang="ar" dir="rtl"><head><title>t</title></head><body><main><img src="data:,"><button></button></main></body></html>""");

        var violations = await AxeCheck.RunAsync(page);

        Assert.Contains(violations, v => v.Id == "image-alt" && v.Impact == "critical" && v.Targets.Contains("img"));
        Assert.Contains(violations, v => v.Id == "button-name" && v.Impact == "critical");
        await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => AxeCheck.AssertNoSeriousViolationsAsync(page, "axe-self-test"));
    }

    [Fact]
    public async Task Axe_PassesACleanPage()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync(
            """<html lang="ar" dir="rtl"><head><title>أرشيف</title></head><body><main><h1>أرشيف الأخبار</h1><img src="data:," alt="شعار"></main></body></html>""");

        Assert.DoesNotContain(await AxeCheck.RunAsync(page), v => v.Impact is "serious" or "critical");
    }
}
