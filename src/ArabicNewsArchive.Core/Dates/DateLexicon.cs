namespace ArabicNewsArchive.Dates;

/// <summary>
/// Month and weekday names as <see cref="Text.ArabicNormalizer"/> writes them (أ→ا, ى→ي, ة→ه), in the three
/// families newspapers use: Levantine/Iraqi (شباط), Egyptian/Gulf (فبراير) and Maghrebi (فيفري).
/// </summary>
internal static class DateLexicon
{
    /// <summary>One-word month names. Values: month number and family name for the meaning text.</summary>
    public static readonly Dictionary<string, (int Month, string Family)> Months = new(StringComparer.Ordinal)
    {
        // Levantine / Iraqi (Syriac names). كانون and تشرين need a second word: see TwoWordMonths.
        ["شباط"] = (2, "Levantine"),
        ["اذار"] = (3, "Levantine"),
        ["نيسان"] = (4, "Levantine"),
        ["ايار"] = (5, "Levantine"),
        ["حزيران"] = (6, "Levantine"),
        ["تموز"] = (7, "Levantine"),
        ["اب"] = (8, "Levantine"),
        ["ايلول"] = (9, "Levantine"),

        // Egyptian / Gulf (from the European names).
        ["يناير"] = (1, "Egyptian/Gulf"),
        ["فبراير"] = (2, "Egyptian/Gulf"),
        ["مارس"] = (3, "Egyptian/Gulf"),
        ["ابريل"] = (4, "Egyptian/Gulf"),
        ["مايو"] = (5, "Egyptian/Gulf"),
        ["يونيو"] = (6, "Egyptian/Gulf"),
        ["يونيه"] = (6, "Egyptian/Gulf"),
        ["يوليو"] = (7, "Egyptian/Gulf"),
        ["يوليه"] = (7, "Egyptian/Gulf"),
        ["اغسطس"] = (8, "Egyptian/Gulf"),
        ["سبتمبر"] = (9, "Egyptian/Gulf"),
        ["اكتوبر"] = (10, "Egyptian/Gulf"),
        ["نوفمبر"] = (11, "Egyptian/Gulf"),
        ["ديسمبر"] = (12, "Egyptian/Gulf"),

        // Maghrebi (Algeria, Tunisia: from the French names; Morocco: from the Spanish/French ones).
        ["جانفي"] = (1, "Maghrebi"),
        ["فيفري"] = (2, "Maghrebi"),
        ["افريل"] = (4, "Maghrebi"),
        ["ماي"] = (5, "Maghrebi"),
        ["جوان"] = (6, "Maghrebi"),
        ["جويليه"] = (7, "Maghrebi"),
        ["اوت"] = (8, "Maghrebi"),
        ["يوليوز"] = (7, "Maghrebi"),
        ["غشت"] = (8, "Maghrebi"),
        ["شتنبر"] = (9, "Maghrebi"),
        ["نونبر"] = (11, "Maghrebi"),
        ["دجنبر"] = (12, "Maghrebi"),
    };

    /// <summary>
    /// Month names that are also ordinary words (آب "father"/August, مارس "he practised"/March, ماي, أوت): they
    /// count as months only next to a day number or a year.
    /// </summary>
    public static readonly HashSet<string> AmbiguousMonths = new(StringComparer.Ordinal) { "اب", "مارس", "ماي", "اوت" };

    /// <summary>كانون الثاني، تشرين الأول... (first word, second word) → month.</summary>
    public static readonly Dictionary<(string, string), int> TwoWordMonths = new()
    {
        [("كانون", "الثاني")] = 1,
        [("تشرين", "الاول")] = 10,
        [("تشرين", "الثاني")] = 11,
        [("كانون", "الاول")] = 12,
    };

    /// <summary>
    /// The first words of <see cref="TwoWordMonths"/>: checked before a pair lookup, which hashes both strings and
    /// would otherwise run for every token of every text.
    /// </summary>
    public static readonly HashSet<string> TwoWordMonthFirstWords = TwoWordMonths.Keys.Select(k => k.Item1).ToHashSet(StringComparer.Ordinal);

    /// <summary>One-word Hijri month names; the two-word ones (ربيع الأول، جمادى الآخرة، ذو الحجة) are in <see cref="HijriTwoWordMonths"/>.</summary>
    public static readonly Dictionary<string, int> HijriMonths = new(StringComparer.Ordinal)
    {
        ["محرم"] = 1, ["صفر"] = 2, ["رجب"] = 7, ["شعبان"] = 8, ["رمضان"] = 9, ["شوال"] = 10,
    };

