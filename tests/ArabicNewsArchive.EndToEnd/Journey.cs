using System.Text.RegularExpressions;
using ArabicNewsArchive.EndToEnd.Accessibility;
using Microsoft.Playwright;

namespace ArabicNewsArchive.EndToEnd;

/// <summary>
/// One person's visit: a fresh browser context and page, numbered screenshots of each step, and on failure the
/// page's HTML and a screenshot beside them.
/// </summary>
public sealed partial class Journey : IAsyncDisposable
{
    // The layout sets this once the Blazor circuit is up; clicks before that are lost on a prerendered page.
    private const string InteractiveScript = "() => document.body?.dataset.interactive === 'true'";

    private readonly IBrowserContext _context;
    private readonly string _directory;
    private int _step;

    private Journey(ArchiveApp app, IBrowserContext context, IPage page, string name)
    {
        App = app;
        _context = context;
        Page = page;
        _directory = Path.Combine(ArtifactsDirectory, name);
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        Directory.CreateDirectory(_directory);
    }

    /// <summary>Where screenshots go: <c>TestResults/screenshots/</c> beside the test project, or <c>E2E_ARTIFACTS</c>.</summary>
    public static string ArtifactsDirectory { get; } =
        Environment.GetEnvironmentVariable("E2E_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(ArchiveApp.RepositoryRoot, "tests", "ArabicNewsArchive.EndToEnd", "TestResults", "screenshots");

    public ArchiveApp App { get; }

    public IPage Page { get; }

    /// <summary>Runs <paramref name="steps"/> in a new context; a failure leaves the page's HTML and a screenshot.</summary>
    public static async Task RunAsync(ArchiveApp app, string name, Func<Journey, Task> steps)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "ar",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add(message);
        // Anything the app's content security policy refused (a script, style, font or socket of its own that the
        // policy forgot) is reported on the console: every journey fails on it.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };

        await using var journey = new Journey(app, context, page, name);
        try
        {
            await steps(journey);
            Assert.True(errors.Count == 0, "The page threw script errors or broke its content security policy:\n" + string.Join("\n", errors));
        }
        catch
        {
            await journey.SaveFailureAsync();
            throw;
        }
    }

    /// <summary>Opens a path of the app and waits until the page is interactive.</summary>
    public async Task GotoAsync(string path)
    {
        await Page.GotoAsync(path);
        await WaitForInteractiveAsync();
    }

    public async Task WaitForInteractiveAsync()
    {
        try
        {
            await Page.WaitForFunctionAsync(InteractiveScript);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(
                "The page never became interactive (document.body.dataset.interactive was not 'true').", e);
        }
    }

    /// <summary>
    /// Signs in through the sign-in page as a person does (it is a static page: no circuit to wait for), lands on
    /// <paramref name="returnPath"/> and waits for it to be interactive. The account comes from
    /// <see cref="ArchiveApp.CreateUserAsync"/>.
    /// </summary>
    public async Task SignInAsync(string userName, string returnPath = "/")
    {
        await Page.GotoAsync("/login?returnUrl=" + Uri.EscapeDataString(returnPath));
        await Page.GetByTestId("login-user").FillAsync(userName);
        await Page.GetByTestId("login-password").FillAsync(ArchiveApp.Password);
        await Page.GetByTestId("login-submit").ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == returnPath.Split('?')[0]);
        await WaitForInteractiveAsync();
    }

    /// <summary>Saves a numbered full-page screenshot of the current step.</summary>
    public async Task ScreenshotAsync(string step)
    {
        _step++;
        await Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(_directory, $"{_step:00}-{Slug(step)}.png"),
            FullPage = true,
        });
    }

    /// <summary>Runs axe-core on the current page and fails on any serious or critical violation.</summary>
    public Task CheckAccessibilityAsync(string label) => AxeCheck.AssertNoSeriousViolationsAsync(Page, label);

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
    }

    private async Task SaveFailureAsync()
    {
        try
        {
            await File.WriteAllTextAsync(Path.Combine(_directory, "failure.html"), await Page.ContentAsync());
            await Page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(_directory, "failure.png"),
                FullPage = true,
            });
        }
        catch (PlaywrightException)
        {
            // The page itself may be what broke; the original failure matters more than its pictures.
        }
    }

    private static string Slug(string text) => NonWord().Replace(text.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonWord();
}
