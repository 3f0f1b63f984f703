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
/// into a <see cref="WordPhraseIndex{T}"/>: triggers match whole words (attached particles and article allowed),
/// never light stems, so تدريبات is not تدريب and غربة is not الغرب.
/// </summary>
public sealed class TopicCatalog
{
    internal WordPhraseIndex<(int Rule, int Trigger)> Index { get; } = new();

    public IReadOnlyList<Topic> Topics { get; private init; } = [];

    public IReadOnlyList<TopicRule> Rules { get; private init; } = [];

    /// <summary>Loads the YAML file at <paramref name="path"/>.</summary>
    public static TopicCatalog Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Loads several YAML files into one catalogue (iptc-topics.yaml and topics.yaml).</summary>
    public static TopicCatalog Load(IEnumerable<string> paths) => Parse(paths.Select(File.ReadAllText));

    /// <summary>Parses the taxonomy YAML (<c>topics: [{ slug, nameAr, nameEn, kind, parent, iptc, threshold, triggers }]</c>).</summary>
    public static TopicCatalog Parse(string yaml) => Parse([yaml]);

    /// <summary>Parses several taxonomy files into one catalogue (the IPTC topics and the dossiers).</summary>
    public static TopicCatalog Parse(IEnumerable<string> yamls)
    {
        ArgumentNullException.ThrowIfNull(yamls);
        var file = new TopicsFile();
        foreach (var yaml in yamls)
        {
            var part = new DeserializerBuilder()
                .WithNamingConvention(CamelCaseNamingConvention.Instance)
                .Build()
                .Deserialize<TopicsFile>(yaml);
            file.Topics.AddRange(part?.Topics ?? []);
        }

        return Build(file);
    }

    private static TopicCatalog Build(TopicsFile file)
    {
        var topics = new List<Topic>();
        var rules = new List<TopicRule>();
        var catalog = new TopicCatalog { Topics = topics, Rules = rules };
        foreach (var t in file.Topics)
        {
            if (t.Slug.Length == 0 || (t.Triggers.Count == 0 && !t.Model))
            {
                throw new InvalidDataException($"Topic '{t.Slug}' needs a slug and at least one trigger.");
            }

            if (t.Kind is not (TopicKinds.Iptc or TopicKinds.Dossier))
            {
                throw new InvalidDataException($"Topic '{t.Slug}': kind must be '{TopicKinds.Iptc}' or '{TopicKinds.Dossier}'.");
            }

            topics.Add(new Topic
            {
                Slug = t.Slug, NameAr = t.NameAr, NameEn = t.NameEn, IptcCode = t.Iptc?.Code, IptcLabel = t.Iptc?.Label,
                Kind = t.Kind, Parent = t.Parent,
            });
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

        public string Kind { get; set; } = TopicKinds.Dossier;

        public string? Parent { get; set; }

        /// <summary>Scored by the trained model (iptc-model.tsv) rather than by triggers.</summary>
        public bool Model { get; set; }

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
