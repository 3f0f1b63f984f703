using System.Net;
using ArabicNewsArchive.Web.Tests.Pages;

namespace ArabicNewsArchive.Web.Tests.Security;

/// <summary>
/// The circuit and the API's writes answer only the archive's own origins (its host, Archive:PublicBaseUrl,
/// Archive:AllowedOrigins); requests without Origin (curl, scripts) and cross-origin reads are served.
/// </summary>
public sealed class OriginPolicyTests(ArchiveAppFactory app) : IClassFixture<ArchiveAppFactory>
{
    private const string Negotiate = "/_blazor/negotiate?negotiateVersion=1";

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://localhost.evil.example")]
    [InlineData("http://localhost:8080")]
    [InlineData("null")]
    [InlineData("not a url")]
    public async Task Negotiate_ForeignOrigin_Answers403(string origin)
    {
        using var response = await SendAsync(app.CreateClient(), HttpMethod.Post, Negotiate, origin);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("http://localhost")]
    [InlineData("https://localhost")]
    [InlineData(null)]
    public async Task Negotiate_OwnOriginOrNone_Answers200(string? origin)
    {
        using var response = await SendAsync(app.CreateClient(), HttpMethod.Post, Negotiate, origin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("connectionToken", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CircuitUpgrade_ForeignOrigin_Answers403()
    {
        using var response = await SendAsync(app.CreateClient(), HttpMethod.Get, "/_blazor?id=x", "https://evil.example");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task CircuitWebSocket_ForeignOrigin_IsRefused()
    {
        var sockets = app.Server.CreateWebSocketClient();
        sockets.ConfigureRequest = r => r.Headers.Origin = "https://evil.example";

        var refused = await Record.ExceptionAsync(() => sockets.ConnectAsync(new Uri(app.Server.BaseAddress, "_blazor?id=x"), CancellationToken.None));

        Assert.NotNull(refused);
        Assert.Contains("403", refused.Message);
    }

    [Fact]
    public async Task ApiWrite_ForeignOrigin_Answers403_OwnOriginReachesTheEndpoint()
    {
        var client = app.CreateClient();
        using var foreign = await SendAsync(client, HttpMethod.Post, "/api/articles", "https://evil.example");
        using var own = await SendAsync(client, HttpMethod.Post, "/api/articles", "http://localhost");

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        // No write endpoint at that address: the app answers it (4xx), not the origin check.
        Assert.NotEqual(HttpStatusCode.Forbidden, own.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData(null)]
    public async Task ApiRead_AnyOrigin_IsServed(string? origin)
    {
        using var response = await SendAsync(app.CreateClient(), HttpMethod.Get, "/api/articles?q=bogus", origin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Negotiate_ConfiguredOrigins_AreAllowed()
    {
        await using var configured = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Archive:AllowedOrigins", "https://mirror.example, https://other.example:8443");
            b.UseSetting("Archive:PublicBaseUrl", "https://archive.example/news/");
        });
        var client = configured.CreateClient();

        foreach (var origin in new[] { "https://mirror.example", "https://OTHER.example:8443", "https://archive.example" })
        {
            using var response = await SendAsync(client, HttpMethod.Post, Negotiate, origin);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Same host, other scheme or port: another origin.
        using var http = await SendAsync(client, HttpMethod.Post, Negotiate, "http://mirror.example");
        using var port = await SendAsync(client, HttpMethod.Post, Negotiate, "https://other.example");
        Assert.Equal(HttpStatusCode.Forbidden, http.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, port.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? origin)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("");
        }

        return await client.SendAsync(request);
    }
}
