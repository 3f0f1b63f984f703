using System.Text.Json;
using ArabicNewsArchive.Tests.Dates;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ArabicNewsArchive.Tests.Gold;

/// <summary>The hand-written gold annotation of the five seeds (Gold/*.yaml, Gold/people.json).</summary>
internal static class GoldData
{
    public static GoldFile DatesTopicsStories() => new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build()
        .Deserialize<GoldFile>(File.ReadAllText(SeedFiles.GoldFile("dates-topics-stories.yaml")));

    /// <summary>Article id → (person slug → number of mentions).</summary>
    public static Dictionary<string, Dictionary<string, int>> People()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SeedFiles.GoldFile("people.json")));
        return doc.RootElement.GetProperty("articles").EnumerateObject().ToDictionary(
            a => a.Name,
            a => a.Value.GetProperty("people").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()));
    }

    public static IEnumerable<(string, string)> Pairs(IReadOnlyList<string> ids) =>
        from a in ids from b in ids where string.CompareOrdinal(a, b) < 0 select (a, b);

    public static (double Precision, double Recall) PrecisionRecall<T>(IReadOnlySet<T> predicted, IReadOnlySet<T> gold)
    {
        var hit = predicted.Count(gold.Contains);
        return (predicted.Count == 0 ? 1 : hit / (double)predicted.Count, gold.Count == 0 ? 1 : hit / (double)gold.Count);
    }

    internal sealed class GoldFile
    {
        public List<GoldArticle> Articles { get; set; } = [];

        public List<GoldStory> Stories { get; set; } = [];
    }

    internal sealed class GoldArticle
    {
        public string Id { get; set; } = "";

        public string Published { get; set; } = "";

        /// <summary>The last day of the interval (yyyy-MM-dd): every day from <see cref="Published"/> to it is possible.</summary>
        public string To { get; set; } = "";

        public string Precision { get; set; } = "";

        public string Why { get; set; } = "";

        public List<string> Persons { get; set; } = [];

        public List<string> Topics { get; set; } = [];
    }

    internal sealed class GoldStory
    {
        public string Label { get; set; } = "";

        public List<string> Articles { get; set; } = [];
    }
}
