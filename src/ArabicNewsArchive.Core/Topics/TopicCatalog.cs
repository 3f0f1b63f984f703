using System.Globalization;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ArabicNewsArchive.Topics;

/// <summary>A trigger phrase of a topic as written in the YAML, with the weight it adds.</summary>
public sealed record TopicTrigger(string Phrase, double Weight);

/// <summary>The rule that assigns one topic: its triggers and the score the article must reach.</summary>
public sealed record TopicRule(string Slug, double Threshold, IReadOnlyList<TopicTrigger> Triggers);

/// <summary>
/// The taxonomy of seeds/reference/topics.yaml: the topics (entities to store) and their rules, compiled once
/// into a <see cref="StemPhraseIndex{T}"/> keyed by first stem.
/// </summary>
public sealed class TopicCatalog
{
    internal StemPhraseIndex<(int Rule, int Trigger)> Index { get; } = new();

    public IReadOnlyList<Topic> Topics { get; private init; } = [];

    public IReadOnlyList<TopicRule> Rules { get; private init; } = [];

    /// <summary>Loads the YAML file at <paramref name="path"/>.</summary>
    public static TopicCatalog Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses the taxonomy YAML (<c>topics: [{ slug, nameAr, nameEn, iptc, threshold, triggers }]</c>).</summary>
    public static TopicCatalog Parse(string yaml)
    {
        var file = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .Build()
            .Deserialize<TopicsFile>(yaml) ?? new TopicsFile();
        var topics = new List<Topic>();
        var rules = new List<TopicRule>();
        var catalog = new TopicCatalog { Topics = topics, Rules = rules };
        foreach (var t in file.Topics)
        {
            if (t.Slug.Length == 0 || t.Triggers.Count == 0)
            {
                throw new InvalidDataException($"Topic '{t.Slug}' needs a slug and at least one trigger.");
            }

            topics.Add(new Topic { Slug = t.Slug, NameAr = t.NameAr, NameEn = t.NameEn, IptcCode = t.Iptc?.Code, IptcLabel = t.Iptc?.Label });
            var triggers = t.Triggers.Select(x => new TopicTrigger(x.Phrase, x.Weight)).ToList();
            rules.Add(new TopicRule(t.Slug, t.Threshold, triggers));
            for (var k = 0; k < triggers.Count; k++)
            {
                if (!catalog.Index.Add(triggers[k].Phrase, (rules.Count - 1, k)))
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Topic '{t.Slug}': trigger {k} has no word."));
                }
            }
        }

        return catalog;
    }

    private sealed class TopicsFile
    {
        public List<TopicEntry> Topics { get; set; } = [];
    }

    private sealed class TopicEntry
    {
        public string Slug { get; set; } = "";

        public string NameAr { get; set; } = "";

        public string NameEn { get; set; } = "";

        public IptcEntry? Iptc { get; set; }

        public double Threshold { get; set; } = 3;

        public List<TriggerEntry> Triggers { get; set; } = [];
    }

    private sealed class IptcEntry
    {
        public string? Code { get; set; }

        public string? Label { get; set; }
    }

    private sealed class TriggerEntry
    {
        public string Phrase { get; set; } = "";

        public double Weight { get; set; } = 1;
    }
}
