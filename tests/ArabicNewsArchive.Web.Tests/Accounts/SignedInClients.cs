using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ArabicNewsArchive.Web.Tests.Accounts;

/// <summary>
/// Accounts in a test's store and clients signed in as them, through the real Identity store and the real
/// <c>POST /api/account/login</c>: <c>await factory.SignedInClientAsync("cur", ArchiveRoles.Curator)</c>.
/// </summary>
public static class SignedInClients
{
    /// <summary>Meets the password rules (length, digit, upper, lower, symbol).</summary>
    public const string Password = "Test-password-1";

    /// <summary>
    /// Creates (or re-creates) <paramref name="userName"/> with <paramref name="role"/> (null: a reader, no role)
    /// and <paramref name="password"/>.
    /// </summary>
    public static async Task CreateUserAsync(this WebApplicationFactory<Program> factory, string userName, string? role, string password = Password)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByNameAsync(userName) is { } old)
        {
            Check(await users.DeleteAsync(old));
        }

        var user = new IdentityUser(userName);
        Check(await users.CreateAsync(user, password));
        if (role is not null)
        {
            Check(await users.AddToRoleAsync(user, role));
        }
    }

    /// <summary>A bearer token for an existing account, from <c>POST /api/account/login</c>.</summary>
    public static async Task<string> BearerTokenAsync(this WebApplicationFactory<Program> factory, string userName, string password = Password)
    {
        using var client = factory.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/account/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenAnswer>();
        return token?.AccessToken ?? throw new InvalidOperationException("the login answered no access token");
    }

    /// <summary>
    /// A client that sends a bearer token for a new account with <paramref name="role"/> (null: a signed-in reader).
    /// </summary>
    public static async Task<HttpClient> SignedInClientAsync(this WebApplicationFactory<Program> factory, string userName, string? role)
    {
        await factory.CreateUserAsync(userName, role);
        var token = await factory.BearerTokenAsync(userName);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    private sealed record TokenAnswer(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);
}
