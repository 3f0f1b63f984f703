using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ArabicNewsArchive.Web.Accounts;
using ArabicNewsArchive.Web.Tests.Pages;

namespace ArabicNewsArchive.Web.Tests.Accounts;

/// <summary>The token login of the API, lockout, and who gets 401 or 403 (real Identity over the test's SQLite file).</summary>
public sealed class AccountApiTests(ArchiveAppFactory app) : IClassFixture<ArchiveAppFactory>
{
    [Fact]
    public async Task Login_RightPassword_AnswersABearerTokenThatSignsIn()
    {
        await app.CreateUserAsync("token-user", ArchiveRoles.Curator);
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/account/login", new { userName = "token-user", password = SignedInClients.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", body.RootElement.GetProperty("tokenType").GetString());
        var token = body.RootElement.GetProperty("accessToken").GetString();
        Assert.False(string.IsNullOrEmpty(token));

        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var me = await client.GetFromJsonAsync<AccountInfo>("/api/account/me");
        Assert.Equal("token-user", me!.UserName);
        Assert.Equal([ArchiveRoles.Curator], me.Roles);
    }

    [Fact]
    public async Task Login_WrongPassword_Answers401ProblemJson()
    {
        await app.CreateUserAsync("wrong-pass", ArchiveRoles.Curator);
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/account/login", new { userName = "wrong-pass", password = "Not-the-password-1" });

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Sign-in failed");
    }

    [Fact]
    public async Task Login_FiveFailures_LockTheAccountEvenForTheRightPassword()
    {
        await app.CreateUserAsync("locked", ArchiveRoles.Curator);
        using var client = app.CreateClient();
        for (var i = 0; i < AccountsSetup.MaxFailedAttempts; i++)
        {
            using var failed = await client.PostAsJsonAsync("/api/account/login", new { userName = "locked", password = $"Wrong-password-{i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var response = await client.PostAsJsonAsync("/api/account/login", new { userName = "locked", password = SignedInClients.Password });

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Account locked");
    }

    [Fact]
    public async Task Login_MissingFields_Answers400()
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/account/login", new { userName = "someone" });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "userName and password are required");
    }

    [Fact]
    public async Task SignedInEndpoint_Anonymous_Answers401ProblemJsonNotARedirect()
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/api/account/me");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Sign-in required");
    }

    [Fact]
    public async Task SignedInEndpoint_ForgedToken_Answers401()
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");

        using var response = await client.GetAsync("/api/account/me");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Sign-in required");
    }

    [Fact]
    public async Task SignedInClient_Reader_HasNoRole()
    {
        using var client = await app.SignedInClientAsync("reader", role: null);

        var me = await client.GetFromJsonAsync<AccountInfo>("/api/account/me");

        Assert.Equal("reader", me!.UserName);
        Assert.Empty(me.Roles);
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(title, body.RootElement.GetProperty("title").GetString());
    }
}
