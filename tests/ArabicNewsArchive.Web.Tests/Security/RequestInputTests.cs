using System.Net;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Web.Components.Pages.Archive;
using ArabicNewsArchive.Web.Ingestion;
using ArabicNewsArchive.Web.Tests.Pages;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ArabicNewsArchive.Web.Tests.Security;

/// <summary>What a request or a file name can slip into an answer: redirects, links, spreadsheet cells, output lines.</summary>
public sealed class RequestInputTests(ArchiveAppFactory app) : IClassFixture<ArchiveAppFactory>
{
    private const string Article = "000_222e9e8ff3339bbc";

    [Theory]
    [InlineData("/%09/evil.example", "/")]
    [InlineData("/%0d%0aSet-Cookie:x=1", "/")]
    [InlineData("/people%0d%0a", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/%5Cevil.example", "/")]
    [InlineData("https://evil.example", "/")]
    [InlineData("/people%3Flang%3Dar%26q%3Dx", "/people?q=x")]
    public async Task LanguageSwitch_ReturnUrl_RedirectsOnlyToLocalPaths(string returnUrl, string expected)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri("/language/en?returnUrl=" + returnUrl, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/export/articles.csv?person=vladimir-putin")]
    [InlineData("/export/articles.json?person=vladimir-putin")]
    [InlineData("/articles/" + Article)]
    public async Task Links_IgnoreTheHostHeader(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Host = "evil.example";

        using var response = await app.CreateClient().SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("evil.example", body);
        // Without Archive:PublicBaseUrl the links are relative.
        Assert.Contains("/articles/" + Article, body);
    }

    [Fact]
    public async Task Links_UseTheConfiguredPublicBaseUrl()
    {
        await using var configured = app.WithWebHostBuilder(b => b.UseSetting("Archive:PublicBaseUrl", "https://archive.example/news/"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/export/articles.csv?person=vladimir-putin", UriKind.Relative));
        request.Headers.Host = "evil.example";

        using var response = await configured.CreateClient().SendAsync(request);
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Contains("https://archive.example/news/articles/" + Article, csv);
        Assert.DoesNotContain("evil.example", csv);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\")", "\"'=HYPERLINK(\"\"http://evil.example\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("عنوان = خبر", "عنوان = خبر")]
    [InlineData("a,b", "\"a,b\"")]
    public void Csv_FormulaCellsAreNeutralised(string value, string expected) =>
        Assert.Equal(expected, ExportEndpoints.Csv(value));

    [Fact]
    public void IngestOutput_FileNameWithControlCharactersStaysOnOneLine()
    {
        var line = IngestCommand.FormatResult(new IngestFileResult("in/a\nrejected  fake.txt\r\u001b[2J\t.txt", null, IngestOutcome.Rejected, "why\nnot"));

        Assert.Equal(@"rejected  in/a\nrejected  fake.txt\r\u001B[2J\t.txt: why\nnot", line);
    }
}
