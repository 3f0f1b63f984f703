using ArabicNewsArchive.Topics;

namespace ArabicNewsArchive.Tests.Topics;

public sealed class TopicClassifierTests
{
    private const string Yaml = """
        topics:
          - slug: security
            nameAr: الأمن
            nameEn: Security
            iptc: { code: "medtop:20000638", label: "international relations" }
            threshold: 3
            triggers:
              - { phrase: الضمانات الأمنية, weight: 3 }
              - { phrase: الأمن, weight: 1 }
          - slug: ukraine-war
            nameAr: الحرب في أوكرانيا
            nameEn: The war in Ukraine
            threshold: 5
            triggers:
              - { phrase: أوكرانيا, weight: 2 }
        """;

    private static readonly TopicClassifier s_classifier = new(TopicCatalog.Parse(Yaml));

    [Theory]
    [InlineData("تدعم الصين مطالب روسيا بشأن الضمانات الأمنية.")]
    [InlineData("وناقشا والضمانات الامنيه المطلوبة")]
    [InlineData("تحدث عن الضَّمانات الأمنِيّة")]
    [InlineData("مطالب متعلقة بالضمانات الأمنية")]
    public void Classify_TriggerMatches_WhateverSpellingAndClitics(string text)
    {
        var fact = Assert.Single(s_classifier.Classify(text));
        Assert.Equal("security", fact.TopicSlug);
        var span = Assert.Single(fact.Evidence);
        Assert.Equal(span.Text, text[span.Start..span.End]);
        Assert.Contains("ضمانات", span.Text.Replace("\u064E", "", StringComparison.Ordinal).Replace("\u0651", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_ShortPhraseInsideLongerOne_CountsOnce()
    {
        var fact = Assert.Single(s_classifier.Classify("الضمانات الأمنية"));
        Assert.Equal(3, fact.Score);
    }

    [Fact]
    public void Classify_BelowThreshold_NoTopic() =>
        Assert.Empty(s_classifier.Classify("تحدث الوزير عن الأمن والأمن والأمن."));

    [Fact]
    public void Classify_RepeatedWord_CappedSoItCannotCarryATopicAlone()
    {
        // Five mentions at weight 2 would reach 10; counted at most twice they give 4, under the threshold of 5.
        Assert.Empty(s_classifier.Classify("أوكرانيا أوكرانيا أوكرانيا أوكرانيا أوكرانيا"));
    }

    [Fact]
    public void Load_SeedTaxonomy_HasTheTenContractTopics()
    {
        var catalog = TopicCatalog.Load(Dates.SeedFiles.Reference("topics.yaml"));
        Assert.Equal(
            ["joint-statement", "security", "military", "trade-energy", "ukraine-war", "winter-olympics", "multipolarity", "united-states-west", "visits-summits", "asia-pacific"],
            catalog.Topics.Select(t => t.Slug));
        Assert.Equal("medtop:20001108", catalog.Topics.Single(t => t.Slug == "winter-olympics").IptcCode);
    }

    [Fact]
    public void Classify_Seed001_WinterOlympicsWithEvidence()
    {
        var text = Dates.SeedFiles.Seed("001");
        var classifier = new TopicClassifier(TopicCatalog.Load(Dates.SeedFiles.Reference("topics.yaml")));
        var olympics = Assert.Single(classifier.Classify(text), f => f.TopicSlug == "winter-olympics");
        Assert.Contains(olympics.Evidence, e => e.Text == "أولمبياد بكين");
        Assert.All(olympics.Evidence, e => Assert.Equal(e.Text, text[e.Start..e.End]));
    }
}
