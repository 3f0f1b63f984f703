using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ArabicNewsArchive.EndToEnd.Journeys;

/// <summary>Accounts: a visitor sees no curator control; a curator signs in and uploads files (docs/curation.md).</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountJourneys(ArchiveApp app)
{
    [Fact]
    public Task Curator_SignsInUploadsTwoFilesAndABadOne_SeesTheOutcomes() => Journey.RunAsync(app, "20-sign-in-upload", async j =>
    {
        await app.CreateUserAsync("journey-curator", "curator");
        // The desktop size of the screenshots in docs/screenshots/.
        await j.Page.SetViewportSizeAsync(1366, 900);

        // Signed out: a sign-in link, no upload link, and the upload page itself sends to the sign-in page.
        await j.GotoAsync("/");
        await Expect(j.Page.GetByTestId("sign-in")).ToBeVisibleAsync();
        await Expect(j.Page.Locator("a[href='/import']")).ToHaveCountAsync(0);
        await Expect(j.Page.GetByTestId("sign-out")).ToHaveCountAsync(0);
        await j.Page.GotoAsync("/import");
        await Expect(j.Page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Fimport"));
        await Expect(j.Page.GetByLabel("اسم المستخدم")).ToBeVisibleAsync();
        await Expect(j.Page.GetByLabel("كلمة المرور")).ToBeVisibleAsync();
        await j.ScreenshotAsync("login");
        await j.CheckAccessibilityAsync("login-ar");

        // A wrong password first: the page says so and keeps the reader there.
        await j.Page.GetByTestId("login-user").FillAsync("journey-curator");
        await j.Page.GetByTestId("login-password").FillAsync("Wrong-password-1");
        await j.Page.GetByTestId("login-password").PressAsync("Enter");
        await Expect(j.Page.GetByTestId("login-error")).ToBeVisibleAsync();

        await j.SignInAsync("journey-curator", "/import");
        await Expect(j.Page.GetByTestId("account-name")).ToHaveTextAsync("journey-curator");
        await Expect(j.Page.GetByTestId("import-limits")).ToContainTextAsync("10 MB");
        await j.ScreenshotAsync("import-page");
        await j.CheckAccessibilityAsync("import-ar");

        await j.Page.Locator("#import-files").SetInputFilesAsync(new[]
        {
            Text("journey-upload-1.txt", "اجتماع وزراء الخارجية في موسكو\nعقد وزراء الخارجية اجتماعًا في موسكو لبحث التعاون الاقتصادي بين البلدين."),
            Text("journey-upload-2.md", "---\ntitle: قمة اقتصادية في بكين\npublished: 2023-03-21\n---\nانطلقت في بكين قمة اقتصادية بحضور وفود من عشرين دولة."),
            new FilePayload { Name = "journey-bad.txt", MimeType = "text/plain", Buffer = [0x00, 0x01, 0x02, 0x03] },
        });
        await Expect(j.Page.GetByTestId("import-chosen").Locator("li")).ToHaveCountAsync(3);
        await j.Page.GetByTestId("import-submit").ClickAsync();

        await Expect(j.Page.GetByTestId("import-summary")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var rows = j.Page.GetByTestId("import-row");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(j.Page.Locator("[data-testid=import-row][data-outcome=imported]")).ToHaveCountAsync(2);
        var rejected = j.Page.Locator("[data-testid=import-row][data-outcome=rejected]");
        await Expect(rejected).ToContainTextAsync("journey-bad.txt");
        await Expect(rejected).ToContainTextAsync("binary: contains NUL bytes");
        await j.ScreenshotAsync("outcomes");
        await j.CheckAccessibilityAsync("import-outcomes-ar");

        // The link of an imported file opens its article.
        await j.Page.GetByTestId("import-link").Filter(new() { HasText = "journey-upload-2.md" }).ClickAsync();
        await Expect(j.Page).ToHaveURLAsync(new Regex("/articles/journey-upload-2$"));
        await Expect(j.Page.Locator("h1")).ToContainTextAsync("قمة اقتصادية في بكين");

        // Signing out takes the controls away again.
        await j.Page.GetByTestId("sign-out").ClickAsync();
        await Expect(j.Page.GetByTestId("sign-in")).ToBeVisibleAsync();
        await Expect(j.Page.Locator("a[href='/import']")).ToHaveCountAsync(0);

        // The two pages at a phone's width, for docs/curation.md.
        await j.Page.SetViewportSizeAsync(390, 844);
        await j.Page.GotoAsync("/login?lang=en");
        await j.ScreenshotAsync("login-phone-en");
        await j.SignInAsync("journey-curator", "/import");
        await j.ScreenshotAsync("import-phone");
    });

    private static FilePayload Text(string name, string text) =>
        new() { Name = name, MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(text) };
}
