namespace ArabicNewsArchive.Tests.Dates;

/// <summary>Finds the repository's seeds and reference data from the test's output folder.</summary>
internal static class SeedFiles
{
    public static string Root { get; } = FindRoot();

    public static string Reference(string name) => Path.Combine(Root, "seeds", "reference", name);

    public static string GoldFile(string name) => Path.Combine(Root, "tests", "ArabicNewsArchive.Core.Tests", "Gold", name);

    /// <summary>The five seed articles, id (file name without extension) → text, decoded as ingestion decodes them.</summary>
    public static IReadOnlyDictionary<string, string> Seeds { get; } = Directory
        .GetFiles(Path.Combine(Root, "seeds"), "*.txt")
        .OrderBy(p => p, StringComparer.Ordinal)
        .ToDictionary(p => Path.GetFileNameWithoutExtension(p), File.ReadAllText);

    public static string Seed(string prefix) => Seeds.Single(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ArabicNewsArchive.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (ArabicNewsArchive.sln) not found above " + AppContext.BaseDirectory);
    }
}
