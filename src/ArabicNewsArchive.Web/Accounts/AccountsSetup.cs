using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Web.Accounts;

/// <summary>
/// Accounts, sign-in and who may do what (docs/curation.md): ASP.NET Core Identity over <see cref="AccountsDbContext"/>,
/// a cookie for the pages, a bearer token for API clients, and the <see cref="ArchivePolicies"/>.
/// </summary>
public static class AccountsSetup
{
    /// <summary>Cookie or bearer, decided per request by the Authorization header.</summary>
    public const string Scheme = "archive";

    /// <summary>The configuration switch that closes reading to signed-in accounts.</summary>
    public const string RequireSignInKey = "Archive:RequireSignIn";

    /// <summary>Sign-in attempts allowed before the account is locked for <see cref="LockoutDuration"/>.</summary>
    public const int MaxFailedAttempts = 5;

    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary>The shortest password the <c>users</c> command and Identity accept.</summary>
    public const int MinPasswordLength = 10;

    private static readonly PathString s_api = new("/api");

    /// <summary>The same rules for the web host and the <c>users</c> command.</summary>
    internal static void ConfigureIdentity(IdentityOptions o)
    {
        o.Password.RequiredLength = MinPasswordLength;
        o.Lockout.AllowedForNewUsers = true;
        o.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
        o.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
        o.User.RequireUniqueEmail = false;
        // Accounts are created by an admin at the command line: there is no e-mail to confirm.
        o.SignIn.RequireConfirmedAccount = false;
    }

    /// <summary>Identity over the accounts store, without the cookie and token schemes (the <c>users</c> command's needs).</summary>
    internal static IdentityBuilder AddAccountsStore(this IServiceCollection services, string connectionString)
    {
        services.AddDbContext<AccountsDbContext>(o => AccountsDbContext.Configure(o, connectionString));
        return services.AddIdentityCore<IdentityUser>(ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AccountsDbContext>();
    }

    /// <summary>Everything the web host needs for accounts: store, schemes, policies, the cascading sign-in state.</summary>
    public static IServiceCollection AddArchiveAccounts(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddAccountsStore(connectionString).AddSignInManager();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(Scheme, "cookie or bearer token", o =>
            {
                o.ForwardDefaultSelector = http => HasBearerToken(http.Request) ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme;
                // The cookie handler's events below answer API calls with problem+json, whichever scheme read the request.
                o.ForwardChallenge = IdentityConstants.ApplicationScheme;
                o.ForwardForbid = IdentityConstants.ApplicationScheme;
            })
            .AddBearerToken(IdentityConstants.BearerScheme)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            // A signed-in account without the role lands on the sign-in page, which says so and offers another account.
            o.AccessDeniedPath = "/login";
            o.ReturnUrlParameter = "returnUrl";
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Events.OnRedirectToLogin = ctx => IsApi(ctx.Request)
                ? Problem(ctx.HttpContext, StatusCodes.Status401Unauthorized, "Sign-in required",
                    "Send a bearer token from POST /api/account/login, or the sign-in cookie with an antiforgery token (docs/curation.md).")
                : Redirect(ctx);
            o.Events.OnRedirectToAccessDenied = ctx => IsApi(ctx.Request)
                ? Problem(ctx.HttpContext, StatusCodes.Status403Forbidden, "Not allowed",
                    "This account does not have the role this request needs (docs/curation.md).")
                : Redirect(ctx);
        });
        // A removed account's cookie stops working within a minute rather than the default half hour.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        var authorization = services.AddAuthorizationBuilder()
            .AddPolicy(ArchivePolicies.Curate, p => p.RequireRole(ArchiveRoles.Curator, ArchiveRoles.Admin))
            .AddPolicy(ArchivePolicies.Administer, p => p.RequireRole(ArchiveRoles.Admin));
        if (configuration.GetValue<bool>(RequireSignInKey))
        {
            // Endpoints without a policy of their own (pages, read API, circuit, exports) then need an account;
            // the sign-in page, static files and the language switch say [AllowAnonymous].
            authorization.SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        }

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, AccountsRevalidation>();
        return services;
    }

    /// <summary>
    /// Authentication and authorization, then antiforgery (the form posts), then the antiforgery check of API writes
    /// that ride on the sign-in cookie: a bearer token cannot be sent by another site's page, a cookie can.
    /// </summary>
    public static IApplicationBuilder UseArchiveAccounts(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app.Use(async (http, next) =>
        {
            if (NeedsCookieAntiforgery(http))
            {
                var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
                try
                {
                    await antiforgery.ValidateRequestAsync(http);
                }
                catch (AntiforgeryValidationException)
                {
                    await Problem(http, StatusCodes.Status400BadRequest, "Antiforgery token missing or invalid",
                        "An API write signed in by the cookie must carry the page's antiforgery token (header RequestVerificationToken); API clients send a bearer token instead.");
                    return;
                }
            }

            await next(http);
        });
    }

    /// <summary>Migrates the accounts store and makes sure both roles exist.</summary>
    public static async Task MigrateAccountsAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        await db.Database.MigrateAsync(ct);
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in ArchiveRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var created = await roles.CreateAsync(new IdentityRole(role));
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException($"could not create the role {role}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
                }
            }
        }
    }

    internal static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments(s_api);

    private static bool NeedsCookieAntiforgery(HttpContext http) =>
        IsApi(http.Request)
        && !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method))
        && !HasBearerToken(http.Request)
        && http.User.Identity?.IsAuthenticated == true
        && http.GetEndpoint()?.Metadata.GetMetadata<AnonymousApiWrite>() is null;

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> ctx)
    {
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    private static Task Problem(HttpContext http, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(http);
}

/// <summary>Marks an API write that needs no account (the token login), so the cookie's antiforgery check skips it.</summary>
internal sealed class AnonymousApiWrite;
