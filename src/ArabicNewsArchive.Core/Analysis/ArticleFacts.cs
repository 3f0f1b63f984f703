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

    /// <summary>People the curated list does not know, found by the recogniser and linked within the article.</summary>
    public IReadOnlyList<DiscoveredPersonFact> Discovered { get; init; } = [];

    public DateFact Date { get; init; } = DateFact.Unknown;

    /// <summary>First and last day the text allows (null when it leaves the year open): the story step's date window.</summary>
    public DateOnly? DateEarliest { get; init; }

    public DateOnly? DateLatest { get; init; }

    /// <summary>The stem counts the story grouping compares (<c>StoryClusterer.CountTerms</c> of the prose).</summary>
    public IReadOnlyDictionary<string, int> StoryTerms { get; init; } = new Dictionary<string, int>();
}

/// <param name="PersonSlug">Slug of a curated person, or of a discovered one in <see cref="ArticleFacts.Discovered"/>.</param>
public sealed record MentionFact(string PersonSlug, int Start, int End, string Text);

public sealed record QuoteFact(string PersonSlug, int Start, int End, string Text, int CueStart, int CueEnd);

public sealed record EvidenceSpan(int Start, int End, string Text, double Weight);

public sealed record TopicFact(string TopicSlug, double Score, IReadOnlyList<EvidenceSpan> Evidence);

/// <param name="Cue">The title cue that introduced the name ("وزير الخارجية الروسي").</param>
public sealed record CandidatePersonFact(string Slug, string NameAr, string Cue, int Start, int End);

/// <summary>A person the curated list does not know, as one article names them.</summary>
/// <param name="Slug">The slug proposed for a new person; ingestion keeps the slug <paramref name="Key"/> is stored under.</param>
/// <param name="Key">The identity key (<see cref="People.NameKey.Identity"/>) of the longest name the article gives.</param>
/// <param name="NameAr">That name as written (without an attached particle).</param>
/// <param name="NameEn">Its English form from the name lexicon (<see cref="People.NameLexicon"/>).</param>
/// <param name="NameEnTransliterated">True when some word was transliterated letter by letter instead.</param>
/// <param name="Role">The title the article names them with, as written, or "".</param>
/// <param name="Confidence">1 − Π(1 − c) over the article's tagged mentions of them (0..0.99).</param>
/// <param name="Spellings">Every form of the name the article uses (full name, surname...).</param>
/// <param name="MentionCount">Mentions in the article, linked short forms included.</param>
public sealed record DiscoveredPersonFact(
    string Slug, string Key, string NameAr, string NameEn, bool NameEnTransliterated, string Role, double Confidence,
    IReadOnlyList<string> Spellings, int MentionCount);

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
