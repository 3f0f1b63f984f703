using ArabicNewsArchive.Outlets;

namespace ArabicNewsArchive.Articles;

/// <summary>
/// One ingested article: the source text exactly as decoded, the cleaned reading text, and every fact inferred
/// from it together with where it came from.
/// </summary>
public sealed class Article
{
    /// <summary>The file name without extension, unless front matter states an <c>id</c>.</summary>
    public required string Id { get; set; }

    /// <summary>The file name the article was read from (relative to the ingested root where there is one).</summary>
    public required string SourceFile { get; set; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    public required string Sha256 { get; set; }

    /// <summary>The decoded text exactly as read: line endings, BOM-less, nothing else touched.</summary>
    public required string SourceText { get; set; }

    public string Title { get; set; } = "";

    /// <summary>Offsets of the headline in <see cref="SourceText"/>; null when the title was stated in front matter.</summary>
    public int? TitleStart { get; set; }

    public int? TitleEnd { get; set; }

    public FactSource TitleSource { get; set; }

    public string? OutletSlug { get; set; }

    public Outlet? Outlet { get; set; }

    public FactSource OutletSource { get; set; }

    /// <summary>The phrase that named the outlet ("دبي- الشرق", "المصدر: الميادين نت"), with its offsets.</summary>
    public string? OutletEvidence { get; set; }

    public int? OutletEvidenceStart { get; set; }

    public int? OutletEvidenceEnd { get; set; }

    /// <summary>
    /// The news agency the text credits ("(واس)", "بيروت (رويترز) -"), a catalogue slug: a credit of its own, not
    /// the outlet, unless the file is the agency's own item (then both are the agency).
    /// </summary>
    public string? AgencySlug { get; set; }

    /// <summary>The phrase that credited the agency, with its offsets in <see cref="SourceText"/>.</summary>
    public string? AgencyEvidence { get; set; }

    public int? AgencyEvidenceStart { get; set; }

    public int? AgencyEvidenceEnd { get; set; }

    public string? Url { get; set; }

    /// <summary>
    /// The earliest day the article can have been published (the start of the interval its text allows, or the
    /// stated day). <see cref="PublishedTo"/> ends the interval; <see cref="DatePrecision"/> follows from its width.
    /// </summary>
    public DateOnly? Published { get; set; }

    /// <summary>
    /// The latest day the article can have been published; equal to <see cref="Published"/> for a day, null when
    /// the date is unknown (and in rows stored before the interval was kept: the precision then bounds it).
    /// </summary>
    public DateOnly? PublishedTo { get; set; }

    public DatePrecision DatePrecision { get; set; }

    public FactSource DateSource { get; set; }

    public DateTimeOffset IngestedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Starts at 1 and grows by one each time the same id is ingested with different bytes.</summary>
    public int Revision { get; set; } = 1;

    /// <summary>The story (group of articles reporting one event) this article belongs to, if any.</summary>
    public int? StoryId { get; set; }

    /// <summary>In ordinal order; stored as one value (<see cref="ParagraphCodec"/>), so loading an article loads them.</summary>
    public List<Paragraph> Paragraphs { get; set; } = [];

    public List<DateEvidence> DateEvidence { get; set; } = [];
}

/// <summary>Whether a fact was stated by the file (front matter) or inferred from the text.</summary>
public enum FactSource
{
    Unknown = 0,
    Inferred = 1,
    Stated = 2,
}

/// <summary>
/// How much of the publication date is known, from the width of the interval <see cref="Article.Published"/> ..
/// <see cref="Article.PublishedTo"/> (see <see cref="DateRange.PrecisionOf"/>).
/// </summary>
public enum DatePrecision
{
    Unknown = 0,
    Year = 1,
    Month = 2,
    Day = 3,

    /// <summary>A few days (2 to <see cref="DateRange.MaxDaysWidth"/>). Numbered after Day: the values are stored.</summary>
    Days = 4,
}

/// <summary>The precision a publication interval amounts to.</summary>
public static class DateRange
{
    /// <summary>The widest interval still called "a few days".</summary>
    public const int MaxDaysWidth = 14;

    /// <summary>The widest interval called a month (one calendar month, or as many days across two).</summary>
    public const int MaxMonthWidth = 31;

    /// <summary>The widest interval called a year.</summary>
    public const int MaxYearWidth = 366;

