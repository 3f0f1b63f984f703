using System.Globalization;
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
                Country = entry.Country.Trim().ToLowerInvariant(),
                ShortForms = [.. entry.ShortForms.Select(f => f.Trim()).Where(f => f.Length > 0)],
                Titles = [.. entry.Titles
                    .Where(t => t.Ar.Trim().Length > 0)
                    .Select(t => new PersonTitle(t.Ar.Trim(), ParseDate(t.From), ParseDate(t.To)))],
                Sources = [.. entry.Sources.Select(u => u.Trim()).Where(u => u.Length > 0)],
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

            // Short forms are aliases too, so a search for سلمان still finds the king; the origin tells the recogniser
            // they need the full name or a title in the same article.
            foreach (var form in person.ShortForms)
            {
                if (seen.Add(form))
                {
                    person.Aliases.Add(CreateAlias(person.Slug, form, "short"));
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

    private static DateOnly? ParseDate(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : DateOnly.ParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);

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

        public string Country { get; set; } = "";

        public List<string> Aliases { get; set; } = [];

        public List<string> ShortForms { get; set; } = [];

        public List<TitleEntry> Titles { get; set; } = [];

        public List<string> Sources { get; set; } = [];
    }

    private sealed class TitleEntry
    {
        public string Ar { get; set; } = "";

        public string? From { get; set; }

        public string? To { get; set; }
    }
}
