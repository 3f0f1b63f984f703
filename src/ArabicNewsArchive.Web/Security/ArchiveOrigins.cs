namespace ArabicNewsArchive.Web.Security;

/// <summary>
/// Where the archive lives, from configuration rather than from requests: <c>Archive:PublicBaseUrl</c> (the address
/// that exports and citations print) and <c>Archive:AllowedOrigins</c> (other origins whose pages may open a circuit
/// or write through the API: an array, or one string separated by commas or spaces). docs/security.md.
/// </summary>
public sealed class ArchiveOrigins
{
    private readonly HashSet<string> _allowed = new(StringComparer.OrdinalIgnoreCase);

    public ArchiveOrigins(IConfiguration configuration)
    {
        var section = configuration.GetSection("Archive:AllowedOrigins");
        var listed = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => (v ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        foreach (var value in listed)
        {
            _allowed.Add(OriginOf(value) ?? throw new InvalidOperationException($"Archive:AllowedOrigins: '{value}' is not an http(s) origin"));
        }

        if (configuration["Archive:PublicBaseUrl"] is { Length: > 0 } configured)
        {
            if (OriginOf(configured) is not { } origin)
            {
                throw new InvalidOperationException($"Archive:PublicBaseUrl: '{configured}' is not an absolute http(s) URL");
            }

            _allowed.Add(origin);
            PublicBaseUrl = configured.TrimEnd('/');
        }
    }

    /// <summary>
    /// The configured public address without a trailing slash, or "" when none is configured: links are then
    /// relative ("/articles/ID"), never built from the request's Host header, which the client chooses.
    /// </summary>
    public string PublicBaseUrl { get; } = "";

    /// <summary>
    /// Whether a request's <c>Origin</c> is the archive's own: the host the request came to (any scheme, since a
    /// TLS proxy may stand in front), the public base URL's origin, or a configured one (scheme, host and port exact).
    /// "null" (sandboxed frames, file: pages) and anything unparsable are foreign.
    /// </summary>
    public bool IsAllowed(string origin, HostString requestHost)
    {
        if (OriginOf(origin) is not { } normal)
        {
            return false;
        }

        if (_allowed.Contains(normal))
        {
            return true;
        }

        var uri = new Uri(normal);
        return requestHost.HasValue
            && string.Equals(uri.Host, requestHost.Host, StringComparison.OrdinalIgnoreCase)
            // A Host without a port names the default one of the scheme the page was loaded over.
            && uri.Port == (requestHost.Port ?? (uri.Scheme == Uri.UriSchemeHttps ? 443 : 80));
    }

    /// <summary>scheme://host[:port] in lower case with the default port left out, or null when not an http(s) URL.</summary>
    internal static string? OriginOf(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : null;
}