    /// <summary>
    /// Day for one day; Days up to <see cref="MaxDaysWidth"/> days; Month up to <see cref="MaxMonthWidth"/>; Year up
    /// to <see cref="MaxYearWidth"/>; wider is Unknown: an interval of several years tells a reader nothing.
    /// </summary>
    public static DatePrecision PrecisionOf(DateOnly from, DateOnly to)
    {
        var width = to.DayNumber - from.DayNumber + 1;
        return width switch
        {
            <= 0 => DatePrecision.Unknown,
            1 => DatePrecision.Day,
            <= MaxDaysWidth => DatePrecision.Days,
            <= MaxMonthWidth => DatePrecision.Month,
            <= MaxYearWidth => DatePrecision.Year,
            _ => DatePrecision.Unknown,
        };
    }

    /// <summary>The contract's name of a precision: "day", "days", "month", "year" or "unknown".</summary>
    public static string Name(DatePrecision precision) => precision switch
    {
        DatePrecision.Day => "day",
        DatePrecision.Days => "days",
        DatePrecision.Month => "month",
        DatePrecision.Year => "year",
        _ => "unknown",
    };

    /// <summary>
    /// The interval of a stored row: (<paramref name="published"/>, <paramref name="to"/>) when both are known, else
    /// the calendar month or year the precision names (rows stored before the interval was kept), else null.
    /// </summary>
    public static (DateOnly From, DateOnly To)? Of(DateOnly? published, DateOnly? to, DatePrecision precision)
    {
        if (published is not DateOnly from)
        {
            return null;
        }

        if (to is DateOnly end && end >= from)
        {
            return (from, end);
        }

        return precision switch
        {
            DatePrecision.Year => (new DateOnly(from.Year, 1, 1), new DateOnly(from.Year, 12, 31)),
            DatePrecision.Month => (new DateOnly(from.Year, from.Month, 1), new DateOnly(from.Year, from.Month, 1).AddMonths(1).AddDays(-1)),
            _ => (from, from),
        };
    }
}

/// <summary>What a paragraph of the source is: reading text, or web furniture kept visible but out of the body.</summary>
public enum ParagraphKind
{
    Body = 0,
    Title = 1,
    Boilerplate = 2,
    Dateline = 3,
    Heading = 4,
    Blank = 5,
}

/// <summary>
/// A run of source lines. Paragraphs of an article cover its source text without gaps or overlaps, so either pane
/// of the reader can be mapped to the other.
/// </summary>
public sealed class Paragraph
{
    /// <summary>The article's id where the cleaner or a reader sets it; not stored (a paragraph is part of its article's row).</summary>
    public string ArticleId { get; set; } = "";

    /// <summary>0-based order within the article.</summary>
    public int Ordinal { get; set; }

    public ParagraphKind Kind { get; set; }

    /// <summary>Why a paragraph is boilerplate ("image caption repeated", "related links"...); null for body text.</summary>
    public string? Reason { get; set; }

    /// <summary>Offset of the first character in <see cref="Article.SourceText"/> (inclusive).</summary>
    public int SourceStart { get; set; }

    /// <summary>Offset after the last character, line terminator included (exclusive).</summary>
    public int SourceEnd { get; set; }

    /// <summary>1-based first source line.</summary>
    public int FirstLine { get; set; }

    /// <summary>1-based last source line (inclusive).</summary>
    public int LastLine { get; set; }

    /// <summary>
    /// The cleaned reading text of the paragraph (NFC, trimmed). Not a column: the cleaner sets it, and a paragraph
    /// read from the store gets it from <see cref="ArticleText.Fill"/> (the source range, or <see cref="StoredText"/>).
    /// </summary>
    public string Text { get; set; } = "";

    /// <summary>
    /// The reading text as stored: null when <see cref="ArticleText.ParagraphText(string, int, int, ParagraphKind)"/>
    /// gives it back from the source range (nearly always), so the text is stored once, as the source.
    /// </summary>
    public string? StoredText { get; set; }
}

/// <summary>A phrase the publication date was inferred from, with its offsets in the source text.</summary>
public sealed class DateEvidence
{
    public int Id { get; set; }

    public required string ArticleId { get; set; }

    public int Start { get; set; }

    public int End { get; set; }

    public required string Text { get; set; }

    /// <summary>What the phrase means for the date ("weekday of publication: Wednesday", "4 February, upcoming").</summary>
    public required string Meaning { get; set; }

    /// <summary>The same in Arabic, for the Arabic interface (empty in rows analysed before it existed).</summary>
    public string MeaningAr { get; set; } = "";
}

/// <summary>A previous version of an article, kept when the same id arrives with different bytes.</summary>
public sealed class ArticleRevision
{
    public int Id { get; set; }

    public required string ArticleId { get; set; }

    public int Revision { get; set; }

    public required string SourceFile { get; set; }

    public required string Sha256 { get; set; }

    public required string SourceText { get; set; }

    public DateTimeOffset IngestedAt { get; set; }

    public DateTimeOffset ReplacedAt { get; set; }
}
