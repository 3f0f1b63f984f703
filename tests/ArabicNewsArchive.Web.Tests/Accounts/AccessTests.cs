using System.Net;
using ArabicNewsArchive.Web.Accounts;
using ArabicNewsArchive.Web.Tests.Pages;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ArabicNewsArchive.Web.Tests.Accounts;

/// <summary>Who reaches what: the upload page by role, and everything once Archive:RequireSignIn is on.</summary>
public sealed class AccessTests(ArchiveAppFactory app) : IClassFixture<ArchiveAppFactory>
{
    private static HttpClient Browser(WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task ImportPage_Anonymous_GoesToSignIn()
    {
        using var client = Browser(app);

        using var response = await client.GetAsync("/import");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fimport", response.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task ImportPage_Reader_IsToldItNeedsACurator()
    {
        await app.CreateUserAsync("access-reader", role: null);
        using var client = Browser(app);
        (await FormPosts.SignInAsync(client, "access-reader", SignedInClients.Password)).Dispose();

        using var response = await client.GetAsync("/import");
        var denied = await client.GetStringAsync(response.Headers.Location!.PathAndQuery + "&lang=en");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?returnUrl=%2Fimport", response.Headers.Location.PathAndQuery);
        Assert.Contains("This page needs a curator account.", denied);
        Assert.Contains("You are signed in as access-reader.", denied);
    }

    [Fact]
    public async Task ImportPage_Curator_StatesTheLimits()
    {
        await app.CreateUserAsync("access-cur", ArchiveRoles.Curator);
        using var client = Browser(app);
        (await FormPosts.SignInAsync(client, "access-cur", SignedInClients.Password)).Dispose();

        using var response = await client.GetAsync("/import?lang=en");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Each .txt or .md file up to 10 MB", html);
        Assert.Contains("One upload up to 100 MB and 1,000 files.", html);
        Assert.Contains("<label for=\"import-files\">", html);
        Assert.Contains("href=\"/import\"", html);
    }

    [Fact]
    public async Task RequireSignIn_ClosesPagesAndReadApi_LeavesSignInAndStaticFilesOpen()
    {
        await using var closed = app.WithWebHostBuilder(b => b.UseSetting(AccountsSetup.RequireSignInKey, "true"));
        using var client = Browser(closed);

        using var home = await client.GetAsync("/");
        using var person = await client.GetAsync("/people/vladimir-putin");
        using var api = await client.GetAsync("/api/articles?q=بوتين");
        using var login = await client.GetAsync("/login");
        using var css = await client.GetAsync("/app.css");
        using var script = await client.GetAsync("/_framework/blazor.web.js");
        using var language = await client.GetAsync("/language/en?returnUrl=%2Flogin");

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/login?returnUrl=%2F", home.Headers.Location?.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, person.StatusCode);
        await AccountApiTests.AssertProblemAsync(api, HttpStatusCode.Unauthorized, "Sign-in required");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, language.StatusCode);
        Assert.Equal("/login", language.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task RequireSignIn_AnyAccountReads()
    {
        await using var closed = app.WithWebHostBuilder(b => b.UseSetting(AccountsSetup.RequireSignInKey, "true"));
        using var bearer = await closed.SignedInClientAsync("closed-reader", role: null);
        using var browser = Browser(closed);
        (await FormPosts.SignInAsync(browser, "closed-reader", SignedInClients.Password)).Dispose();

        using var api = await bearer.GetAsync("/api/articles?q=بوتين");
        using var home = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task ByDefault_ReadingNeedsNoAccount()
    {
        using var client = Browser(app);

        using var home = await client.GetAsync("/");
        using var api = await client.GetAsync("/api/articles?q=بوتين");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }
}
