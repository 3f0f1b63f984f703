using ArabicNewsArchive.Articles;

namespace ArabicNewsArchive.Analysis;

/// <summary>
/// Everything the analysis infers from one article's source text. All offsets are into <c>Article.SourceText</c>.
/// Ingestion persists it; re-analysis recomputes and replaces it without re-reading files.
/// </summary>
public sealed record ArticleFacts
{
    public IReadOnlyList<MentionFact> Mentions { get; init; } = [];

    public IReadOnlyList<QuoteFact> Quotes { get; init; } = [];

    public IReadOnlyList<TopicFact> Topics { get; init; } = [];

    /// <summary>People the curated list does not know, introduced by a title cue (الرئيس الروسي X).</summary>
    public IReadOnlyList<CandidatePersonFact> Candidates { get; init; } = [];

    public DateFact Date { get; init; } = DateFact.Unknown;

    /// <summary>First and last day the text allows (null when it leaves the year open): the story step's date window.</summary>
    public DateOnly? DateEarliest { get; init; }

    public DateOnly? DateLatest { get; init; }

    /// <summary>The stem counts the story grouping compares (<c>StoryClusterer.CountTerms</c> of the prose).</summary>
    public IReadOnlyDictionary<string, int> StoryTerms { get; init; } = new Dictionary<string, int>();
}

/// <param name="PersonSlug">Slug of a curated person, or of a candidate in <see cref="ArticleFacts.Candidates"/>.</param>
public sealed record MentionFact(string PersonSlug, int Start, int End, string Text);

public sealed record QuoteFact(string PersonSlug, int Start, int End, string Text, int CueStart, int CueEnd);

public sealed record EvidenceSpan(int Start, int End, string Text, double Weight);

public sealed record TopicFact(string TopicSlug, double Score, IReadOnlyList<EvidenceSpan> Evidence);

/// <param name="Cue">The title cue that introduced the name ("وزير الخارجية الروسي").</param>
public sealed record CandidatePersonFact(string Slug, string NameAr, string Cue, int Start, int End);

/// <param name="Text">The phrase as it stands in the source.</param>
/// <param name="Meaning">What it says about the publication date, in words a reader understands.</param>
/// <param name="MeaningAr">The same in Arabic.</param>
public sealed record DateEvidenceFact(int Start, int End, string Text, string Meaning, string MeaningAr);

/// <param name="Published">The first day of the interval (<see cref="From"/>); null when unknown.</param>
public sealed record DateFact(DateOnly? Published, DatePrecision Precision, IReadOnlyList<DateEvidenceFact> Evidence)
{
    public static DateFact Unknown { get; } = new(null, DatePrecision.Unknown, []);

    /// <summary>The first day the evidence allows (null when unknown).</summary>
    public DateOnly? From => Published;

    /// <summary>The last day the evidence allows (null when unknown).</summary>
    public DateOnly? To { get; init; }

    /// <summary>
    /// The fact for the interval <paramref name="from"/>..<paramref name="to"/>: its precision follows from the
    /// width (<see cref="DateRange.PrecisionOf"/>); an interval too wide to tell a reader anything is unknown.
    /// </summary>
    public static DateFact Within(DateOnly from, DateOnly to, IReadOnlyList<DateEvidenceFact> evidence)
    {
        var precision = DateRange.PrecisionOf(from, to);
        return precision == DatePrecision.Unknown
            ? new DateFact(null, DatePrecision.Unknown, evidence)
            : new DateFact(from, precision, evidence) { To = to };
    }
}
