namespace ArabicNewsArchive.Topics;

/// <summary>A topic of the curated taxonomy (seeds/reference/topics.yaml).</summary>
public sealed class Topic
{
    public required string Slug { get; set; }

    public required string NameAr { get; set; }

    public required string NameEn { get; set; }

    /// <summary>IPTC Media Topic code the topic falls under (for example "medtop:11000000"), where one fits.</summary>
    public string? IptcCode { get; set; }

    public string? IptcLabel { get; set; }

    /// <summary><see cref="TopicKinds.Iptc"/> (an IPTC Media Topic) or <see cref="TopicKinds.Dossier"/> (the archive's own).</summary>
    public string Kind { get; set; } = TopicKinds.Dossier;

    /// <summary>The slug of the topic this one falls under (a dossier's IPTC topic), if any.</summary>
    public string? Parent { get; set; }
}

/// <summary>The two kinds of topic in the one facet.</summary>
public static class TopicKinds
{
    /// <summary>An IPTC Media Topic: the general taxonomy, for any archive.</summary>
    public const string Iptc = "iptc";

    /// <summary>A curated topic of this archive, with its rules.</summary>
    public const string Dossier = "dossier";
}

/// <summary>A topic assigned to an article because its text passed the topic's threshold.</summary>
public sealed class ArticleTopic
{
    public required string ArticleId { get; set; }

    public required string TopicSlug { get; set; }

    public double Score { get; set; }

    /// <summary>
    /// The phrases that triggered the topic, in the order the classifier found them. Stored in the row itself (a
    /// JSON array in <c>ArticleTopics.Evidence</c>, <see cref="TopicEvidenceJson"/>): ~3.4 phrases per topic made a
    /// table of ~17 rows per article, a fifth of what ingestion wrote.
    /// </summary>
    public List<TopicEvidence> Evidence { get; set; } = [];
}

/// <summary>A phrase that triggered a topic, with its offsets in the source text and the weight it carried.</summary>
public sealed class TopicEvidence
{
    public int Start { get; set; }

    public int End { get; set; }

    public required string Text { get; set; }

    public double Weight { get; set; }
}
