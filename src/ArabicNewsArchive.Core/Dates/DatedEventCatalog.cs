using System.Globalization;
using ArabicNewsArchive.Topics;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ArabicNewsArchive.Dates;

/// <summary>An event the reference data dates, so an article that names it gains an anchor.</summary>
/// <param name="NameAr">The name in Arabic, for the Arabic interface (the English name when the catalog has none).</param>
public sealed record DatedEvent(string Name, DateOnly Date, string NameAr);

/// <summary>
/// The events of seeds/reference/dated-events.yaml, compiled for matching on analysed tokens. Articles rarely
/// state a year; naming an event ("غزو أوكرانيا", "الألعاب الأولمبية الشتوية الرابعة والعشرين") often fixes it.
/// </summary>
public sealed class DatedEventCatalog
{
    internal StemPhraseIndex<DatedEvent> Index { get; } = new();

    public IReadOnlyList<DatedEvent> Events { get; private init; } = [];

    /// <summary>No events: inference then uses only what the text states.</summary>
    public static DatedEventCatalog Empty { get; } = new();

    /// <summary>Loads the YAML file at <paramref name="path"/>.</summary>
    public static DatedEventCatalog Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses YAML of the form <c>events: [{ name, date: yyyy-MM-dd, phrases: [..] }]</c>.</summary>
    public static DatedEventCatalog Parse(string yaml)
    {
        var file = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .Build()
            .Deserialize<EventsFile>(yaml) ?? new EventsFile();
        var events = new List<DatedEvent>();
        var catalog = new DatedEventCatalog { Events = events };
        foreach (var e in file.Events)
        {
            var date = DateOnly.ParseExact(e.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var dated = new DatedEvent(e.Name, date, string.IsNullOrWhiteSpace(e.NameAr) ? e.Name : e.NameAr);
            events.Add(dated);
            foreach (var phrase in e.Phrases)
            {
                catalog.Index.Add(phrase, dated);
            }
        }

        return catalog;
    }

    private sealed class EventsFile
    {
        public List<EventEntry> Events { get; set; } = [];
    }

    private sealed class EventEntry
    {
        public string Name { get; set; } = "";

        public string NameAr { get; set; } = "";

        public string Date { get; set; } = "";

        public List<string> Phrases { get; set; } = [];
    }
}
