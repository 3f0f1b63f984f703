using System.Globalization;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Dates;
using ArabicNewsArchive.Stories;
using ArabicNewsArchive.Tests.Dates;
using ArabicNewsArchive.Topics;
using Xunit.Abstractions;

namespace ArabicNewsArchive.Tests.Gold;

/// <summary>Runs dates → stories → story refinement → topics over the seeds and scores them against the gold.</summary>
public sealed class DatesTopicsStoriesGoldTests(ITestOutputHelper output)
{
    [Fact]
    public void Seeds_MatchGold_DatesTopicsStories()
    {
        var gold = GoldData.DatesTopicsStories();
        var inference = new PublicationDateInference(DatedEventCatalog.Load(SeedFiles.Reference("dated-events.yaml")));
        var classifier = new TopicClassifier(TopicCatalog.Load(SeedFiles.Reference("topics.yaml")));

        var dates = SeedFiles.Seeds.ToDictionary(kv => kv.Key, kv => inference.Infer(kv.Value));
        var grouping = new StoryClusterer().Group(SeedFiles.Seeds
            .Select(kv => new StoryArticle(kv.Key, kv.Value, dates[kv.Key].Earliest, dates[kv.Key].Latest,
                gold.Articles.Single(a => a.Id == kv.Key).Persons))
            .ToList());
        var refined = PublicationDateInference.RefineWithStories(dates, grouping.Groups.Select(g => g.ArticleIds.ToList()));

        // Dates: a hit is the same published value and the same precision.
        var dateHits = 0;
        foreach (var a in gold.Articles)
        {
            var fact = refined[a.Id].Fact;
            var expected = (DateOnly.ParseExact(a.Published, "yyyy-MM-dd", CultureInfo.InvariantCulture), Enum.Parse<DatePrecision>(a.Precision, ignoreCase: true));
            var ok = fact.Published == expected.Item1 && fact.Precision == expected.Item2;
            dateHits += ok ? 1 : 0;
            output.WriteLine($"date {a.Id}: {fact.Published:yyyy-MM-dd} {fact.Precision} (gold {a.Published} {a.Precision}) {(ok ? "ok" : "MISS")}");
        }

        // Topics: precision and recall over (article, topic) pairs.
        var predictedTopics = SeedFiles.Seeds.SelectMany(kv => classifier.Classify(kv.Value).Select(t => (kv.Key, t.TopicSlug))).ToHashSet();
        var goldTopics = gold.Articles.SelectMany(a => a.Topics.Select(t => (a.Id, t))).ToHashSet();
        var (tp, tr) = GoldData.PrecisionRecall(predictedTopics, goldTopics);

        // Stories: precision and recall over same-story pairs.
        var predictedPairs = grouping.Groups.SelectMany(g => GoldData.Pairs(g.ArticleIds)).ToHashSet();
        var goldPairs = gold.Stories.SelectMany(s => GoldData.Pairs(s.Articles)).ToHashSet();
        var (sp, sr) = GoldData.PrecisionRecall(predictedPairs, goldPairs);

        var dateAccuracy = dateHits / (double)gold.Articles.Count;
        output.WriteLine($"dates: {dateHits}/{gold.Articles.Count} exact (value and precision) = {dateAccuracy:P0}");
        output.WriteLine($"topics: precision {tp:P1}, recall {tr:P1} ({predictedTopics.Count} predicted, {goldTopics.Count} gold)");
        output.WriteLine($"topics missed: {string.Join(", ", goldTopics.Except(predictedTopics))}; extra: {string.Join(", ", predictedTopics.Except(goldTopics))}");
        output.WriteLine($"stories: precision {sp:P1}, recall {sr:P1} ({predictedPairs.Count} predicted pairs, {goldPairs.Count} gold)");
        foreach (var g in grouping.Groups)
        {
            output.WriteLine($"story '{g.Label}': {string.Join(", ", g.ArticleIds)}");
        }

        foreach (var r in grouping.Relations.Where(r => string.CompareOrdinal(r.ArticleId, r.RelatedId) < 0))
        {
            output.WriteLine($"relation {r.ArticleId} ~ {r.RelatedId}: {r.Score:F3} same={r.SameStory}");
        }

        Assert.True(dateAccuracy >= 0.8, $"date accuracy {dateAccuracy:P0}");
        Assert.True(tp >= 0.8 && tr >= 0.8, $"topics P {tp:P0} R {tr:P0}");
        Assert.True(sp >= 0.99 && sr >= 0.99, $"stories P {sp:P0} R {sr:P0}");
    }
}
