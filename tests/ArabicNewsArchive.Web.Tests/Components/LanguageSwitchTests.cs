using ArabicNewsArchive.Web.Components.Layout;
using ArabicNewsArchive.Web.Localization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ArabicNewsArchive.Web.Tests.Components;

public sealed class LanguageSwitchTests : BunitTest
{
    [Fact]
    public void LanguageSwitch_InArabic_OffersEnglishAndReturnsToTheSamePage()
    {
        Context.Services.GetRequiredService<NavigationManager>().NavigateTo("/people/xi-jinping?quotes=2");
        var cut = RenderIn<LanguageSwitch>(UiLanguage.Arabic);

        var link = cut.Find("[data-testid=language-switch]");
        Assert.Equal("English", link.TextContent.Trim());
        Assert.Equal("en", link.GetAttribute("lang"));
        Assert.Equal("/language/en?returnUrl=" + Uri.EscapeDataString("/people/xi-jinping?quotes=2"), link.GetAttribute("href"));
    }

    [Fact]
    public void LanguageSwitch_InEnglish_OffersArabic()
    {
        var cut = RenderIn<LanguageSwitch>(UiLanguage.English);

        var link = cut.Find("[data-testid=language-switch]");
        Assert.Equal("العربية", link.TextContent.Trim());
        Assert.StartsWith("/language/ar?returnUrl=", link.GetAttribute("href"));
    }

    [Fact]
    public void RemoveLangParameter_DropsOnlyLang()
    {
        Assert.Equal("/?q=x&page=2", LanguageEndpoints.RemoveLangParameter("/?q=x&lang=en&page=2"));
        Assert.Equal("/people", LanguageEndpoints.RemoveLangParameter("/people?lang=ar"));
    }
}
