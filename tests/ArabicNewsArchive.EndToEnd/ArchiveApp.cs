using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ArabicNewsArchive.EndToEnd;

/// <summary>
/// The real app on a loopback port with a fresh SQLite file (seeded from <c>seeds/</c> by the app's own start-up),
/// and one headless Debian Chromium shared by every browser test.
/// </summary>
public sealed class ArchiveApp : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // Without these Chromium reaches for the closed network (updates, sync, QUIC probes) and stalls or crashes.
    private static readonly string[] s_chromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly string _databaseFile = Path.Combine(Path.GetTempPath(), $"archive-e2e-{Guid.NewGuid():N}.db");
    private Factory? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>The repository root, found from the test assembly's folder, so the tests can read <c>seeds/</c>.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string SeedsDirectory => Path.Combine(RepositoryRoot, "seeds");

    /// <summary>The password of every account <see cref="CreateUserAsync"/> makes.</summary>
    public const string Password = "Journey-password-1";

    /// <summary>An account in the app's store (role null: a reader), made as the <c>users add</c> command makes one.</summary>
    public async Task CreateUserAsync(string userName, string? role)
    {
        var services = _factory?.Services ?? throw new InvalidOperationException("The app has not started.");
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByNameAsync(userName) is null)
        {
            var user = new IdentityUser(userName);
            var created = await users.CreateAsync(user, Password);
            if (created.Succeeded && role is not null)
            {
                created = await users.AddToRoleAsync(user, role);
            }

            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            }
        }
    }

    public async Task InitializeAsync()
    {
        // A missing browser is a broken machine, not a reason to pass: fail loudly with the fix.
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing, so the browser tests cannot run. Install Debian's Chromium: " +
                "apt-get update && apt-get install -y --no-install-recommends chromium " +
                "(.ci/run does this itself). Playwright must never download its own browser.");
        }

        _factory = new Factory($"Data Source={_databaseFile};Pooling=False", SeedsDirectory);
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel reported no listening address.");
        BaseAddress = new Uri(addresses.Addresses.Single());

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = s_chromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databaseFile + suffix);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ArabicNewsArchive.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ArabicNewsArchive.sln above {AppContext.BaseDirectory}.");
    }

    private sealed class Factory(string connectionString, string seedsDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Seen by Program.cs before Build(), so the app migrates and seeds this file and no other.
            builder.UseSetting("ConnectionStrings:Archive", connectionString);
            builder.UseSetting("Archive:SeedsPath", seedsDirectory);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ArchiveApp>
{
    public const string Name = "browser";
}
