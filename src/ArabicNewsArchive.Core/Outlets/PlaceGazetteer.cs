using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ArabicNewsArchive.Outlets;

/// <summary>
/// Cities and capitals that open datelines (seeds/reference/places.yaml), by country. A place is never an outlet
/// ("الرياض – سبق" names Sabq, not the daily الرياض), and its country tells same-named outlets apart.
/// </summary>
public sealed class PlaceGazetteer
{
    private readonly Dictionary<string, string> _countryOf = new(StringComparer.Ordinal);
    private readonly HashSet<string> _countries = new(StringComparer.Ordinal);

    public PlaceGazetteer(IEnumerable<(string Name, string Country)> places, IEnumerable<string>? countries = null)
    {
        foreach (var name in countries ?? [])
        {
            _countries.Add(OutletCatalog.NormalizeName(name));
        }

        foreach (var (name, country) in places)
        {
            var key = OutletCatalog.NormalizeName(name);
            if (key.Length > 0)
            {
                _countryOf.TryAdd(key, country);
            }
        }
    }

    public static PlaceGazetteer Empty { get; } = new([]);

    public int Count => _countryOf.Count;

    /// <summary>Loads places.yaml: <c>places: { countryCode: [name, ...] }</c>.</summary>
    public static PlaceGazetteer Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses the YAML of <see cref="Load"/>.</summary>
    public static PlaceGazetteer Parse(string yaml)
    {
        var file = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
            .Deserialize<PlacesFile?>(yaml) ?? new PlacesFile();
        return new PlaceGazetteer(file.Places.SelectMany(kv => kv.Value.Select(n => (n, kv.Key.ToLowerInvariant()))), file.Countries.Values.SelectMany(v => v));
    }

    /// <summary>The country of the place <paramref name="name"/> (spelling differences ignored), or null when it is not a place.</summary>
    public string? CountryOf(string name) => _countryOf.GetValueOrDefault(OutletCatalog.NormalizeName(name));

    /// <summary>True when <paramref name="name"/> is a listed place.</summary>
    public bool IsPlace(string name) => CountryOf(name) is not null;

    /// <summary>True when <paramref name="name"/> is a listed country's name (spelling differences ignored).</summary>
    public bool IsCountry(string name) => _countries.Contains(OutletCatalog.NormalizeName(name));

    private sealed class PlacesFile
    {
        public Dictionary<string, List<string>> Places { get; set; } = [];

        public Dictionary<string, List<string>> Countries { get; set; } = [];
    }
}
