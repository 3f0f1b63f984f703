namespace ArabicNewsArchive.Dates;

/// <summary>What kind of date phrase a <see cref="DateExpression"/> is.</summary>
public enum DateExpressionKind
{
    /// <summary>A day of a month ("يوم الـ 4 من شباط/فبراير", "16 سبتمبر 2022", "27 من الشهر الماضي").</summary>
    DayMonth,

    /// <summary>A month without a day ("في أبريل", "سبتمبر 2022").</summary>
    Month,

    /// <summary>A year on its own ("عام 2012", "2022").</summary>
    Year,

    /// <summary>A day of the week ("اليوم الأربعاء", "يوم الثلاثاء", "أمس الثلاثاء").</summary>
    Weekday,

    /// <summary>A phrase relative to the day of writing ("أمس", "الشهر الماضي", "قبل أيام").</summary>
    Relative,

    /// <summary>An event the reference data dates ("غزو أوكرانيا", "الألعاب الأولمبية الشتوية الرابعة والعشرين").</summary>
    Event,
}

/// <summary>Whether the sentence places the dated thing before or after the day of writing.</summary>
public enum DateTense
{
    /// <summary>No cue either way; news mostly reports what happened, so inference reads it as past.</summary>
    Unmarked,

    /// <summary>A past cue: منذ، أمس، الماضي.</summary>
    Past,

    /// <summary>A future cue: من المقرر، المقبل، a verb with the future prefix س (سيعقد، ستختتم).</summary>
    Upcoming,
}

/// <summary>Relative phrases the extractor recognises.</summary>
public enum RelativeDate
{
    None,
    Today,
    Yesterday,
    Tomorrow,
    DaysAgo,
    LastWeek,
    LastMonth,
    ThisMonth,
    NextMonth,
    LastYear,
    NextYear,
    ComingMonths,
}

/// <summary>
/// One date phrase found in a text, with its offsets (<see cref="Start"/> inclusive, <see cref="End"/> exclusive)
/// into the text that was analysed and what it says, in fields and in words (<see cref="Meaning"/>).
/// </summary>
public sealed record DateExpression
{
    public required DateExpressionKind Kind { get; init; }

    public required int Start { get; init; }

    public required int End { get; init; }

    public required string Text { get; init; }

    public required string Meaning { get; init; }

    /// <summary><see cref="Meaning"/> in Arabic, for the Arabic interface.</summary>
    public required string MeaningAr { get; init; }

    public int? Day { get; init; }

    /// <summary>1–12.</summary>
    public int? Month { get; init; }

    public int? Year { get; init; }

    public DayOfWeek? Weekday { get; init; }

    /// <summary>For a weekday: "اليوم الأربعاء" (0), "أمس الثلاثاء" (-1), "غداً الخميس" (+1); null when not tied to today.</summary>
    public int? DaysFromToday { get; init; }

    /// <summary>For a day with "الشهر الماضي"/"الجاري"/"المقبل" in place of a month name: -1, 0, +1.</summary>
    public int? MonthOffset { get; init; }

    /// <summary>"شباط الجاري", "فبراير الحالي": the month is the month of writing.</summary>
    public bool CurrentMonth { get; init; }

    /// <summary>"منذ عام 2012": the text says the period started then and still goes on.</summary>
    public bool Since { get; init; }

    /// <summary>"قبل 2024" in a sentence about a future target: the day of writing is before that year.</summary>
    public bool Before { get; init; }

    /// <summary>"بعد عام من غزو أوكرانيا": writing happens about a year after the event.</summary>
    public bool YearAfter { get; init; }

    /// <summary>For <see cref="DateExpressionKind.Event"/>: the date the reference data gives the event.</summary>
    public DateOnly? EventDate { get; init; }

    public RelativeDate Relative { get; init; }

    public DateTense Tense { get; init; }

    /// <summary>The sentence says the date is close (غداً، الأسبوع المقبل، خلال أيام): a day ahead is within the week.</summary>
    public bool Imminent { get; init; }

    /// <summary>
    /// A full date heading the article's text as a dateline ("الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م (واس)",
    /// "تونس - 12 أفريل 2016"): the day of writing.
    /// </summary>
    public bool Dateline { get; init; }

    /// <summary>
    /// A year inside a name whose event the words right after it put ahead ("كأس العالم 2022 المقررة"): the cue
    /// stands next to the year, so no distant cue overrules it.
    /// </summary>
    public bool NameYear { get; init; }

    /// <summary>The phrase is a Hijri date (<see cref="Day"/>, <see cref="Month"/>, <see cref="Year"/> are its Gregorian day).</summary>
    public bool Hijri { get; init; }

    /// <summary>For a Hijri date, the date as written ("25 Shawwal 1436 AH").</summary>
    public string HijriText { get; init; } = "";

    /// <summary>For a Hijri date, the date in Arabic ("25 شوال 1436 هـ").</summary>
    public string HijriTextAr { get; init; } = "";

    /// <summary>Index of the sentence the phrase stands in (0-based), to relate phrases of one sentence.</summary>
    public int Sentence { get; init; }

    /// <summary>The phrase names a complete calendar day (day, month and year).</summary>
    public bool IsFullDate => Day is not null && Month is not null && Year is not null;
}