    /// <summary>(first word, second word) → Hijri month, in the normalised spelling (جمادى → جمادي، الآخرة → الاخره).</summary>
    public static readonly Dictionary<(string, string), int> HijriTwoWordMonths = new()
    {
        [("ربيع", "الاول")] = 3,
        [("ربيع", "الثاني")] = 4,
        [("ربيع", "الاخر")] = 4,
        [("جمادي", "الاولي")] = 5,
        [("جمادي", "الاول")] = 5,
        [("جمادي", "الاخره")] = 6,
        [("جمادي", "الثانيه")] = 6,
        [("جمادي", "الاخر")] = 6,
        [("ذو", "القعده")] = 11,
        [("ذي", "القعده")] = 11,
        [("ذو", "الحجه")] = 12,
        [("ذي", "الحجه")] = 12,
    };

    public static readonly string[] HijriMonthNamesEn =
    [
        "", "Muharram", "Safar", "Rabi' al-Awwal", "Rabi' al-Thani", "Jumada al-Ula", "Jumada al-Akhira", "Rajab",
        "Sha'ban", "Ramadan", "Shawwal", "Dhu al-Qa'da", "Dhu al-Hijja",
    ];

    public static readonly string[] HijriMonthNamesAr =
    [
        "", "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب", "شعبان", "رمضان", "شوال",
        "ذو القعدة", "ذو الحجة",
    ];

    /// <summary>
    /// Words after which a four-digit year is a date, not part of a name: the year words, prepositions and period
    /// words ("في 2018"، "بحلول 2035"، "مطلع 2016"). After any other noun (رؤية 2030، أديبك 2015، كأس العالم 2022)
    /// the year belongs to the name.
    /// </summary>
    public static readonly HashSet<string> YearIntroducers = new(StringComparer.Ordinal)
    {
        "في", "عام", "العام", "عامي", "سنه", "السنه", "لعام", "لسنه", "منذ", "حتي", "بحلول", "قبل", "بعد", "خلال",
        "من", "الي", "مطلع", "اوائل", "اواخر", "اواسط", "نهايه", "بدايه", "منتصف", "مع", "عن", "وفي", "ربيع", "صيف",
        "خريف", "شتاء", "موسم", "حلول", "او", "و", "ل", "ب", "فترة", "فتره", "ميزانيه", "دوره",
    };

    /// <summary>Words after a year in a name that put the named event ahead: "كأس العالم 2022 المقررة في قطر".</summary>
    public static readonly HashSet<string> FutureAfterYear = new(StringComparer.Ordinal)
    {
        "المقرره", "المقرر", "المرتقبه", "المرتقب", "المقبله", "المقبل", "القادمه", "القادم", "المتوقعه", "المتوقع",
        "المزمع", "المزمعه", "المنتظره", "المنتظر",
    };

    /// <summary>Words in a sentence that make a day ahead imminent (within the week).</summary>
    public static readonly HashSet<string> ImminenceWords = new(StringComparer.Ordinal) { "غدا", "الغد", "وغدا" };

    public static readonly Dictionary<string, DayOfWeek> Weekdays = new(StringComparer.Ordinal)
    {
        ["الاحد"] = DayOfWeek.Sunday,
        ["الاثنين"] = DayOfWeek.Monday,
        ["الثلاثاء"] = DayOfWeek.Tuesday,
        ["الاربعاء"] = DayOfWeek.Wednesday,
        ["الخميس"] = DayOfWeek.Thursday,
        ["الجمعه"] = DayOfWeek.Friday,
        ["السبت"] = DayOfWeek.Saturday,
    };

    /// <summary>Weekday names that are also common words (الأحد "the one", الاثنين "the two"): need a cue (يوم، اليوم).</summary>
    public static readonly HashSet<string> AmbiguousWeekdays = new(StringComparer.Ordinal) { "الاحد", "الاثنين" };

    /// <summary>Words before a weekday that tie it to a day: يوم، اليوم، أمس، مساء...</summary>
    public static readonly HashSet<string> WeekdayCues = new(StringComparer.Ordinal)
    {
        "يوم", "اليوم", "امس", "غدا", "مساء", "صباح", "ليله", "فجر", "ظهر", "نهار", "عشيه",
    };

