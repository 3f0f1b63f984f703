using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using ArabicNewsArchive.Store;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ArabicNewsArchive.EndToEnd;

/// <summary>
/// The real app on a loopback port with a fresh SQLite file (seeded from <c>seeds/</c> by the app's own start-up),
/// and one headless Debian Chromium shared by every browser test.
/// </summary>
public class ArchiveApp : IAsyncLifetime
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
    private readonly TagCounter _reads = new();

    /// <summary>Commands the app ran whose SQL carries <paramref name="tag"/> (EF's <c>TagWith</c>): reads of one read model.</summary>
    public int Reads(string tag) => _reads.Count(tag);

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

    /// <summary>The seeds folder the app starts from (<see cref="SeedsDirectory"/> unless a subclass brings its own).</summary>
    protected virtual string StartSeeds => SeedsDirectory;

    public virtual async Task InitializeAsync()
    {
        // A missing browser is a broken machine, not a reason to pass: fail loudly with the fix.
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing, so the browser tests cannot run. Install Debian's Chromium: " +
                "apt-get update && apt-get install -y --no-install-recommends chromium " +
                "(.ci/run does this itself). Playwright must never download its own browser.");
        }

        _factory = new Factory($"Data Source={_databaseFile};Pooling=False", StartSeeds, _reads);
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

    public virtual async Task DisposeAsync()
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

    private sealed class Factory(string connectionString, string seedsDirectory, TagCounter reads) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Seen by Program.cs before Build(), so the app migrates and seeds this file and no other.
            builder.UseSetting("ConnectionStrings:Archive", connectionString);
            builder.UseSetting("Archive:SeedsPath", seedsDirectory);
            // A journey that fails on a script error then names the server's exception (a .NET method the page
            // invoked, such as an event's DispatchEventAsync) instead of "turn on detailed exceptions".
            builder.UseSetting("DetailedErrors", "true");
            builder.ConfigureServices(services => services.ConfigureDbContext<ArchiveDbContext>(o => o.AddInterceptors(reads)));
        }
    }

    /// <summary>Counts the commands by the tags (<c>-- tag</c> lines) EF writes at the top of their SQL.</summary>
    private sealed class TagCounter : DbCommandInterceptor
    {
        private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

        public int Count(string tag) => _counts.GetValueOrDefault(tag);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Note(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Note(command);
            return result;
        }

        private void Note(DbCommand command)
        {
            foreach (var line in command.CommandText.Split('\n'))
            {
                if (!line.StartsWith("-- ", StringComparison.Ordinal))
                {
                    break;
                }

                _counts.AddOrUpdate(line[3..].TrimEnd('\r'), 1, (_, n) => n + 1);
            }
        }
    }
}

/// <summary>
/// The app over the seeds and a few made-up articles that name more people than a facet lists (ten), so a journey
/// can use the people facet's "more" box; in a store of its own, so the seeds' journeys keep their counts.
/// </summary>
public sealed class CrowdedArchiveApp : ArchiveApp
{
    private static readonly string[] s_people =
    [
        "جو بايدن", "دونالد ترامب", "إيمانويل ماكرون", "أنطونيو غوتيريش", "رجب طيب أردوغان", "عبد الفتاح السيسي",
        "أولاف شولتس", "ناريندرا مودي", "بنيامين نتنياهو", "فولوديمير زيلينسكي", "تميم بن حمد", "محمد بن سلمان",
    ];

    private readonly string _seeds = Path.Combine(Path.GetTempPath(), $"archive-e2e-seeds-{Guid.NewGuid():N}");

    protected override string StartSeeds => _seeds;

    public override Task InitializeAsync()
    {
        Directory.CreateDirectory(_seeds);
        Directory.CreateSymbolicLink(Path.Combine(_seeds, "reference"), Path.Combine(SeedsDirectory, "reference"));
        foreach (var file in Directory.GetFiles(SeedsDirectory, "*.txt"))
        {
            File.Copy(file, Path.Combine(_seeds, Path.GetFileName(file)));
        }

        for (var i = 0; i < s_people.Length; i += 2)
        {
            File.WriteAllText(Path.Combine(_seeds, $"crowd_{i:D2}.txt"),
                $"لقاء حول الصين\n\nبكين - قال {s_people[i]} إن العلاقات مع الصين مهمة، وأضاف {s_people[i + 1]} أن الحوار مع الصين مستمر.\n");
        }

        return base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_seeds, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ArchiveApp>
{
    public const string Name = "browser";
}
