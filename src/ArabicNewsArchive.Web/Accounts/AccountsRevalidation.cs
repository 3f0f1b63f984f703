using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ArabicNewsArchive.Web.Accounts;

/// <summary>
/// A circuit keeps the account it was opened with for as long as the tab stays open; without this, an account
/// removed with <c>users remove</c> (or whose password changed) could go on correcting from a tab opened before.
/// Every minute the circuit's account is looked up again, and its security stamp compared with the one it signed in with.
/// </summary>
internal sealed class AccountsRevalidation(
    ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        await IsStillValidAsync(authenticationState.User);

    /// <summary>True for a signed-out reader (nothing to revoke) and for an account that exists with the same stamp.</summary>
    internal async Task<bool> IsStillValidAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return false;
        }

        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }

        var signedInWith = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return signedInWith == await users.GetSecurityStampAsync(user);
    }
}