    /// <summary>Words that put what follows in the future.</summary>
    public static readonly HashSet<string> FutureCues = new(StringComparer.Ordinal)
    {
        "المقرر", "مقرر", "المرتقب", "مرتقب", "سوف", "يستعد", "تستعد", "يعتزم", "تعتزم", "غدا", "هدفا", "هدف",
        "المقبل", "المقبله", "القادم", "القادمه", "المنتظر", "ستجري", "سيجري", "المتوقعه", "المتوقع", "المزمع",
        "المزمعه", "المرتقبه",
    };

    /// <summary>Words starting with س + an imperfect prefix that are not future verbs (سياسة، سيرغي، سنويا).</summary>
    private static readonly string[] s_notFutureVerbs =
    [
        "سياس", "سيطر", "سيار", "سيد", "سيف", "سيول", "سيناري", "سيبير", "سيرغي", "سيرجي", "سيرغ", "سيم", "سيل",
        "سين", "سيخ", "ستين", "ستار", "ستوكهولم", "ستالين", "ستراتيج", "ستر", "ستا", "سنو", "سنه", "سنغافور", "سنت",
        "سنوي", "سنا", "سنغ", "سند", "ستون", "سته", "سيت", "سيباست", "سيلفا", "سيزار", "ستوديو", "سيرك", "سيشل",
        "سيمفون", "سيجار", "سيناء", "سيول", "سيرا", "سيري", "ستاد",
    ];

    /// <summary>Normalised words such as سيعقد، ستختتم، سنحقق، سيتبنيان: the future prefix س on an imperfect verb.</summary>
    public static bool IsFutureVerb(string normalized)
    {
        if (normalized.Length < 4 || normalized[0] != 'س' || normalized[1] is not ('ي' or 'ت' or 'ن'))
        {
            return false;
        }

        // After the imperfect prefix an Arabic verb goes on with its root or a form letter; ي there is a foreign name
        // (ستيفان، ستيفن، ستيف، سنيور): roots beginning with ي (يئس، يسر) are too rare to be worth the false future.
        if (normalized[2] == 'ي')
        {
            return false;
        }

        foreach (var prefix in s_notFutureVerbs)
        {
            if (normalized.StartsWith(prefix, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public static readonly string[] MonthNamesEn =
    [
        "", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ];

    /// <summary>The Egyptian/Gulf names, as the Arabic interface writes dates (UiLanguage's ar-EG culture).</summary>
    public static readonly string[] MonthNamesAr =
    [
        "", "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    ];

    /// <summary>Indexed by <see cref="DayOfWeek"/> (Sunday first).</summary>
    public static readonly string[] WeekdayNamesAr = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"];

    /// <summary>A family name of <see cref="Months"/> in Arabic, as an adjective of "تسمية" ("الشامية").</summary>
    public static string FamilyAr(string family) => family switch
    {
        "Levantine" => "الشامية",
        "Egyptian/Gulf" => "المصرية والخليجية",
        "Maghrebi" => "المغاربية",
        _ => family,
    };

    /// <summary>A number of days with the noun agreeing: "يوم واحد", "يومان", "3 أيام", "14 يومًا".</summary>
    public static string DaysAr(int n) => n switch
    {
        1 => "يوم واحد",
        2 => "يومان",
        >= 3 and <= 10 => $"{n} أيام",
        _ => $"{n} يومًا",
    };

    /// <summary>False when <see cref="WithoutParticles"/> gives the word alone.</summary>
    public static bool MayHaveParticle(string normalized) => normalized.Length > 3 && normalized[0] is 'و' or 'ف' or 'ب' or 'ل';

    /// <summary>Strips one or two attached particles (و، ف، ب، ل) so "وشباط" and "لفبراير" find the month.</summary>
    public static string[] WithoutParticles(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        // An array, not an iterator: the date extractor asks for every token's forms and keeps them.
        if (!MayHaveParticle(normalized))
        {
            return [normalized];
        }

        var forms = new List<string>(3) { normalized };
        var s = normalized;
        for (var i = 0; i < 2 && s.Length > 3 && s[0] is ('و' or 'ف' or 'ب' or 'ل'); i++)
        {
            s = s[1..];
            forms.Add(s);
        }

        return [.. forms];
    }
}
