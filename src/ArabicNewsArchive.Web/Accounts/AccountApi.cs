using ArabicNewsArchive.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace ArabicNewsArchive.Web.Accounts;

/// <summary>The body of <c>POST /api/account/login</c>.</summary>
public sealed record LoginRequest(string? UserName, string? Password);

/// <summary>The answer of <c>GET /api/account/me</c>: who the request is signed in as.</summary>
public sealed record AccountInfo(string UserName, IReadOnlyList<string> Roles);

/// <summary><c>POST /api/account/login</c>: a bearer token for API clients (the contract's JSON API table).</summary>
public static class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/account/login", LoginAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithMetadata(new AnonymousApiWrite());
        app.MapGet("/api/account/me", (HttpContext http) => TypedResults.Ok(new AccountInfo(
                http.User.Identity?.Name ?? "",
                [.. ArchiveRoles.All.Where(http.User.IsInRole)])))
            .RequireAuthorization();
        // The sign-out control of the app bar and of /logout posts here: a form post with the antiforgery token
        // (checked by UseAntiforgery, since the endpoint reads a form), never a GET another site could trigger.
        app.MapPost("/account/logout", async (SignInManager<IdentityUser> signIn, [FromForm] string? returnUrl) =>
            {
                await signIn.SignOutAsync();
                return Results.LocalRedirect(SafeReturnUrl(returnUrl));
            })
            .AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Where to go after signing in or out: a local path only (the language switch's rule), never the sign-in or
    /// sign-out page itself; "/" otherwise.
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        LanguageEndpoints.IsLocalPath(returnUrl)
        && !returnUrl.StartsWith("/login", StringComparison.OrdinalIgnoreCase)
        && !returnUrl.StartsWith("/logout", StringComparison.OrdinalIgnoreCase)
            ? returnUrl
            : "/";

    /// <summary>
    /// Answers <c>{ tokenType: "Bearer", accessToken, expiresIn, refreshToken }</c> (written by Identity's bearer token
    /// handler); 401 problem+json for a wrong name or password, the same with "locked" once the account is locked out.
    /// </summary>
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> LoginAsync(LoginRequest? body, SignInManager<IdentityUser> signIn)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.UserName) || string.IsNullOrEmpty(body.Password))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "userName and password are required");
        }

        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(body.UserName.Trim(), body.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            // The bearer handler has written the token as the response body.
            return TypedResults.Empty;
        }

        return result.IsLockedOut
            ? TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Account locked",
                detail: $"Too many failed sign-ins: the account is locked for {AccountsSetup.LockoutDuration.TotalMinutes:0} minutes.")
            : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed",
                detail: "The user name or the password is wrong.");
    }
}
