using System.Diagnostics.CodeAnalysis;

namespace ArabicNewsArchive.Web.Localization;

/// <summary>
/// The language switch is a plain link to here: it stores the choice in a cookie and goes back to the page, so it
/// works before the circuit connects, from the keyboard, and reloads the page with the right lang/dir on &lt;html&gt;.
/// </summary>
public static class LanguageEndpoints
{
    public static IEndpointRouteBuilder MapLanguageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/language/{code}", (string code, string? returnUrl, HttpContext http) =>
        {
            var lang = UiLanguage.FromCode(code);
            http.Response.Cookies.Append(UiLanguage.CookieName, lang.Code, new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                SameSite = SameSiteMode.Lax,
                HttpOnly = true,
                IsEssential = true,
            });
            var target = IsLocalPath(returnUrl) ? RemoveLangParameter(returnUrl) : "/";
            return Results.LocalRedirect(target);
        })
        // The sign-in page offers the switch too, also when Archive:RequireSignIn closes the rest.
        .AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Only local paths: an open redirect would let a link to the archive send readers anywhere. The rule is
    /// LocalRedirect's own (which throws, a 500, on anything else): "/" then neither "/" nor "\\", and no control
    /// character, since browsers drop tabs and newlines ("/\t/evil.example" reads as "//evil.example").
    /// </summary>
    internal static bool IsLocalPath([NotNullWhen(true)] string? url) =>
        url is ['/', ..] && url is not ['/', '/' or '\\', ..] && !url.Any(char.IsControl);

    /// <summary>A lang= left in the URL would override the cookie just set.</summary>
    internal static string RemoveLangParameter(string url)
    {
        var q = url.IndexOf('?');
        if (q < 0)
        {
            return url;
        }
        var kept = url[(q + 1)..].Split('&').Where(p => !p.StartsWith(UiLanguage.QueryKey + "=", StringComparison.Ordinal) && p.Length > 0);
        var rest = string.Join('&', kept);
        return rest.Length == 0 ? url[..q] : url[..q] + "?" + rest;
    }
}
