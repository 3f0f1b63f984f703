using System.Runtime;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Web.Accounts;
using ArabicNewsArchive.Web.Api;
using ArabicNewsArchive.Web.Components;
using ArabicNewsArchive.Web.Hosting;
using ArabicNewsArchive.Web.Ingestion;
using ArabicNewsArchive.Web.Security;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;

if (args is ["ingest", .. var ingestPaths])
{
    // Blocking collections only: nobody waits on an ingestion's pauses, and a background collection lets its garbage
    // grow while it runs (docs/ingestion.md, "Memory"). The server keeps background collections for its readers.
    GCSettings.LatencyMode = GCLatencyMode.Batch;

    // No args to the builder: a path such as /data/news would read as a command-line configuration switch.
    var cli = WebApplication.CreateBuilder();
    return await IngestCommand.RunAsync(
        ingestPaths,
        ArchiveConfiguration.ConnectionString(cli.Configuration, cli.Environment.ContentRootPath),
        ArchiveConfiguration.SeedsPath(cli.Configuration, cli.Environment.ContentRootPath),
        Console.Out,
        Console.Error,
        cli.Configuration.GetValue<int?>("Archive:IngestCacheMegabytes"),
        cli.Configuration.GetValue<bool>("Archive:IngestStages"));
}

if (args is ["users", .. var userArgs])
{
    var cli = WebApplication.CreateBuilder();
    return await UsersCommand.RunAsync(
        userArgs,
        ArchiveConfiguration.ConnectionString(cli.Configuration, cli.Environment.ContentRootPath),
        Environment.GetEnvironmentVariable(UsersCommand.PasswordVariable),
        UsersCommand.AskPassword,
        Console.Out,
        Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

// With no configuration the archive lives in an embedded SQLite file beside the app's content root.
var connectionString = ArchiveConfiguration.ConnectionString(builder.Configuration, builder.Environment.ContentRootPath);

// Blazor Server: one context per operation from the factory; a scoped context would live as long as the circuit.
// Pooled: a new context resolved its dozens of services from a DI scope of its own, a tenth of an article view's CPU
// (docs/history/performance-rounds.md, "Article and search pages: CPU per view"); a pooled one is reset and handed out again.
builder.Services.AddPooledDbContextFactory<ArchiveDbContext>(o => o.UseSqlite(connectionString));

// Without this, Razor writes every Arabic letter as an &#x6..; entity: harmless to browsers, not to curl or tests.
builder.Services.AddSingleton(HtmlEncoder.Create(
    UnicodeRanges.BasicLatin, UnicodeRanges.Latin1Supplement, UnicodeRanges.GeneralPunctuation,
    UnicodeRanges.Arabic, UnicodeRanges.ArabicSupplement, UnicodeRanges.ArabicExtendedA,
    UnicodeRanges.ArabicPresentationFormsA, UnicodeRanges.ArabicPresentationFormsB));

builder.Services.AddSingleton<SearchService>();
builder.Services.AddSingleton<ArchiveOrigins>();
builder.Services.AddMudServices();
builder.Services.AddArchiveUi();
// Identity on the same SQLite file, cookie and bearer sign-in, the curator and admin policies (docs/curation.md).
builder.Services.AddArchiveAccounts(builder.Configuration, connectionString);
// Curators' corrections (docs/curation.md).
builder.Services.AddArchiveCuration(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddSingleton<UploadImport>();
// An open page holds its circuit at about 2 MB on the 100k archive (docs/history/performance-rounds.md). A tab that goes away
// without saying so (network drop, killed browser) keeps its circuit for the retention period; the default cap of
// 100 such circuits could alone take half the web process's 400 MB budget.
builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents(o => o.DisconnectedCircuitMaxRetained = 20);

var app = builder.Build();

// Migrations, reference data, and the seed articles not yet in the store (docs/ingestion.md).
var contexts = app.Services.GetRequiredService<IDbContextFactory<ArchiveDbContext>>();
var seedsPath = ArchiveConfiguration.SeedsPath(app.Configuration, app.Environment.ContentRootPath);
IngestRun seeding;
try
{
    seeding = await ArchiveStartup.SeedAsync(contexts, seedsPath);
    // A start after an ingestion stores the seeds and runs their story step over the whole archive: its garbage and
    // the 64 MB page cache it put back stood under the snapshot's load, and glibc kept the cache's pages after it
    // (100k articles: 393 MB before the load, 481 MB at its peak, 338 MB once collected; with this 217, 400 and 263).
    await ReleaseStartupMemoryAsync();
    await AccountsSetup.MigrateAccountsAsync(app.Services);
    await LoadSnapshotAsync();
}
catch (Exception e) when (IngestStoreException.Classify(e) == StoreFailure.ReadOnly)
{
    // A read-only store (a mount, a copy for readers) is served as it is: readers need no writes (docs/security.md).
    app.Logger.LogWarning("The store is read-only ({Reason}): serving it without migrating or seeding", e.Message);
    seeding = new IngestRun([]);
    await LoadSnapshotAsync();
}

if (seeding.Deferred is { } deferred)
{
    app.Logger.LogWarning("Serving the store without checking the seeds: {Reason}", deferred);
}

foreach (var rejected in seeding.Files.Where(f => f.Outcome == IngestOutcome.Rejected))
{
    app.Logger.LogWarning("Seed file {Path} rejected: {Reason}", rejected.Path, rejected.Detail);
}

// The garbage of start-up (migrations, the seeds' check, the snapshot's load: ~200 MB on a 10k store) is given back
// before anyone reads.
await ReleaseStartupMemoryAsync();

// First, so every answer carries the headers: pages, API, static files, error pages (docs/security.md).
app.UseSecurityHeaders();
// Circuits and writes from other sites' pages are refused before anything else runs for them.
app.UseOriginPolicy();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    // Only on HTTPS requests: a plain-HTTP loopback run gets no HSTS header.
    app.UseHsts();
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
// Authentication, authorization and antiforgery (forms, and API writes that ride on the sign-in cookie).
app.UseArchiveAccounts();
// A merged person's old page address leads to the person it was merged into (docs/curation.md).
app.UsePersonRedirects();
// Reads render a few at a time and the rest queue: their memory stays bounded under load (Hosting/RenderGate.cs).
app.UseRenderGate(RenderGate.Limit(app.Configuration));

// Open even when Archive:RequireSignIn closes everything else: the sign-in page needs its styles and scripts.
app.MapStaticAssets().AllowAnonymous();
app.MapAccountApi();
app.MapImportApi();
app.MapArchiveApi();
app.MapCurationApi();
app.MapArchiveUi();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

// The search snapshot, loaded at start rather than by the first reader.
async Task LoadSnapshotAsync()
{
    try
    {
        await app.Services.GetRequiredService<SearchService>().SearchAsync(new SearchRequest { PageSize = 1 });
    }
    catch (System.Data.Common.DbException e)
    {
        // The first search loads it then, and reports what is wrong to its reader.
        app.Logger.LogWarning("The search snapshot was not loaded at start: {Reason}", e.Message);
    }
}

// Twice, with the finalisers between: what a finaliser still reaches outlives the first. Then the C heap: SQLite's
// page caches are malloc'd a page at a time, and glibc keeps what they free for later mallocs (NativeHeap).
static async Task ReleaseStartupMemoryAsync()
{
    // From a fresh stack: called on the thread that completed the awaited work, the collection ran above the frames of
    // the methods that had just returned (the seeds' ingestion, the snapshot's load), which still held their state
    // machines and through them the analysers, the person tagger and the reference data. At 100k articles, a first
    // start after an ingestion kept 121.8 MB of heap this way and 50.7 MB from here; its RSS 333 then 263 MB.
    await Task.Yield();
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    NativeHeap.Trim();
}

/// <summary>Entry point; public so WebApplicationFactory can reach it from the tests.</summary>
public partial class Program;
