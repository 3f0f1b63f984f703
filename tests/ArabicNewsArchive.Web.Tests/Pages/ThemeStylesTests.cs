using ArabicNewsArchive.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;

namespace ArabicNewsArchive.Web.Tests.Pages;

/// <summary>A prerendered page writes the theme's style blocks from a copy (ThemeStyles): exactly MudThemeProvider's, once.</summary>
public sealed class ThemeStylesTests(ArchiveAppFactory app) : IClassFixture<ArchiveAppFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/people")]
    [InlineData("/articles/000_222e9e8ff3339bbc")]
    public async Task Prerender_WritesMudThemeProvidersMarkupForTheArchiveTheme_Once(string url)
    {
        // MudThemeProvider itself, rendered here apart from ThemeStyles' copy.
        string expected;
        await using (var scope = app.Services.CreateAsyncScope())
        await using (var html = new HtmlRenderer(scope.ServiceProvider, NullLoggerFactory.Instance))
        {
            expected = await html.Dispatcher.InvokeAsync(async () =>
                (await html.RenderComponentAsync<MudThemeProvider>(ParameterView.FromDictionary(
                    new Dictionary<string, object?> { [nameof(MudThemeProvider.Theme)] = ArchiveTheme.Theme }))).ToHtmlString());
        }

        var page = await app.CreateClient().GetStringAsync(new Uri(url, UriKind.Relative));

        Assert.Contains("--mud-palette-primary: rgba(31,78,121,1);", expected);
        Assert.Contains(expected, page);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "mud-theme-provider"));
    }
}
