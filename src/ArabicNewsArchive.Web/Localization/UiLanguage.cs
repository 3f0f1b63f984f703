using System.Globalization;

namespace ArabicNewsArchive.Web.Localization;

/// <summary>
/// The interface language (labels, dates, numbers; never the articles). Arabic is the default. Components receive
/// it as a cascading value and write their labels inline as <c>L("عربي", "English")</c>, so a label and its
/// translation sit side by side and none can go missing.
/// </summary>
public sealed class UiLanguage
{
    public const string CookieName = "archive-lang";

    public const string QueryKey = "lang";

    public static UiLanguage Arabic { get; } = new("ar");

    public static UiLanguage English { get; } = new("en");

    private UiLanguage(string code)
    {
        Code = code;
        // Egyptian Arabic month names (يناير، فبراير...) as most Arabic news sites use, and always the Gregorian
        // calendar: some Arabic cultures default to Hijri, which would silently change every date.
        var culture = (CultureInfo)CultureInfo.GetCultureInfo(code == "ar" ? "ar-EG" : "en-GB").Clone();
        culture.DateTimeFormat.Calendar = new GregorianCalendar();
        Culture = CultureInfo.ReadOnly(culture);
    }

    /// <summary>"ar" or "en".</summary>
    public string Code { get; }

    public bool IsArabic => Code == "ar";

    public string Dir => IsArabic ? "rtl" : "ltr";

    public CultureInfo Culture { get; }

    public UiLanguage Other => IsArabic ? English : Arabic;

    public static UiLanguage FromCode(string? code) =>
        string.Equals(code, "en", StringComparison.OrdinalIgnoreCase) ? English : Arabic;

    /// <summary>The query string wins (a shared link says which language it wants), then the cookie.</summary>
    public static UiLanguage Resolve(string? query, string? cookie) =>
        !string.IsNullOrEmpty(query) ? FromCode(query) : FromCode(cookie);

    public string L(string arabic, string english) => IsArabic ? arabic : english;

    /// <summary>A name in the interface language, falling back to the other when one is missing.</summary>
    public string Name(string nameAr, string nameEn) =>
        IsArabic ? (string.IsNullOrEmpty(nameAr) ? nameEn : nameAr) : (string.IsNullOrEmpty(nameEn) ? nameAr : nameEn);

    public string Number(int value) => value.ToString("N0", Culture);

    /// <summary>A count of articles, with the noun agreeing with the number in both languages.</summary>
    public string Articles(int count) =>
        Counted(count, "مقالة واحدة", "مقالتان", "مقالات", "مقالة", "article", "articles");

    /// <summary>A count of articles two people share ("3 مقالات مشتركة").</summary>
    public string SharedArticles(int count) =>
        Counted(count, "مقالة مشتركة واحدة", "مقالتان مشتركتان", "مقالات مشتركة", "مقالة مشتركة", "shared article", "shared articles");

    /// <summary>
    /// Arabic counted nouns do not take one plural: 1 and 2 have their own forms (واحدة, the dual), 3–10 take the
    /// plural, 11–99 and round hundreds the singular (tamyiz). The rule follows the last two digits, so 103 takes
    /// the plural and 111 the singular. "5 مقالة" reads as a mistake to every Arabic reader.
    /// </summary>
    private string Counted(int count, string oneAr, string twoAr, string fewAr, string manyAr, string oneEn, string manyEn)
    {
        if (!IsArabic)
        {
            return $"{Number(count)} {(count == 1 ? oneEn : manyEn)}";
        }

        var lastTwo = Math.Abs(count) % 100;
        return count switch
        {
            1 => oneAr,
            2 => twoAr,
            _ when lastTwo is >= 3 and <= 10 => $"{Number(count)} {fewAr}",
            _ => $"{Number(count)} {manyAr}",
        };
    }

    /// <summary>
    /// A date with only the precision that is known: a month-precise date reads "فبراير 2022", never a made-up day.
    /// </summary>
    public string Date(DateOnly? date, string precision) => (date, precision) switch
    {
        (null, _) or (_, "unknown") => L("تاريخ غير معروف", "date unknown"),
        ({ } d, "year") => d.Year.ToString(CultureInfo.InvariantCulture),
        // Without its end (a list that has only the first day) a few days' interval is shown by its month: never a day.
        ({ } d, "month" or "days") => d.ToString("MMMM yyyy", Culture),
        ({ } d, _) => d.ToString("d MMMM yyyy", Culture),
    };

    /// <summary>
    /// A publication interval as a reader says it: "17 September 2022", "September 2022" (the whole month), "2015"
    /// (the whole year), else "between 17 and 26 September 2022" / "بين 17 و26 سبتمبر 2022". Without
    /// <paramref name="to"/> (a row from before the interval was kept) as <see cref="Date(DateOnly?, string)"/>.
    /// </summary>
    public string Date(DateOnly? from, DateOnly? to, string precision)
    {
        if (from is not { } a || precision == "unknown" || to is not { } b || b <= a)
        {
            return Date(from, precision);
        }

        if (a.Day == 1 && b == a.AddMonths(1).AddDays(-1))
        {
            return a.ToString("MMMM yyyy", Culture);
        }

        if (a.DayOfYear == 1 && b == new DateOnly(a.Year, 12, 31))
        {
            return a.Year.ToString(CultureInfo.InvariantCulture);
        }

        var (first, last) = (a.Year, a.Month) == (b.Year, b.Month)
            ? (a.Day.ToString(CultureInfo.InvariantCulture), b.ToString("d MMMM yyyy", Culture))
            : a.Year == b.Year ? (a.ToString("d MMMM", Culture), b.ToString("d MMMM yyyy", Culture))
            : (a.ToString("d MMMM yyyy", Culture), b.ToString("d MMMM yyyy", Culture));
        return L($"بين {first} و{last}", $"between {first} and {last}");
    }

    /// <summary>The machine-readable value for &lt;time datetime&gt;, as precise as the date is known.</summary>
    public static string IsoDate(DateOnly? date, string precision) => (date, precision) switch
    {
        (null, _) or (_, "unknown") => "",
        ({ } d, "year") => d.ToString("yyyy", CultureInfo.InvariantCulture),
        ({ } d, "month" or "days") => d.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        ({ } d, _) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    public string PrecisionNote(string precision) => precision switch
    {
        "day" => L("اليوم معروف", "exact day known"),
        "days" => L("معروف في حدود أيام، لا اليوم", "known to within a few days, not the day"),
        "month" => L("الشهر معروف فقط، لا اليوم", "only the month is known"),
        "year" => L("السنة معروفة فقط", "only the year is known"),
        _ => L("لم يُعثر على تاريخ في النص", "no date found in the text"),
    };

    /// <summary>"2022-02" as "فبراير 2022" / "February 2022".</summary>
    public string Month(string yearMonth) =>
        DateOnly.TryParseExact(yearMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("MMMM yyyy", Culture)
            : yearMonth;

    public string ShortMonth(string yearMonth) =>
        DateOnly.TryParseExact(yearMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString(IsArabic ? "MMMM yy" : "MMM yy", Culture)
            : yearMonth;
}
