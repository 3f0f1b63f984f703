using System.Security.Claims;
using ArabicNewsArchive.Web.Accounts;
using ArabicNewsArchive.Web.Tests.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArabicNewsArchive.Web.Tests.Accounts;

/// <summary>An open circuit loses its account once the account is removed or its security stamp changes.</summary>
public sealed class RevalidationTests(ArchiveAppFactory app) : IClassFixture<ArchiveAppFactory>
{
    private AccountsRevalidation Revalidation() => new(
        app.Services.GetRequiredService<ILoggerFactory>(),
        app.Services.GetRequiredService<IServiceScopeFactory>(),
        app.Services.GetRequiredService<IOptions<IdentityOptions>>());

    private async Task<ClaimsPrincipal> SignedInAsAsync(string userName)
    {
        await app.CreateUserAsync(userName, ArchiveRoles.Curator);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<IdentityUser>>();
        return await factory.CreateAsync((await users.FindByNameAsync(userName))!);
    }

    [Fact]
    public async Task Circuit_AccountUnchanged_StaysSignedIn()
    {
        var principal = await SignedInAsAsync("circuit-kept");

        Assert.True(await Revalidation().IsStillValidAsync(principal));
        Assert.True(await Revalidation().IsStillValidAsync(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    [Fact]
    public async Task Circuit_AccountRemoved_IsSignedOut()
    {
        var principal = await SignedInAsAsync("circuit-removed");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            await users.DeleteAsync((await users.FindByNameAsync("circuit-removed"))!);
        }

        Assert.False(await Revalidation().IsStillValidAsync(principal));
    }

    [Fact]
    public async Task Circuit_PasswordChanged_IsSignedOut()
    {
        var principal = await SignedInAsAsync("circuit-stamp");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var user = (await users.FindByNameAsync("circuit-stamp"))!;
            await users.ChangePasswordAsync(user, SignedInClients.Password, "Another-password-2");
        }

        Assert.False(await Revalidation().IsStillValidAsync(principal));
    }
}
