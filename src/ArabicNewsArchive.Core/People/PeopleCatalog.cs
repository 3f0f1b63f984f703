using ArabicNewsArchive.Text;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ArabicNewsArchive.People;

/// <summary>Reads the curated people list (seeds/reference/people.yaml).</summary>
public static class PeopleCatalog
{
    /// <summary>Loads the curated people with their aliases, normalised forms and phonetic keys filled.</summary>
    public static IReadOnlyList<Person> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path));
    }

    /// <summary>Parses the YAML text of a people file.</summary>
    public static IReadOnlyList<Person> Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        var file = deserializer.Deserialize<PeopleFile>(yaml) ?? new PeopleFile();
        var people = new List<Person>(file.People.Count);
        foreach (var entry in file.People)
        {
            var person = new Person
            {
                Slug = entry.Slug,
                NameAr = entry.NameAr,
                NameEn = entry.NameEn,
                Role = entry.Role,
                RoleAr = entry.RoleAr,
                Status = PersonStatus.Curated,
            };
            var spellings = new List<string> { entry.NameAr, entry.NameEn };
            spellings.AddRange(entry.Aliases);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var spelling in spellings)
            {
                var text = spelling.Trim();
                if (text.Length > 0 && seen.Add(text))
                {
                    person.Aliases.Add(CreateAlias(person.Slug, text, IsLatin(text) ? "latin" : "curated"));
                }
            }

            people.Add(person);
        }

        return people;
    }

    /// <summary>An alias with its normalised form and phonetic key computed.</summary>
    public static PersonAlias CreateAlias(string slug, string text, string origin) => new()
    {
        PersonSlug = slug,
        Text = text,
        Normalized = ArabicNormalizer.Normalize(text),
        PhoneticKey = PhoneticKeyOf(text),
        Origin = origin,
    };

    /// <summary>Phonetic key of a (possibly multi-word) name: the words' <see cref="NameKey"/>s joined by spaces.</summary>
    public static string PhoneticKeyOf(string name)
    {
        var tokens = ArabicTokenizer.Tokenize(name);
        return string.Join(' ', tokens.Select(t => NameKey.Of(t.Normalized)));
    }

    private static bool IsLatin(string text)
    {
        foreach (var c in text)
        {
            if (ArabicNormalizer.IsArabicLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class PeopleFile
    {
        public List<PersonEntry> People { get; set; } = [];
    }

    private sealed class PersonEntry
    {
        public string Slug { get; set; } = "";

        public string NameAr { get; set; } = "";

        public string NameEn { get; set; } = "";

        public string Role { get; set; } = "";

        public string RoleAr { get; set; } = "";

        public List<string> Aliases { get; set; } = [];
    }
}
