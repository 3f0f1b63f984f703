using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ArabicNewsArchive.Tests.Search;

/// <summary>
/// The five seeds in a real SQLite store (an in-memory connection kept open), brought in exactly as the app does at
/// start-up: migrations, reference data, ingestion with the full analysis, the search index in step.
/// </summary>
public sealed class SearchFixture : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public IDbContextFactory<ArchiveDbContext> Factory { get; private set; } = null!;

    public SearchService Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        var options = new DbContextOptionsBuilder<ArchiveDbContext>().UseSqlite(_connection).Options;
        Factory = new PooledDbContextFactory<ArchiveDbContext>(options);
        var run = await ArchiveStartup.SeedAsync(Factory, SeedsDirectory());
        if (run.Files.Count(f => f.Outcome == IngestOutcome.Imported) != Ids.Length)
        {
            throw new InvalidOperationException("the seeds did not all import: " + string.Join("; ", run.Files.Select(f => $"{f.Path} {f.Outcome} {f.Detail}")));
        }

        Service = new SearchService(Factory);
    }

    public Task DisposeAsync() => _connection.DisposeAsync().AsTask();

    /// <summary>The seed article ids, in file order.</summary>
    public static readonly string[] Ids =
        ["000_222e9e8ff3339bbc", "001_115f144be502b13d", "002_beaccfc0902c3d0e", "003_b3014ee5dfb3bcc9", "004_4e31ff7a3868a69f"];

    public static string Seed(int i) => Ids[i];

    public static string SeedsDirectory() => Ingestion.Seeds.Folder;
}
