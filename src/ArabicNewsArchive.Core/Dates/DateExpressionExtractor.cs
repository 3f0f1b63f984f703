using System.Globalization;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Dates;

/// <summary>
/// Finds date phrases in Arabic news text over analysed tokens (so harakat, hamza forms, Arabic-Indic digits and
/// attached particles do not matter) and keeps each phrase's offsets into the source text.
/// </summary>
public static class DateExpressionExtractor
{
    /// <summary>How far back in its sentence a phrase looks for a tense cue (سيعقد، من المقرر، منذ).</summary>
    private const int TenseLookback = 8;

    private static readonly HashSet<string> s_pastCues = new(StringComparer.Ordinal)
    {
        "امس", "منذ", "الماضي", "الماضيه", "البارحه", "كان", "كانت", "سبق",
    };

    /// <summary>Extracts every date phrase of <paramref name="text"/>, ordered by position.</summary>
    public static IReadOnlyList<DateExpression> Extract(string text, DatedEventCatalog? events = null) =>
        Extract(text, ArabicTokenizer.Tokenize(text), events);

    /// <summary>As <see cref="Extract(string, DatedEventCatalog?)"/> over tokens already made from <paramref name="text"/>.</summary>
    public static IReadOnlyList<DateExpression> Extract(string text, IReadOnlyList<Token> tokens, DatedEventCatalog? events = null) =>
        Extract(text, tokens, events, null);

    /// <summary>As <see cref="Extract(string, IReadOnlyList{Token}, DatedEventCatalog?)"/>, keeping what the lexicon says of each word on its <paramref name="words"/> entry.</summary>
    internal static IReadOnlyList<DateExpression> Extract(string text, IReadOnlyList<Token> tokens, DatedEventCatalog? events, IReadOnlyList<CachedWord?>? words)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        var scan = new Scan(text, tokens, words);
        var found = new List<DateExpression>();
        if (events is not null)
        {
            scan.Events(events, found);
        }

        // Most specific first: a token an earlier pass claimed ("4 شباط") is not read again as a bare month or year.
        Action<int, List<DateExpression>>[] passes = [scan.Hijri, scan.DayMonth, scan.MonthOnly, scan.Weekday, scan.Relative, scan.Year];
        foreach (var pass in passes)
        {
            for (var i = 0; i < tokens.Count; i++)
            {
                if (!scan.Used[i])
                {
                    pass(i, found);
                }
            }
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return Datelines(text, MergeEquivalents(text, found));
    }

    /// <summary>The gap between two phrases that pairs a Hijri and a Gregorian date: "هـ الموافق"، "الموافق لـ"، "م /".</summary>
    private static bool IsEquivalenceGap(string gap)
    {
        var words = gap.Split([' ', '\t', '\u00A0', '(', ')', '،', ',', '-', '/'], StringSplitOptions.RemoveEmptyEntries)
            .Select(ArabicNormalizer.Normalize)
            .Where(w => w is not ("ه" or "م" or "ل"))
            .ToList();
        return words is [var only] && (only.StartsWith("الموافق", StringComparison.Ordinal) || only.StartsWith("موافق", StringComparison.Ordinal));
    }

    /// <summary>
    /// "25 شوال 1436 هـ الموافق 10 أغسطس 2015 م": a Hijri date and the Gregorian day it names, one phrase. The
    /// Gregorian day wins (the Umm al-Qura table may differ from the sighting a paper follows by a day); a pair
    /// more than two days apart contradicts itself and dates nothing.
    /// </summary>
    private static List<DateExpression> MergeEquivalents(string text, List<DateExpression> found)
    {
        var result = new List<DateExpression>(found.Count);
        for (var k = 0; k < found.Count; k++)
        {
            var a = found[k];
            if (k + 1 < found.Count && a.IsFullDate && found[k + 1] is { IsFullDate: true } b && a.Hijri != b.Hijri
                && b.Start >= a.End && IsEquivalenceGap(text[a.End..b.Start]))
            {
                var (hijri, gregorian) = a.Hijri ? (a, b) : (b, a);
                var text2 = text[a.Start..b.End];
                if (Date(hijri) is DateOnly h && Date(gregorian) is DateOnly g && Math.Abs(h.DayNumber - g.DayNumber) <= 2)
                {
                    result.Add(gregorian with
                    {
                        Start = a.Start,
                        End = b.End,
                        Text = text2,
                        Meaning = $"{hijri.HijriText} = {gregorian.Meaning}",
                        MeaningAr = $"{hijri.HijriTextAr} الموافق {gregorian.MeaningAr}",
                        Tense = a.Tense,
                        Sentence = a.Sentence,
                    });
                }

                k++;
                continue;
            }

            result.Add(a);
        }

        return result;
    }

    /// <summary>"الساعة : الثانية"، "20:00": a kick-off or a show time after the date makes the line a fixture.</summary>
    private static bool IsTimeOfDay(string after)
    {
        var t = after.TrimStart();
        return ArabicNormalizer.Normalize(t).StartsWith("الساعه", StringComparison.Ordinal)
            || (t.Length >= 4 && char.IsAsciiDigit(t[0]) && (t[1] == ':' || (char.IsAsciiDigit(t[1]) && t[2] == ':')));
    }

