using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ArabicNewsArchive.Tests.Ingestion;

/// <summary>A migrated SQLite store in a temp file, and a scratch folder for test files; both removed on dispose.</summary>
public sealed class TestStore : IDisposable
{
    public TestStore()
    {
        Directory.CreateDirectory(Folder);
        // Pooling=False: the file can be deleted as soon as the test is done.
        var options = new DbContextOptionsBuilder<ArchiveDbContext>().UseSqlite($"Data Source={DbPath};Pooling=False").Options;
        Contexts = new PooledDbContextFactory<ArchiveDbContext>(options);
        using var db = Contexts.CreateDbContext();
        db.Database.Migrate();
        Reference = ReferenceData.Load(Path.Combine(Seeds.Folder, "reference"));
        Reference.SyncAsync(db).GetAwaiter().GetResult();
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "ana-test-" + Guid.NewGuid().ToString("N"));

    public string DbPath => Path.Combine(Folder, "archive.db");

    public IDbContextFactory<ArchiveDbContext> Contexts { get; }

    public ReferenceData Reference { get; }

    public IngestionService Service() => new(Contexts, Reference);

    public ArchiveDbContext Db() => Contexts.CreateDbContext();

    /// <summary>Writes a file under the scratch folder (sub-folders created) and returns its full path.</summary>
    public string Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(Folder, "in", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Write(string relative, string utf8) => Write(relative, System.Text.Encoding.UTF8.GetBytes(utf8));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}

/// <summary>The repository's seeds/ folder, found by walking up to ArabicNewsArchive.sln.</summary>
public static class Seeds
{
    public static string Folder { get; } = ArchiveStartup.FindSeedsPath(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("seeds/ not found above " + AppContext.BaseDirectory);

    public static IReadOnlyList<string> Files { get; } =
        [.. Directory.GetFiles(Folder, "*.txt").Order(StringComparer.Ordinal)];

    public static string File(string prefix) => Files.Single(f => Path.GetFileName(f).StartsWith(prefix, StringComparison.Ordinal));

    public static string Text(string prefix) => System.IO.File.ReadAllText(File(prefix));
}
