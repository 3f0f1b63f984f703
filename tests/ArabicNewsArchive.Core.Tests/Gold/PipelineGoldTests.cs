using System.Globalization;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ArabicNewsArchive.Tests.Gold;

/// <summary>
/// The whole pipeline as a user gets it: the seed files ingested into a real store, then the stored facts
/// (mentions, dates, topics, stories) scored against the hand-written gold. The component gold tests check the
/// recognisers on raw text; this one checks what ingestion, boilerplate masking and story refinement make of it.
/// </summary>
public sealed class PipelineGoldTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestStore _store = new();

    [Fact]
    public async Task IngestedSeeds_MatchGold_PeopleDatesTopicsStories()
    {
        var run = await _store.Service().IngestAsync([Seeds.Folder]);
        Assert.Equal(5, run.Files.Count(f => f.Outcome == ArabicNewsArchive.Ingestion.IngestOutcome.Imported));

        await using var db = _store.Db();
        var gold = GoldData.DatesTopicsStories();
        var goldPeople = GoldData.People();

        var mentions = await db.Mentions.AsNoTracking().Select(m => new { m.ArticleId, m.PersonSlug }).ToListAsync();
        var predictedPeople = mentions.Select(m => (m.ArticleId, m.PersonSlug)).ToHashSet();
        var goldPeoplePairs = goldPeople.SelectMany(a => a.Value.Keys.Select(p => (a.Key, p))).ToHashSet();
        var (pp, pr) = GoldData.PrecisionRecall(predictedPeople, goldPeoplePairs);
        var predictedCounts = mentions.CountBy(m => (m.ArticleId, m.PersonSlug)).ToDictionary();
        var countHits = goldPeople.SelectMany(a => a.Value.Select(p => predictedCounts.GetValueOrDefault((a.Key, p.Key)) == p.Value)).Count(ok => ok);

        var articles = await db.Articles.AsNoTracking().ToDictionaryAsync(a => a.Id);
        var dateHits = 0;
        foreach (var a in gold.Articles)
        {
            var stored = articles[a.Id];
            var ok = stored.Published == DateOnly.ParseExact(a.Published, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                && stored.PublishedTo == DateOnly.ParseExact(a.To, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                && stored.DatePrecision == Enum.Parse<DatePrecision>(a.Precision, ignoreCase: true);
            dateHits += ok ? 1 : 0;
            output.WriteLine($"date {a.Id}: {stored.Published:yyyy-MM-dd}..{stored.PublishedTo:yyyy-MM-dd} {stored.DatePrecision} (gold {a.Published}..{a.To} {a.Precision}) {(ok ? "ok" : "MISS")}");
        }

        // The gold holds the dossiers; the IPTC topics are measured on ANT (docs/dates-topics-stories.md).
        var dossiers = await db.Topics.Where(t => t.Kind == "dossier").Select(t => t.Slug).ToListAsync();
        var predictedTopics = (await db.ArticleTopics.AsNoTracking().Where(t => dossiers.Contains(t.TopicSlug)).Select(t => new { t.ArticleId, t.TopicSlug }).ToListAsync())
            .Select(t => (t.ArticleId, t.TopicSlug)).ToHashSet();
        var (tp, tr) = GoldData.PrecisionRecall(predictedTopics, gold.Articles.SelectMany(a => a.Topics.Select(t => (a.Id, t))).ToHashSet());

        var predictedPairs = articles.Values.Where(a => a.StoryId is not null).GroupBy(a => a.StoryId)
            .SelectMany(g => GoldData.Pairs([.. g.Select(a => a.Id).Order(StringComparer.Ordinal)])).ToHashSet();
        var (sp, sr) = GoldData.PrecisionRecall(predictedPairs, gold.Stories.SelectMany(s => GoldData.Pairs(s.Articles)).ToHashSet());

        output.WriteLine($"people (article, person): precision {pp:P1}, recall {pr:P1}; mention counts exact for {countHits}/{goldPeoplePairs.Count}");
        output.WriteLine($"dates: {dateHits}/{gold.Articles.Count} exact (value and precision)");
        output.WriteLine($"topics: precision {tp:P1}, recall {tr:P1}");
        output.WriteLine($"stories (pairs): precision {sp:P1}, recall {sr:P1}");

        Assert.Equal((1.0, 1.0), (pp, pr));
        Assert.Equal(gold.Articles.Count, dateHits);
        Assert.True(tp >= 0.8 && tr >= 0.8, $"topics P {tp:P0} R {tr:P0}");
        Assert.Equal((1.0, 1.0), (sp, sr));

        // Every stored fact points at its own words in the source text.
        foreach (var e in await db.DateEvidence.AsNoTracking().Where(e => e.End > e.Start).ToListAsync())
        {
            Assert.Equal(e.Text, articles[e.ArticleId].SourceText[e.Start..e.End]);
        }

        var topics = await db.ArticleTopics.AsNoTracking().ToListAsync();
        Assert.NotEmpty(topics.SelectMany(t => t.Evidence));
        foreach (var t in topics)
        {
            Assert.NotEmpty(t.Evidence);
            Assert.All(t.Evidence, e => Assert.Equal(e.Text, articles[t.ArticleId].SourceText[e.Start..e.End]));
        }
    }

    public void Dispose() => _store.Dispose();
}