    private static DateOnly? Date(DateExpression e) =>
        e is { Year: int y, Month: int m, Day: int d } && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m) ? new DateOnly(y, m, d) : null;

    /// <summary>
    /// Marks the full dates that head the text as a dateline: on one of the first lines after the title, after at
    /// most three words (the place), ending the line or followed by the agency or a dash ("الرياض 25 شوال 1436 هـ
    /// الموافق 10 أغسطس 2015 م (واس)"، "تونس - 12 أفريل 2016 -"). A full date inside a sentence or a caption is not one.
    /// </summary>
    private static List<DateExpression> Datelines(string text, List<DateExpression> found)
    {
        const int MaxLine = 6;
        const int MaxPlaceWords = 3;
        const int MaxCharsBeforeDateline = 200;
        for (var k = 0; k < found.Count; k++)
        {
            var e = found[k];
            if (!e.IsFullDate || Date(e) is null)
            {
                continue;
            }

            var lineStart = e.Start == 0 ? 0 : text.LastIndexOf('\n', e.Start - 1) + 1;
            var lineNumber = 0;
            for (var c = 0; c < lineStart && lineNumber <= MaxLine; c++)
            {
                if (text[c] == '\n' && c + 1 < text.Length && text[c + 1] != '\n')
                {
                    lineNumber++;
                }
            }

            // The first line is the title: a date there is what the title is about. A dateline heads the body: a
            // date on a line of its own further down is an entry of a timeline ("14 فبراير/شباط 2018" between
            // paragraphs).
            var titleEnd = text.IndexOf('\n', StringComparison.Ordinal);
            if (lineNumber == 0 || lineNumber > MaxLine || lineStart - titleEnd > MaxCharsBeforeDateline)
            {
                continue;
            }

            var lineEnd = text.IndexOf('\n', e.End);
            var prefix = text[lineStart..e.Start].Trim();
            var suffix = text[e.End..(lineEnd < 0 ? text.Length : lineEnd)].Trim();
            // "2015 م" / "1436 هـ": the era letter is part of the date.
            if (suffix.StartsWith('م') && (suffix.Length == 1 || !char.IsLetter(suffix[1])))
            {
                suffix = suffix[1..].TrimStart();
            }

            var placeWords = prefix.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetter));
            // After the date a dateline ends its line or opens the agency or the text with a dash, a bracket or a
            // colon; a comma goes on with a sentence ("تعيش تونس، يوم 9 ماي 2016، ظاهرة فلكية"), and "يوم" before
            // the date names the day of an event.
            // A weekday or "يوم" before the date, or a colon after it, makes a line of a schedule ("* السبت 13 ماي
            // 2017 - الساعة 20:00"، "الأحد 5 فيفري 2017 : الساعة 14:00"), not a dateline.
            var separatorAfter = suffix.Length == 0 || (suffix[0] is '-' or '–' or '—' or '(' && !IsTimeOfDay(suffix[1..]));
            var placeIsWords = prefix.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(ArabicNormalizer.Normalize)
                .All(w => !DateLexicon.Weekdays.ContainsKey(w) && w is not ("يوم" or "اليوم") && !w.Contains('*', StringComparison.Ordinal));
            if (placeWords <= MaxPlaceWords && !prefix.Any(char.IsDigit) && separatorAfter && placeIsWords
                && !ArabicNormalizer.Normalize(e.Text).StartsWith("يوم", StringComparison.Ordinal))
            {
                found[k] = e with
                {
                    Dateline = true,
                    Meaning = $"{e.Meaning}, the dateline",
                    MeaningAr = $"{e.MeaningAr}، سطر التاريخ",
                };
            }
        }

        return found;
    }

    /// <summary>Sentence index of each token: a new sentence starts after . ! ? ؟ ؛ or a line break.</summary>
    internal static int[] SentenceIndexes(string text, IReadOnlyList<Token> tokens)
    {
        var result = new int[tokens.Count];
        var sentence = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (i > 0)
            {
                for (var c = tokens[i - 1].End; c < tokens[i].Start; c++)
                {
                    if (text[c] is '.' or '!' or '?' or '؟' or '؛' or '\n')
                    {
                        sentence++;
                        break;
                    }
                }
            }

            result[i] = sentence;
        }

        return result;
    }

    private sealed class Scan(string text, IReadOnlyList<Token> tokens, IReadOnlyList<CachedWord?>? words)
    {
        /// <summary>Every word a branch of <see cref="Relative"/> starts from: a new branch adds its word here.</summary>
        private static readonly string[] s_relativeHeads =
        [
            "اليوم", "امس", "البارحه", "غدا", "قبل", "منذ", "الاسبوع", "الشهر", "العام", "السنه", "الاشهر", "الشهور",
        ];

        /// <summary>
        /// What each word of the lexicon can start, so a pass looks a token's forms up once (<see cref="Kinds"/>)
        /// instead of once per dictionary and pass: the passes run over every token and nearly none is a date word.
        /// </summary>
        private static readonly Dictionary<string, DateWord> s_dateWords = BuildDateWords();

        private static readonly Dictionary<string, DateWord>.AlternateLookup<ReadOnlySpan<char>> s_dateWordsBySpan =
            s_dateWords.GetAlternateLookup<ReadOnlySpan<char>>();

        private static DateWord KindsOf(ReadOnlySpan<char> form) => s_dateWordsBySpan.TryGetValue(form, out var kinds) ? kinds : DateWord.None;

        private static Dictionary<string, DateWord> BuildDateWords()
        {
            var words = new Dictionary<string, DateWord>(StringComparer.Ordinal);
            void Mark(IEnumerable<string> list, DateWord kind)
            {
                foreach (var w in list)
                {
                    words[w] = words.GetValueOrDefault(w) | kind;
                }
            }

            Mark(DateLexicon.Months.Keys, DateWord.Month);
            Mark(DateLexicon.TwoWordMonthFirstWords, DateWord.Month);
            Mark(DateLexicon.Weekdays.Keys, DateWord.Weekday);
            Mark(s_relativeHeads, DateWord.Relative);
            return words;
        }

        private static readonly string[] s_noForms = [""];

        private static readonly UmAlQuraCalendar s_ummAlQura = new();

        private readonly int[] _sentence = SentenceIndexes(text, tokens);

        private readonly string[]?[] _forms = new string[]?[tokens.Count];

        private readonly DateWord[] _kinds = new DateWord[tokens.Count];

        /// <summary>Each token's normalised word: the forms of a word without particles, as a one-element slice.</summary>
        private readonly string[] _words = [.. tokens.Select(t => t.Normalized)];

        public bool[] Used { get; } = new bool[tokens.Count];

        private HashSet<int>? _imminentSentences;

        /// <summary>
        /// Whether sentence <paramref name="sentence"/> says its date is close: غداً، بعد غد، الأسبوع المقبل/القادم،
        /// هذا الأسبوع، خلال/بعد أيام، الأيام المقبلة.
        /// </summary>
        private bool Imminent(int sentence)
        {
            if (_imminentSentences is null)
            {
                _imminentSentences = [];
                for (var k = 0; k < tokens.Count; k++)
                {
                    var w = N(k);
                    var next = N(k + 1);
                    if (DateLexicon.ImminenceWords.Contains(w)
                        || (w == "بعد" && next == "غد")
                        || (w is "الاسبوع" && next is "المقبل" or "القادم" or "الجاري" or "الحالي")
                        || (w is "هذا" && next is "الاسبوع")
                        || (w is "خلال" or "بعد" && next is "ايام" or "يومين")
                        || (w is "الايام" && next is "المقبله" or "القادمه"))
                    {
                        _imminentSentences.Add(_sentence[k]);
                    }
                }
            }

            return _imminentSentences.Contains(sentence);
        }

        private string N(int i) => i >= 0 && i < _words.Length ? _words[i] : "";

        private bool Free(int i) => i >= 0 && i < tokens.Count && !Used[i];

        /// <summary>The lexicon kinds any form of token <paramref name="i"/> has (<see cref="DateWord.None"/> beyond the text).</summary>
        private DateWord Kinds(int i)
        {
            if (i < 0 || i >= tokens.Count)
            {
                return DateWord.None;
            }

            if (_kinds[i] == DateWord.None && words?[i] is { DateMemo: not 0 } known)
            {
                // The lexicon is fixed: what it said of the word in an earlier article holds.
                _kinds[i] = (DateWord)known.DateMemo;
            }

            if (_kinds[i] == DateWord.None)
            {
                // The forms of DateLexicon.WithoutParticles, as slices: nearly no token is a date word, so its forms
                // are made (Forms) only for the few that are.
                var form = _words[i].AsSpan();
                var kinds = DateWord.Looked | KindsOf(form);
                for (var k = 0; k < 2 && form.Length > 3 && form[0] is 'و' or 'ف' or 'ب' or 'ل'; k++)
                {
                    form = form[1..];
                    kinds |= KindsOf(form);
                }

                _kinds[i] = kinds;
                words?[i]?.DateMemo = (byte)kinds;
            }

            return _kinds[i];
        }

        /// <summary>
        /// <see cref="DateLexicon.WithoutParticles"/> of token <paramref name="i"/>, made once: every pass asks for
        /// the forms of every token, and making them afresh each time was most of the extractor's allocations. A
        /// word with no particle to strip (most of them) is its own only form, a slice of <see cref="_words"/>.
        /// </summary>
        private ReadOnlySpan<string> Forms(int i)
        {
            if (i < 0 || i >= tokens.Count)
            {
                return s_noForms;
            }

            return DateLexicon.MayHaveParticle(_words[i])
                ? _forms[i] ??= DateLexicon.WithoutParticles(_words[i])
                : _words.AsSpan(i, 1);
        }

        public void Events(DatedEventCatalog events, List<DateExpression> found)
        {
            foreach (var match in events.Index.Match(tokens))
            {
                var last = match.First + match.Length - 1;
                if (Enumerable.Range(match.First, match.Length).Any(k => Used[k]))
                {
                    continue;
                }

                var first = match.First;
                var yearAfter = false;
                if (first >= 3 && N(first - 1) == "من" && N(first - 2) is "عام" or "سنه" && N(first - 3) == "بعد")
                {
                    first -= 3;
                    yearAfter = true;
                }

                var e = match.Value;
                var tense = TenseBefore(first);
                Add(found, first, last, new DateExpression
                {
                    Kind = DateExpressionKind.Event,
                    Start = tokens[first].Start,
                    End = tokens[last].End,
                    Text = text[tokens[first].Start..tokens[last].End],
                    Meaning = yearAfter
                        ? $"about a year after {e.Name} ({Format(e.Date)})"
                        : $"{e.Name}, {Format(e.Date)}{TenseWords(tense)}",
                    MeaningAr = yearAfter
                        ? $"بعد نحو عام من {e.NameAr} ({FormatAr(e.Date)})"
                        : $"{e.NameAr}، {FormatAr(e.Date)}{TenseWordsAr(tense)}",
                    EventDate = e.Date,
                    YearAfter = yearAfter,
                    Tense = tense,
                    Sentence = _sentence[first],
                });
            }
        }

        /// <summary>
        /// A Hijri day, month and year ("25 شوال 1436 هـ"), converted to the Gregorian day with the Umm al-Qura
        /// calendar. A Hijri month without a day or year ("في رمضان") is not read: رجب and صفر are names too, and
        /// without a year the month recurs every 354 days.
        /// </summary>
        public void Hijri(int i, List<DateExpression> found)
        {
            if (DayNumber(N(i)) is not int day || day > 30)
            {
                return;
            }

            var j = i + 1;
            if (N(j) == "من")
            {
                j++;
            }

            int month;
            int next;
            if (DateLexicon.HijriMonths.TryGetValue(N(j), out var m1))
            {
                (month, next) = (m1, j + 1);
            }
            else if (DateLexicon.HijriTwoWordMonths.TryGetValue((N(j), N(j + 1)), out var m2))
            {
                (month, next) = (m2, j + 2);
            }
            else
            {
                return;
            }

            if (N(next) is "عام" or "سنه" or "لعام")
            {
                next++;
            }

            if (!int.TryParse(N(next), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1318 or > 1500)
            {
                return;
            }

            var last = next;
            if (N(last + 1) is "ه" or "هـ" && tokens[last + 1].Start - tokens[last].End <= 2)
            {
                last++;
            }

            DateOnly gregorian;
            try
            {
                gregorian = DateOnly.FromDateTime(s_ummAlQura.ToDateTime(year, month, day, 0, 0, 0, 0));
            }
            catch (ArgumentOutOfRangeException)
            {
                return; // outside the table, or the 30th of a 29-day month
            }

            var hijriEn = $"{day} {DateLexicon.HijriMonthNamesEn[month]} {year} AH";
            var hijriAr = $"{day} {DateLexicon.HijriMonthNamesAr[month]} {year} هـ";
            var tense = TenseBefore(i);
            Add(found, i, last, new DateExpression
            {
                Kind = DateExpressionKind.DayMonth,
                Start = tokens[i].Start,
                End = tokens[last].End,
                Text = text[tokens[i].Start..tokens[last].End],
                Meaning = $"{hijriEn} = {Format(gregorian)} (Umm al-Qura){TenseWords(tense)}",
                MeaningAr = $"{hijriAr} = {FormatAr(gregorian)} (تقويم أم القرى){TenseWordsAr(tense)}",
                Day = gregorian.Day,
                Month = gregorian.Month,
                Year = gregorian.Year,
                Hijri = true,
                HijriText = hijriEn,
                HijriTextAr = hijriAr,
                Tense = tense,
                Sentence = _sentence[i],
            });
        }

        public void DayMonth(int i, List<DateExpression> found)
        {
            var first = i;
            var dayIndex = i;
            if (N(i) == "ال" && DayNumber(N(i + 1)) is not null)
            {
                dayIndex = i + 1;
            }

            if (DayNumber(N(dayIndex)) is not int day)
            {
                return;
            }

            var j = dayIndex + 1;
            if (N(j) == "من")
            {
                j++;
            }

            if (Free(first - 1) && N(first - 1) == "يوم")
            {
                first--;
            }

            // A day number before the name settles the ambiguity of آب/مارس, so that flag is not needed here.
            if (TryMonth(j, out var month, out var end, out var family, out _))
            {
                var families = family;
                var familiesAr = "بتسميته " + DateLexicon.FamilyAr(family);
                // The combined form شباط/فبراير (also "شباط/ فبراير", "شباط (فبراير)") names one month twice.
                if (end < tokens.Count && TryMonth(end, out var second, out var end2, out var family2, out _)
                    && second == month && Gap(end - 1, end).Trim() is "/" or "-" or "(" or "،")
                {
                    end = end2;
                    families = $"{family}/{family2}";
                    familiesAr = $"بتسميتيه {DateLexicon.FamilyAr(family)} و{DateLexicon.FamilyAr(family2)}";
                }

                var (year, afterYear) = YearAfter(end);
                var (modifier, afterModifier) = Modifier(afterYear);
                var last = afterModifier - 1;
                var tense = modifier switch
                {
                    "upcoming" => DateTense.Upcoming,
                    "past" => DateTense.Past,
                    _ => TenseBefore(first),
                };
                var current = modifier == "current";
                var meaning = $"{day} {DateLexicon.MonthNamesEn[month]}"
                    + (year is int y ? $" {y}" : "")
                    + (current ? " of the current month" : "")
                    + $" ({families} month name){TenseWords(tense)}";
                var meaningAr = $"{day} {DateLexicon.MonthNamesAr[month]}"
                    + (year is int ya ? $" {ya}" : "")
                    + (current ? " من الشهر الجاري" : "")
                    + $" (الشهر مكتوب {familiesAr}){TenseWordsAr(tense)}";
                Add(found, first, last, new DateExpression
                {
                    Kind = DateExpressionKind.DayMonth,
                    Start = tokens[first].Start,
                    End = tokens[last].End,
                    Text = text[tokens[first].Start..tokens[last].End],
                    Meaning = meaning,
                    MeaningAr = meaningAr,
                    Day = day,
                    Month = month,
                    Year = year,
                    CurrentMonth = current,
                    Tense = tense,
                    Imminent = Imminent(_sentence[first]),
                    Sentence = _sentence[first],
                });
                return;
            }

            // "يوم الـ 27 من الشهر الماضي": a day of a month named relative to the day of writing.
            if (N(j) == "الشهر" && N(j + 1) is "الماضي" or "الجاري" or "الحالي" or "المقبل" or "القادم")
            {
                var offset = N(j + 1) switch
                {
                    "الماضي" => -1,
                    "المقبل" or "القادم" => 1,
                    _ => 0,
                };
                var last = j + 1;
                var words = offset switch { -1 => "last month", 1 => "next month", _ => "this month" };
                var wordsAr = offset switch { -1 => "الشهر الماضي", 1 => "الشهر المقبل", _ => "هذا الشهر" };
                Add(found, first, last, new DateExpression
                {
                    Kind = DateExpressionKind.DayMonth,
                    Start = tokens[first].Start,
                    End = tokens[last].End,
                    Text = text[tokens[first].Start..tokens[last].End],
                    Meaning = $"the {Ordinal(day)} of {words}",
                    MeaningAr = $"اليوم {day} من {wordsAr}",
                    Day = day,
                    MonthOffset = offset,
                    CurrentMonth = offset == 0,
                    Tense = offset < 0 ? DateTense.Past : offset > 0 ? DateTense.Upcoming : TenseBefore(first),
                    Sentence = _sentence[first],
                });
            }
        }

        public void MonthOnly(int i, List<DateExpression> found)
        {
            if (!TryMonth(i, out var month, out var end, out var family, out var ambiguous))
            {
                return;
            }

            var (year, afterYear) = YearAfter(end);
            if (ambiguous && year is null)
            {
                return;
            }

            var (modifier, afterModifier) = Modifier(afterYear);
            var first = i;
            if (Free(i - 1) && N(i - 1) is "اوايل" or "اواخر" or "منتصف" or "مطلع" or "نهايه" or "بدايه")
            {
                first--;
            }

            var last = afterModifier - 1;
            var tense = modifier switch
            {
                "upcoming" => DateTense.Upcoming,
                "past" => DateTense.Past,
                _ => TenseBefore(first),
            };
            var current = modifier == "current";
            Add(found, first, last, new DateExpression
            {
                Kind = DateExpressionKind.Month,
                Start = tokens[first].Start,
                End = tokens[last].End,
                Text = text[tokens[first].Start..tokens[last].End],
                Meaning = DateLexicon.MonthNamesEn[month] + (year is int y ? $" {y}" : "")
                    + (current ? ", the current month" : "") + $" ({family} month name){TenseWords(tense)}",
                MeaningAr = DateLexicon.MonthNamesAr[month] + (year is int ya ? $" {ya}" : "")
                    + (current ? "، الشهر الجاري" : "") + $" (الشهر مكتوب بتسميته {DateLexicon.FamilyAr(family)}){TenseWordsAr(tense)}",
                Month = month,
                Year = year,
                CurrentMonth = current,
                Tense = tense,
                Sentence = _sentence[first],
            });
        }

        public void Weekday(int i, List<DateExpression> found)
        {
            if ((Kinds(i) & DateWord.Weekday) == 0)
            {
                return;
            }

            DayOfWeek? weekday = null;
            string? name = null;
            foreach (var form in Forms(i))
            {
                if (DateLexicon.Weekdays.TryGetValue(form, out var d))
                {
                    weekday = d;
                    name = form;
                    break;
                }
            }

            if (weekday is not DayOfWeek day)
            {
                return;
            }

            var cue = Free(i - 1) && DateLexicon.WeekdayCues.Contains(N(i - 1)) ? N(i - 1) : null;
            if (cue is null && DateLexicon.AmbiguousWeekdays.Contains(name!))
            {
                return;
            }

            int? fromToday = cue switch
            {
                "اليوم" => 0,
                "امس" => -1,
                "غدا" => 1,
                _ => null,
            };
            var first = cue is null ? i : i - 1;
            var last = i;
            var tense = fromToday switch { 0 => DateTense.Unmarked, -1 => DateTense.Past, 1 => DateTense.Upcoming, _ => TenseBefore(first) };
            if (N(i + 1) is "المقبل" or "القادم" or "الماضي" && Free(i + 1))
            {
                tense = N(i + 1) == "الماضي" ? DateTense.Past : DateTense.Upcoming;
                last = i + 1;
            }

            var meaning = fromToday switch
            {
                0 => $"today is a {day}",
                -1 => $"yesterday was a {day}",
                1 => $"tomorrow is a {day}",
                _ => $"a {day}{TenseWords(tense)}",
            };
            var dayAr = DateLexicon.WeekdayNamesAr[(int)day];
            var meaningAr = fromToday switch
            {
                0 => $"اليوم {dayAr}",
                -1 => $"أمس كان {dayAr}",
                1 => $"غدًا {dayAr}",
                _ => $"يوم {dayAr}{TenseWordsAr(tense)}",
            };
            Add(found, first, last, new DateExpression
            {
                Kind = DateExpressionKind.Weekday,
                Start = tokens[first].Start,
                End = tokens[last].End,
                Text = text[tokens[first].Start..tokens[last].End],
                Meaning = meaning,
                MeaningAr = meaningAr,
                Weekday = day,
                DaysFromToday = fromToday,
                Tense = tense,
                Sentence = _sentence[first],
            });
        }

        public void Relative(int i, List<DateExpression> found)
        {
            // Nearly every token is none of these words; the chain of tests below costs a dozen array searches each.
            if ((Kinds(i) & DateWord.Relative) == 0)
            {
                return;
            }

            var w = Forms(i);
            var next = N(i + 1);
            (RelativeDate Kind, int Last, string Meaning, string MeaningAr)? hit = null;
            if (w.Contains("اليوم"))
            {
                hit = (RelativeDate.Today, i, "today, the day of writing", "اليوم، يوم الكتابة");
            }
            else if (w.Contains("امس") || w.Contains("البارحه"))
            {
                hit = (RelativeDate.Yesterday, i, "yesterday, the day before writing", "أمس، اليوم السابق ليوم الكتابة");
            }
            else if (w.Contains("غدا"))
            {
                hit = (RelativeDate.Tomorrow, i, "tomorrow", "غدًا");
            }
            // "قبل أيام من الذكرى" counts days back from an event, not from the day of writing.
            else if ((w.Contains("قبل") || w.Contains("منذ")) && next is "ايام" && Free(i + 1)
                && N(i + 2) != "من" && !(N(i + 2) == "فقط" && N(i + 3) == "من"))
            {
                hit = (RelativeDate.DaysAgo, i + 1, "a few days before writing", "قبل الكتابة بأيام");
            }
            else if (Free(i + 1) && (w.Contains("الاسبوع") && next is "الماضي"))
            {
                hit = (RelativeDate.LastWeek, i + 1, "last week", "الأسبوع الماضي");
            }
            else if (Free(i + 1) && w.Contains("الشهر") && next is "الماضي" or "الجاري" or "الحالي" or "المقبل" or "القادم")
            {
                hit = next switch
                {
                    "الماضي" => (RelativeDate.LastMonth, i + 1, "last month", "الشهر الماضي"),
                    "المقبل" or "القادم" => (RelativeDate.NextMonth, i + 1, "next month", "الشهر المقبل"),
                    _ => (RelativeDate.ThisMonth, i + 1, "this month", "هذا الشهر"),
                };
            }
            else if (Free(i + 1) && (w.Contains("العام") || w.Contains("السنه"))
                && next is "الماضي" or "الماضيه" or "المقبل" or "المقبله" or "القادم" or "القادمه")
            {
                hit = next.StartsWith("الماضي", StringComparison.Ordinal)
                    ? (RelativeDate.LastYear, i + 1, "last year", "العام الماضي")
                    : (RelativeDate.NextYear, i + 1, "next year", "العام المقبل");
            }
            else if (Free(i + 1) && (w.Contains("الاشهر") || w.Contains("الشهور")) && next is "المقبله" or "القادمه")
            {
                hit = (RelativeDate.ComingMonths, i + 1, "the coming months", "الأشهر المقبلة");
            }

            if (hit is not { } h)
            {
                return;
            }

            var first = i;
            if (h.Kind == RelativeDate.Yesterday && Free(i - 1) && N(i - 1) == "يوم")
            {
                first--;
            }

            Add(found, first, h.Last, new DateExpression
            {
                Kind = DateExpressionKind.Relative,
                Start = tokens[first].Start,
                End = tokens[h.Last].End,
                Text = text[tokens[first].Start..tokens[h.Last].End],
                Meaning = h.Meaning,
                MeaningAr = h.MeaningAr,
                Relative = h.Kind,
                Tense = h.Kind switch
                {
                    RelativeDate.Tomorrow or RelativeDate.NextMonth or RelativeDate.NextYear or RelativeDate.ComingMonths => DateTense.Upcoming,
                    RelativeDate.Today or RelativeDate.ThisMonth => DateTense.Unmarked,
                    _ => DateTense.Past,
                },
                Sentence = _sentence[first],
            });
        }

        public void Year(int i, List<DateExpression> found)
        {
            if (YearNumber(N(i)) is not int year)
            {
                return;
            }

            var first = i;
            if (Free(first - 1) && IsYearWord(Forms(first - 1)))
            {
                first--;
            }

            if (first == i && IsNameYear(i))
            {
                NameYear(i, year, found);
                return;
            }

            var since = false;
            var before = false;
            if (Free(first - 1))
            {
                var p = Forms(first - 1);
                since = p.Contains("منذ");
                before = p.Contains("قبل") || p.Contains("بحلول") || p.Contains("حتي");
                if (since || before)
                {
                    first--;
                }
            }

            var tense = since ? DateTense.Past : TenseBefore(first);
            // "قبل 2024" is a bound on the day of writing only when the sentence speaks of the future (a target);
            // "قبل 2012" in a past sentence dates an earlier event instead.
            before = before && tense == DateTense.Upcoming;
            var meaning = since ? $"since {year}, so written in {year} or later"
                : before ? $"a target before {year}, so written before {year}"
                : tense == DateTense.Upcoming ? $"{year}, spoken of as ahead"
                : $"the year {year}, spoken of as past or present";
            var meaningAr = since ? $"منذ {year}، فقد كُتب في {year} أو بعده"
                : before ? $"هدف قبل {year}، فقد كُتب قبل {year}"
                : tense == DateTense.Upcoming ? $"{year}، بصيغة المستقبل"
                : $"عام {year}، بصيغة الماضي أو الحاضر";
            Add(found, first, i, new DateExpression
            {
                Kind = DateExpressionKind.Year,
                Start = tokens[first].Start,
                End = tokens[i].End,
                Text = text[tokens[first].Start..tokens[i].End],
                Meaning = meaning,
                MeaningAr = meaningAr,
                Year = year,
                Since = since,
                Before = before,
                Tense = tense,
                Sentence = _sentence[first],
            });
        }

        /// <summary>
        /// A year straight after a word that is neither a year word nor a preposition, in the same phrase (no
        /// punctuation between): "رؤية 2030"، "كأس العالم 2022"، "أديبك 2015"، "السعودية 2050". The year is part of
        /// a name, not a time the sentence speaks of.
        /// </summary>
        private bool IsNameYear(int i)
        {
            if (i == 0 || _sentence[i - 1] != _sentence[i] || Gap(i - 1, i).Any(c => !char.IsWhiteSpace(c)))
            {
                return false;
            }

            var previous = Forms(i - 1);
            foreach (var form in previous)
            {
                if (DateLexicon.YearIntroducers.Contains(form) || (Kinds(i - 1) & DateWord.Month) != 0 || YearNumber(form) is not null
                    || !form.AsSpan().ContainsAnyExceptInRange('0', '9'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The year of a name dates nothing, unless what follows puts the named event ahead ("كأس العالم 2022
        /// المقررة في قطر"، "إكسبو 2020 الذي سيقام"): then writing is in that year or before.
        /// </summary>
        private void NameYear(int i, int year, List<DateExpression> found)
        {
            Used[i] = true;
            for (var k = i + 1; k < tokens.Count && k <= i + 4 && _sentence[k] == _sentence[i]; k++)
            {
                foreach (var form in Forms(k))
                {
                    if (DateLexicon.FutureAfterYear.Contains(form) || DateLexicon.IsFutureVerb(form))
                    {
                        var start = tokens[i - 1].Start;
                        Add(found, i, i, new DateExpression
                        {
                            Kind = DateExpressionKind.Year,
                            Start = start,
                            End = tokens[k].End,
                            Text = text[start..tokens[k].End],
                            Meaning = $"{year} in a name, the event spoken of as ahead",
                            MeaningAr = $"{year} في اسم حدث يُذكر بصيغة المستقبل",
                            Year = year,
                            Tense = DateTense.Upcoming,
                            NameYear = true,
                            Sentence = _sentence[i],
                        });
                        return;
                    }
                }
            }
        }

        private static bool IsYearWord(ReadOnlySpan<string> forms)
        {
            foreach (var form in forms)
            {
                if (form is "عام" or "العام" or "سنه" or "السنه")
                {
                    return true;
                }
            }

            return false;
        }

        private void Add(List<DateExpression> found, int first, int last, DateExpression e)
        {
            for (var k = first; k <= last; k++)
            {
                Used[k] = true;
            }

            found.Add(e);
        }

        private string Gap(int a, int b) => text[tokens[a].End..tokens[b].Start];

        private bool TryMonth(int j, out int month, out int end, out string family, out bool ambiguous)
        {
            month = 0;
            end = j;
            family = "";
            ambiguous = false;
            if (!Free(j) || (Kinds(j) & DateWord.Month) == 0)
            {
                return false;
            }

            foreach (var form in Forms(j))
            {
                if (DateLexicon.TwoWordMonthFirstWords.Contains(form) && Free(j + 1)
                    && DateLexicon.TwoWordMonths.TryGetValue((form, N(j + 1)), out var m2))
                {
                    month = m2;
                    end = j + 2;
                    family = "Levantine";
                    return true;
                }

                if (DateLexicon.Months.TryGetValue(form, out var m))
                {
                    month = m.Month;
                    family = m.Family;
                    end = j + 1;
                    ambiguous = DateLexicon.AmbiguousMonths.Contains(form);
                    return true;
                }
            }

            return false;
        }

        /// <summary>A year right after a month: "سبتمبر 2022", "شباط من عام 2022", "فبراير عام 2023".</summary>
        private (int? Year, int Next) YearAfter(int end)
        {
            for (var k = end; k < tokens.Count && k <= end + 2; k++)
            {
                if (!Free(k))
                {
                    break;
                }

                if (YearNumber(N(k)) is int y)
                {
                    return (y, k + 1);
                }

                if (N(k) is not ("من" or "عام" or "العام" or "سنه"))
                {
                    break;
                }
            }

            return (null, end);
        }

        private (string? Modifier, int Next) Modifier(int k) => Free(k)
            ? N(k) switch
            {
                "الجاري" or "الحالي" => ("current", k + 1),
                "المقبل" or "القادم" => ("upcoming", k + 1),
                "الماضي" => ("past", k + 1),
                _ => (null, k),
            }
            : (null, k);

        /// <summary>The nearest tense cue before token <paramref name="first"/> in its sentence.</summary>
        private DateTense TenseBefore(int first)
        {
            for (var k = first - 1; k >= 0 && k >= first - TenseLookback && _sentence[k] == _sentence[first]; k--)
            {
                foreach (var n in Forms(k))
                {
                    if (DateLexicon.FutureCues.Contains(n) || DateLexicon.IsFutureVerb(n))
                    {
                        return DateTense.Upcoming;
                    }

                    if (s_pastCues.Contains(n))
                    {
                        return DateTense.Past;
                    }
                }
            }

            return DateTense.Unmarked;
        }
    }

    private static int? DayNumber(string normalized)
    {
        // A span, not a substring: this runs on every token and many start with ال.
        var s = normalized.AsSpan();
        if (s.StartsWith("ال", StringComparison.Ordinal))
        {
            s = s[2..];
        }

        return s.Length is 1 or 2 && !s.ContainsAnyExceptInRange('0', '9') && int.Parse(s, CultureInfo.InvariantCulture) is var d and >= 1 and <= 31
            ? d
            : null;
    }

    private static int? YearNumber(string normalized) =>
        // A span test, not LINQ over the string: Enumerable.All boxed an enumerator for every four-letter token.
        normalized.Length == 4 && !normalized.AsSpan().ContainsAnyExceptInRange('0', '9')
            && int.Parse(normalized, CultureInfo.InvariantCulture) is var y and >= 1900 and <= 2099
            ? y
            : null;

    private static string TenseWords(DateTense tense) => tense switch
    {
        DateTense.Upcoming => ", spoken of as ahead",
        DateTense.Past => ", spoken of as past",
        _ => "",
    };

    private static string TenseWordsAr(DateTense tense) => tense switch
    {
        DateTense.Upcoming => "، بصيغة المستقبل",
        DateTense.Past => "، بصيغة الماضي",
        _ => "",
    };

    private static string Ordinal(int day) => day switch
    {
        1 or 21 or 31 => $"{day}st",
        2 or 22 => $"{day}nd",
        3 or 23 => $"{day}rd",
        _ => $"{day}th",
    };

    internal static string Format(DateOnly d) => d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"4 فبراير 2022": the month names the interface uses (<see cref="DateLexicon.MonthNamesAr"/>).</summary>
    internal static string FormatAr(DateOnly d) => $"{d.Day} {DateLexicon.MonthNamesAr[d.Month]} {d.Year}";
}

/// <summary>What a word of the date lexicon can begin (see <c>DateExpressionExtractor.Scan.Kinds</c>).</summary>
[Flags]
internal enum DateWord : byte
{
    None = 0,

    /// <summary>Set once a token's forms were looked up, so a token with no kind is not looked up again.</summary>
    Looked = 1,

    /// <summary>A month name or the first word of a two-word one (كانون، تشرين).</summary>
    Month = 2,
    Weekday = 4,
    Relative = 8,
}
