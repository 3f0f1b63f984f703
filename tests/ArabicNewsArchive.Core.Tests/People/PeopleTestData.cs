using ArabicNewsArchive.People;

namespace ArabicNewsArchive.Tests.People;

/// <summary>Paths into the repository (seeds, reference data, gold) and the recogniser built once from people.yaml.</summary>
internal static class PeopleTestData
{
    private static readonly Lazy<string> s_root = new(FindRoot);
    private static readonly Lazy<PersonRecognizer> s_recognizer = new(() => new PersonRecognizer(LoadPeople()));

    public static string Root => s_root.Value;

    public static PersonRecognizer Recognizer => s_recognizer.Value;

    public static IReadOnlyList<Person> LoadPeople() => PeopleCatalog.Load(Path.Combine(Root, "seeds", "reference", "people.yaml"));

    public static string Seed(string id) => File.ReadAllText(Path.Combine(Root, "seeds", id + ".txt"));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "seeds", "reference", "people.yaml")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root with seeds/reference/people.yaml not found.");
    }
}
