using System.Buffers.Text;
using System.Security.Cryptography;

namespace ArabicNewsArchive.Web.Security;

/// <summary>
/// The headers every response carries (pages, API, static files, error pages): a content security policy that lets
/// the page load nothing but the app's own scripts, styles, fonts and images and talk to nothing but its own circuit,
/// plus nosniff and a same-origin referrer policy. Threat model and reasons: docs/security.md.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "ArabicNewsArchive.CspNonce";

    /// <summary>
    /// This request's script nonce, for the one inline script the app writes: Blazor's import map
    /// (<c>&lt;script type="importmap"&gt;</c>), which a browser treats as an inline script under CSP.
    /// </summary>
    public static string Nonce(HttpContext http)
    {
        if (http.Items[NonceKey] is not string nonce)
        {
            // URL-safe base64: no '+', '/' or '=' for Razor to write as entities in the attribute.
            nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
            http.Items[NonceKey] = nonce;
        }

        return nonce;
    }

    /// <summary>First in the pipeline, so nothing answers before it; the headers are set as the response starts.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        // At OnStarting rather than now: the exception handler and the status code pages clear the headers of the
        // response they replace, but not its OnStarting callbacks.
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            // Replaces the frame-ancestors-only policy Blazor writes for its own pages.
            headers.ContentSecurityPolicy = Policy(Nonce(http), http.Request.Host);
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(http);
    });

    /// <summary>The policy for one response.</summary>
    internal static string Policy(string nonce, HostString host)
    {
        // CSP 3 browsers let 'self' match ws:/wss: of the page's own host; older ones (Safari before 15.4) need the
        // circuit's WebSocket named. The host is the one this request came to, i.e. the page's own; Kestrel has
        // already refused Host values with characters that could break out of the header.
        var socket = host.HasValue ? $" ws://{host.Value} wss://{host.Value}" : "";
        return string.Join("; ",
            "default-src 'self'",
            // No 'unsafe-eval': neither blazor.web.js nor MudBlazor's script needs it (checked in Chromium, no
            // violation reported). The nonce admits the import map and nothing an article could inject.
            $"script-src 'self' 'nonce-{nonce}'",
            // 'unsafe-inline' for styles is unavoidable with MudBlazor: its components write style="..." attributes
            // (widths, positions of popovers and progress bars) and MudThemeProvider writes the theme as a <style>
            // element whose content changes with the theme, so neither a hash nor a nonce covers them. Styles cannot
            // run script; article text never reaches a style attribute (Razor encodes it as text).
            "style-src 'self' 'unsafe-inline'",
            // data: for the small PNG backgrounds MudBlazor's stylesheet embeds (colour picker, slider).
            "img-src 'self' data:",
            "font-src 'self'",
            $"connect-src 'self'{socket}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'");
    }
}
