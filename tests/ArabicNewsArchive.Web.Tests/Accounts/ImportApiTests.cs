using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Web.Accounts;
using ArabicNewsArchive.Web.Ingestion;
using ArabicNewsArchive.Web.Tests.Pages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ArabicNewsArchive.Web.Tests.Accounts;

/// <summary><c>POST /api/import</c>: who may call it, the outcomes per file, and the upload's limits.</summary>
public sealed class ImportApiTests(ArchiveAppFactory app) : IClassFixture<ArchiveAppFactory>
{
    private static string Article(string topic) =>
        $"عنوان الخبر عن {topic}\nنص الخبر وفيه تفاصيل كافية عن الحدث الذي وقع في المدينة، رقم {Guid.NewGuid():N}.";

    private static MultipartFormDataContent Files(params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            form.Add(new ByteArrayContent(bytes), "files", name);
        }

        return form;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                entry.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task Import_Anonymous_Answers401ProblemJson()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.PostAsync("/api/import", Files(("anon.txt", Utf8(Article("anon")))));

        await AccountApiTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Sign-in required");
    }

    [Fact]
    public async Task Import_Reader_Answers403ProblemJson()
    {
        using var client = await app.SignedInClientAsync("import-reader", role: null);

        using var response = await client.PostAsync("/api/import", Files(("reader.txt", Utf8(Article("reader")))));

        await AccountApiTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "Not allowed");
    }

    [Fact]
    public async Task Import_TwoGoodFilesAndABadOne_ReportsEach()
    {
        using var client = await app.SignedInClientAsync("import-cur", ArchiveRoles.Curator);

        using var response = await client.PostAsync("/api/import", Files(
            ("up-good-1.txt", Utf8(Article("الأول"))),
            ("up-good-2.md", Utf8("---\ntitle: خبر ثان\npublished: 2022-03-04\n---\n" + Article("الثاني"))),
            ("up-bad.txt", [0x00, 0x01, 0x02])));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<ImportAnswer>();
        Assert.Equal((2, 0, 0, 1), (answer!.Imported, answer.Updated, answer.Unchanged, answer.Rejected));
        Assert.Equal(
            [
                new ImportedFile("up-good-1.txt", "up-good-1", "imported", null, "/articles/up-good-1"),
                new ImportedFile("up-good-2.md", "up-good-2", "imported", null, "/articles/up-good-2"),
                new ImportedFile("up-bad.txt", null, "rejected", "binary: contains NUL bytes", null),
            ],
            answer.Files.Select(f => f with { Detail = f.Outcome == "rejected" ? f.Detail : null }));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ArchiveDbContext>>().CreateDbContextAsync();
        var stored = await db.Articles.Where(a => a.Id.StartsWith("up-good-")).Select(a => new { a.Id, a.Title }).ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.Contains(stored, a => a.Id == "up-good-2" && a.Title == "خبر ثان");

        using var again = await client.PostAsync("/api/import", Files(("up-good-1.txt", Utf8("not the same text, " + Article("x")))));
        var second = await again.Content.ReadFromJsonAsync<ImportAnswer>();
        Assert.Equal("updated", second!.Files.Single().Outcome);
    }

    [Fact]
    public async Task Import_Zip_ImportsItsArticlesUnderTheZipsName()
    {
        using var client = await app.SignedInClientAsync("import-zip", ArchiveRoles.Admin);

        using var response = await client.PostAsync("/api/import", Files(("batch.zip", Zip(
            ("2022/zip-a.txt", Utf8(Article("أ"))),
            ("zip-b.md", Utf8(Article("ب"))),
            ("notes.pdf", [1, 2, 3])))));

        var answer = await response.Content.ReadFromJsonAsync<ImportAnswer>();
        Assert.Equal(
            ["batch.zip/2022/zip-a.txt imported", "batch.zip/zip-b.md imported"],
            answer!.Files.Select(f => $"{f.Name} {f.Outcome}"));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("news/../../escape.txt")]
    [InlineData("/etc/escape.txt")]
    [InlineData("C:/escape.txt")]
    [InlineData("..\\escape.txt")]
    public async Task Import_ZipEntryLeavingTheFolder_RefusesTheZip(string entry)
    {
        using var client = await app.SignedInClientAsync("import-slip", ArchiveRoles.Curator);

        using var response = await client.PostAsync("/api/import", Files(("slip.zip", Zip(
            ("slip-fine.txt", Utf8(Article("fine"))),
            (entry, Utf8(Article("escape")))))));

        var answer = await response.Content.ReadFromJsonAsync<ImportAnswer>();
        var only = Assert.Single(answer!.Files);
        Assert.Equal(("slip.zip", "rejected"), (only.Name, only.Outcome));
        Assert.Contains("would be written outside the upload", only.Detail);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ArchiveDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Articles.AnyAsync(a => a.Id == "slip-fine" || a.Id == "escape"));
    }

    [Fact]
    public async Task Import_FileOverTheLimit_IsRejected()
    {
        using var client = await app.SignedInClientAsync("import-big", ArchiveRoles.Curator);
        var big = Utf8(Article("big") + new string('ن', (int)(UploadImport.MaxFileBytes / 2)));

        using var response = await client.PostAsync("/api/import", Files(("big.txt", big), ("small-ok.txt", Utf8(Article("small")))));

        var answer = await response.Content.ReadFromJsonAsync<ImportAnswer>();
        Assert.Equal(["small-ok.txt imported", "big.txt rejected larger than 10 MB"], answer!.Files.Select(f => $"{f.Name} {f.Outcome} {f.Detail}".Trim()));
    }

    [Fact]
    public async Task Import_ZipBomb_IsRefusedByWhatItUnpacksTo()
    {
        using var client = await app.SignedInClientAsync("import-bomb", ArchiveRoles.Curator);
        // 11 MB of one letter compresses to a few kilobytes.
        var bomb = Zip(("bomb.txt", new byte[UploadImport.MaxFileBytes + (1024 * 1024)]));
        Assert.True(bomb.Length < 100_000);

        using var response = await client.PostAsync("/api/import", Files(("bomb.zip", bomb)));

        var only = Assert.Single((await response.Content.ReadFromJsonAsync<ImportAnswer>())!.Files);
        Assert.Equal("rejected", only.Outcome);
        Assert.Equal("the zip entry 'bomb.txt' is larger than 10 MB: the zip is refused", only.Detail);
    }

    [Fact]
    public async Task Import_SignedInByCookieWithoutAntiforgeryToken_IsRefused()
    {
        await app.CreateUserAsync("import-cookie", ArchiveRoles.Curator);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await FormPosts.SignInAsync(client, "import-cookie", SignedInClients.Password)).Dispose();

        // What another site's page could make the curator's browser send: the cookie, no token.
        using var forged = await client.PostAsync("/api/import", Files(("csrf-upload.txt", Utf8(Article("csrf")))));
        await AccountApiTests.AssertProblemAsync(forged, HttpStatusCode.BadRequest, "Antiforgery token missing or invalid");

        // The page's own token (as a page script would send it) lets the same request through.
        var token = await FormPosts.AntiforgeryTokenAsync(client, "/logout");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/import") { Content = Files(("csrf-ok.txt", Utf8(Article("ok")))) };
        request.Headers.Add("RequestVerificationToken", token);
        using var allowed = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ArchiveDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Articles.AnyAsync(a => a.Id == "csrf-upload"));
        Assert.True(await db.Articles.AnyAsync(a => a.Id == "csrf-ok"));
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\a\\news.txt", "news.txt")]
    [InlineData("..hidden.txt", "hidden.txt")]
    [InlineData("a\nb.txt", "ab.txt")]
    public void SafeFileName_KeepsOnlyTheName(string given, string expected) =>
        Assert.Equal(expected, UploadImport.SafeFileName(given));
}
