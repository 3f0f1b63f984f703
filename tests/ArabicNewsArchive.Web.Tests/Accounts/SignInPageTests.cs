using System.Net;
using System.Net.Http.Json;
using ArabicNewsArchive.Web.Accounts;
using ArabicNewsArchive.Web.Tests.Pages;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ArabicNewsArchive.Web.Tests.Accounts;

/// <summary>The sign-in and sign-out pages over real HTTP: cookie, return address, lockout, antiforgery.</summary>
public sealed class SignInPageTests(ArchiveAppFactory app) : IClassFixture<ArchiveAppFactory>
{
    private HttpClient Browser() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("ar", "تسجيل الدخول", "اسم المستخدم", "كلمة المرور")]
    [InlineData("en", "Sign in", "User name", "Password")]
    public async Task LoginPage_BothLanguages_LabelledFields(string lang, string title, string user, string password)
    {
        using var client = Browser();

        var html = await client.GetStringAsync($"/login?lang={lang}");

        Assert.Contains($"<h1>{title}</h1>", html);
        Assert.Contains($"<label for=\"login-user\">{user}</label>", html);
        Assert.Contains($"<label for=\"login-password\">{password}</label>", html);
        Assert.Contains("id=\"login-password\"", html);
        Assert.Matches("<input[^>]*type=\"password\"[^>]*id=\"login-password\"|<input[^>]*id=\"login-password\"[^>]*type=\"password\"", html);
    }

    [Fact]
    public async Task SignIn_RightPassword_SetsTheCookieAndGoesToTheReturnAddress()
    {
        await app.CreateUserAsync("page-cur", ArchiveRoles.Curator);
        using var client = Browser();

        using var response = await FormPosts.SignInAsync(client, "page-cur", SignedInClients.Password, "/login?returnUrl=%2Fpeople%3Fq%3Dx");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("http://localhost/people?q=x", Target(response));
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        var me = await client.GetFromJsonAsync<AccountInfo>("/api/account/me");
        Assert.Equal("page-cur", me!.UserName);
        var home = await client.GetStringAsync("/?lang=en");
        Assert.Contains("data-testid=\"account-name\"", home);
        Assert.Contains("data-testid=\"sign-out\"", home);
    }

    [Theory]
    [InlineData("https%3A%2F%2Fevil.example%2F")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("%2F%5Cevil.example")]
    [InlineData("%2Flogin")]
    public async Task SignIn_ForeignOrLoopingReturnAddress_GoesHome(string returnUrl)
    {
        await app.CreateUserAsync("page-ret", ArchiveRoles.Curator);
        using var client = Browser();

        using var response = await FormPosts.SignInAsync(client, "page-ret", SignedInClients.Password, $"/login?returnUrl={returnUrl}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("http://localhost/", Target(response));
    }

    /// <summary>The redirect's target as the browser reads it (relative to the page's address).</summary>
    private static string Target(HttpResponseMessage response) =>
        new Uri(new Uri("http://localhost/login"), response.Headers.Location!).AbsoluteUri;

    [Fact]
    public async Task SignIn_WrongPassword_SaysSoAndSetsNoCookie()
    {
        await app.CreateUserAsync("page-wrong", ArchiveRoles.Curator);
        using var client = Browser();

        using var response = await FormPosts.SignInAsync(client, "page-wrong", "Wrong-password-1", "/login?lang=en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The user name or the password is wrong.", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignIn_FiveFailures_LockTheAccount()
    {
        await app.CreateUserAsync("page-locked", ArchiveRoles.Curator);
        using var client = Browser();
        for (var i = 0; i < AccountsSetup.MaxFailedAttempts; i++)
        {
            using var failed = await FormPosts.SignInAsync(client, "page-locked", $"Wrong-password-{i}", "/login?lang=en");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        using var response = await FormPosts.SignInAsync(client, "page-locked", SignedInClients.Password, "/login?lang=en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The account is locked after too many wrong attempts.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignOut_ClearsTheCookie()
    {
        await app.CreateUserAsync("page-out", ArchiveRoles.Curator);
        using var client = Browser();
        (await FormPosts.SignInAsync(client, "page-out", SignedInClients.Password)).Dispose();
        var token = await FormPosts.AntiforgeryTokenAsync(client, "/logout");

        using var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["returnUrl"] = "/people",
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("http://localhost/people", Target(response));
        using var me = await client.GetAsync("/api/account/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task CrossSitePost_WithoutAntiforgeryToken_IsRefused()
    {
        await app.CreateUserAsync("page-csrf", ArchiveRoles.Curator);
        using var client = Browser();
        (await FormPosts.SignInAsync(client, "page-csrf", SignedInClients.Password)).Dispose();

        // What another site's form could send with the reader's cookies: everything but the token.
        using var signOut = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));
        using var signIn = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.UserName"] = "page-csrf",
            ["Input.Password"] = SignedInClients.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        var me = await client.GetFromJsonAsync<AccountInfo>("/api/account/me");
        Assert.Equal("page-csrf", me!.UserName);
    }

    [Fact]
    public async Task SignedOutVisitor_SeesASignInLinkAndNoUploadControl()
    {
        using var client = Browser();

        var html = await client.GetStringAsync("/?lang=en");

        Assert.Contains("data-testid=\"sign-in\"", html);
        Assert.DoesNotContain("href=\"/import\"", html);
        Assert.DoesNotContain("data-testid=\"sign-out\"", html);
    }
}
