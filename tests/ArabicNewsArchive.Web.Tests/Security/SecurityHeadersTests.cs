using ArabicNewsArchive.Web.Tests.Pages;

namespace ArabicNewsArchive.Web.Tests.Security;

/// <summary>Every kind of response carries the security headers: pages, API answers, static files, error pages.</summary>
public sealed class SecurityHeadersTests(ArchiveAppFactory app) : IClassFixture<ArchiveAppFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/articles/000_222e9e8ff3339bbc")]
    [InlineData("/api/articles?q=bogus")]
    [InlineData("/api/articles/no-such-article")]
    [InlineData("/app.css")]
    [InlineData("/fonts/OFL.txt")]
    [InlineData("/no-such-page")]
    [InlineData("/export/articles.csv")]
    public async Task Response_CarriesSecurityHeaders(string url)
    {
        using var response = await app.CreateClient().GetAsync(new Uri(url, UriKind.Relative));

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'self'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Matches(@"script-src 'self' 'nonce-[A-Za-z0-9_-]{22}'(;|$)", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task Page_ImportMapCarriesTheNonceOfItsCsp()
    {
        using var response = await app.CreateClient().GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        var nonce = System.Text.RegularExpressions.Regex.Match(Header(response, "Content-Security-Policy"), "'nonce-([^']+)'").Groups[1].Value;
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\"", html);
    }

    [Fact]
    public async Task Nonce_DiffersBetweenResponses()
    {
        var client = app.CreateClient();
        using var first = await client.GetAsync(new Uri("/", UriKind.Relative));
        using var second = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.NotEqual(Header(first, "Content-Security-Policy"), Header(second, "Content-Security-Policy"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : "";
}
