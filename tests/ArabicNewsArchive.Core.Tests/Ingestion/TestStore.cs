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

    /// <summary>Files as the benchmark writes them: the seeds' sentences, each file reporting one of n/4 events.</summary>
    public void WriteSynthetic(int n)
    {
        var sentences = Seeds.Files.SelectMany(f => System.IO.File.ReadAllText(f).Split(['\n', '.'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(s => s.Length > 30).Distinct().ToList();
        var rng = new Random(11);
        const string letters = "بتثجحخدذرزسشصضطظعغفقكلمنهوي";
        for (var i = 0; i < n; i++)
        {
            var picked = Enumerable.Range(0, rng.Next(8, 15)).Select(_ => sentences[rng.Next(sentences.Count)]).ToList();
            var ev = rng.Next(n / 4);
            var evRng = new Random(ev);
            var words = Enumerable.Range(0, 4).Select(_ => string.Concat(Enumerable.Range(0, evRng.Next(5, 8)).Select(_ => letters[evRng.Next(letters.Length)]))).ToArray();
            picked.Insert(1 + rng.Next(picked.Count - 1), $"وعقد الاجتماع في {words[0]} بحضور {words[1]} و{words[2]}");
            picked.Add($"وتناولت محادثات {words[0]} ملف {words[3]} و{words[1]}");
            var day = new DateOnly(2020, 1, 1).AddDays(evRng.Next(365 * 4) + rng.Next(-2, 3));
            var body = string.Join(".\n\n", picked.Skip(1)) + ".";
            if (rng.Next(5) < 3)
            {
                Write($"syn_{i:D4}.md", $"---\ntitle: \"{picked[0].Replace("\"", "", StringComparison.Ordinal)}\"\npublished: {day:yyyy-MM-dd}\n---\n\n{body}");
            }
            else
            {
                Write($"syn_{i:D4}.txt", $"{picked[0]}\n\n{body}");
            }
        }
    }

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
