namespace ArabicNewsArchive.Stories;

/// <summary>A group of articles reporting one event or visit.</summary>
public sealed class Story
{
    public int Id { get; set; }

    /// <summary>A short label ("قمة بوتين وشي في بكين، فبراير 2022").</summary>
    public string Label { get; set; } = "";
}

/// <summary>A similarity link between two articles (stored both ways).</summary>
public sealed class ArticleRelation
{
    public required string ArticleId { get; set; }

    public required string RelatedId { get; set; }

    public double Score { get; set; }

    /// <summary>True when both articles report the same event (same story), not merely a similar subject.</summary>
    public bool SameStory { get; set; }
}
