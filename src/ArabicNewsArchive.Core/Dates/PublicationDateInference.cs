using System.Buffers;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Dates;

/// <summary>
/// The outcome of dating one article: the <see cref="DateFact"/> (published day, month or year, or unknown, with
/// its evidence) plus what a later cross-article step needs: the span of days still possible and the constraints.
/// </summary>
public sealed class DateInference
{
    public required DateFact Fact { get; init; }

    /// <summary>Every date phrase found, whether or not it constrained the result.</summary>
    public IReadOnlyList<DateExpression> Expressions { get; init; } = [];

    /// <summary>First and last day the text leaves possible (null when it leaves the year open).</summary>
    public DateOnly? Earliest { get; init; }

    public DateOnly? Latest { get; init; }

    public int CandidateCount { get; init; }

    internal IReadOnlyList<DateConstraint> Constraints { get; init; } = [];

    /// <summary>The constraints the result satisfies (weaker ones that contradicted the rest are left out).</summary>
    internal IReadOnlyList<DateConstraint> Kept { get; init; } = [];

    /// <summary>The phrase that ties the article to its own day ("اليوم الجمعة"), for story evidence.</summary>
    internal DateExpression? Anchor { get; init; }
}

internal enum ConstraintStrength
{
    /// <summary>Stated outright: "اليوم الأربعاء", "شباط الجاري", "منذ عام 2012". A conflict leaves the date unknown.</summary>
    Hard,

    /// <summary>Read from the tense of the sentence: dropped when it contradicts the stronger ones.</summary>
    Inferred,

    /// <summary>A habit of news writing ("4 شباط" ahead means within the week): kept only when it fits the rest.</summary>
    Soft,
}

internal sealed record DateConstraint(ConstraintStrength Strength, Func<DateOnly, bool> Test, DateEvidenceFact Evidence);

/// <summary>
/// Infers when an article was written from what its text says: every date phrase becomes a constraint on the day
/// of writing (a weekday named as today, a dated event ahead or behind, the years mentioned, a dated event
/// "قبل أيام"), the days that satisfy them all are enumerated over a few years around the years the text names,
/// and the precision is what they have in common: one day, one month, one year, or unknown. A day is never
/// guessed: two possible days in one month give the month.
/// </summary>
public sealed class PublicationDateInference(DatedEventCatalog events)
{
    /// <summary>Reports of one event by several outlets appear within this many days of one another.</summary>
    public const int StoryToleranceDays = 3;

    /// <summary>A day and month announced as ahead with no year ("يوم الـ 4 من شباط") are taken as within this many days.</summary>
    public const int ImminentDays = 7;

    /// <summary>"قبل أيام" taken as at most this many days (the plural أيام counts three to ten).</summary>
    public const int FewDays = 10;

    public DatedEventCatalog Events { get; } = events;

    /// <summary>Infers the publication date of <paramref name="text"/>.</summary>
    public DateInference Infer(string text) => Infer(text, ArabicTokenizer.Tokenize(text));

    /// <summary>As <see cref="Infer(string)"/> over tokens already made from <paramref name="text"/>.</summary>
    public DateInference Infer(string text, IReadOnlyList<Token> tokens) => Infer(text, tokens, null);

    /// <summary>As <see cref="Infer(string, IReadOnlyList{Token})"/>, with the tokens' cache entries (the extractor keeps what the lexicon says of each word there).</summary>
    internal DateInference Infer(string text, IReadOnlyList<Token> tokens, IReadOnlyList<CachedWord?>? words)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        var expressions = DateExpressionExtractor.Extract(text, tokens, Events, words);
        var constraints = BuildConstraints(text, tokens, expressions);
        var anchor = expressions.FirstOrDefault(e => e.DaysFromToday == 0)
            ?? expressions.FirstOrDefault(e => e.Relative == RelativeDate.Today)
            ?? expressions.FirstOrDefault(e => e.DaysFromToday is not null);

        var anchorYears = AnchorYears(expressions).ToList();
        if (anchorYears.Count == 0)
        {
            // Nothing in the text names a year: a weekday alone fits a day in every week of every year.
            return new DateInference
            {
                Fact = new DateFact(null, DatePrecision.Unknown, constraints.Where(c => c.Strength == ConstraintStrength.Hard).Select(c => c.Evidence).ToList()),
                Expressions = expressions,
                Constraints = constraints,
                Anchor = anchor,
            };
        }

        var max = anchorYears.Max();
        var lo = new DateOnly(Math.Max(anchorYears.Min() - 1, max - 5), 1, 1);
        var hi = new DateOnly(max + 1, 12, 31);
        var result = Solve(lo, hi, constraints, expressions, anchor, extra: null);
        return BoundedByTheText(result, lo, hi) ? result : WindowBound(result);
    }

    /// <summary>How far beyond the search window <see cref="BoundedByTheText"/> looks.</summary>
    private const int RobustnessYears = 12;

    /// <summary>
    /// True when the constraints the result kept allow no day outside its interval in a window
    /// <see cref="RobustnessYears"/> years wider on each side: the interval was bounded by what the text says, not
    /// by the edge of the search ("بحلول 2030" alone leaves every year before 2030; a weekday with a day and month
    /// recurs every few years).
    /// </summary>
    private static bool BoundedByTheText(DateInference result, DateOnly lo, DateOnly hi)
    {
        if (result.Earliest is not DateOnly first || result.Latest is not DateOnly last || result.Fact.Published is null)
        {
            return true;
        }

        var kept = result.Kept.ToList();
        var wideLo = lo.AddYears(-RobustnessYears);
        var wideHi = hi.AddYears(RobustnessYears);
        for (var d = wideLo; d <= wideHi; d = d.AddDays(1))
        {
            if (d == lo)
            {
                d = hi; // the window itself was searched
                continue;
            }

            if (FitsAll(kept, d))
            {
                return false;
            }
        }

        return first != lo && last != hi;
    }

    /// <summary>The result of a search whose interval the window, not the text, bounded: no claim, no window.</summary>
    private static DateInference WindowBound(DateInference result) => new()
    {
        Fact = new DateFact(null, DatePrecision.Unknown, result.Fact.Evidence),
        Expressions = result.Expressions,
        Constraints = result.Constraints,
        Anchor = result.Anchor,
    };

    /// <summary>
    /// Narrows an article's date with the articles it shares a story with: reports of one event appear within
    /// <see cref="StoryToleranceDays"/> days of one another, so a partner dated to a day or a month bounds the
    /// days this article's own constraints may take. Returns <paramref name="article"/> when no partner helps.
    /// </summary>
    public static DateInference RefineWithStory(DateInference article, IEnumerable<(string Id, DateInference Inference)> partners)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(partners);
        if (article.Fact.Precision == DatePrecision.Day)
        {
            return article;
        }

        var best = article;
        // Partners with the same window give the same answer, and only the first could win (ties keep the first):
        // a large story has thousands of members but a handful of windows.
        var tried = new HashSet<(DateOnly, DateOnly)>();
        foreach (var (id, partner) in partners)
        {
            if (partner.Earliest is not DateOnly from || partner.Latest is not DateOnly to || to.DayNumber - from.DayNumber > 31 || !tried.Add((from, to)))
            {
                continue;
            }

            var lo = from.AddDays(-StoryToleranceDays);
            var hi = to.AddDays(StoryToleranceDays);
            var a = article.Anchor;
            // The id (Latin letters and digits, "000_222e…") is isolated left-to-right inside the Arabic sentence, or
            // the bidi algorithm shows it as "222e…_000".
            var evidence = new DateEvidenceFact(
                a?.Start ?? 0,
                a?.End ?? 0,
                a?.Text ?? "",
                $"same story as {id}, dated {Describe(partner.Fact)}: written within {StoryToleranceDays} days of it",
                $"من قصة المقالة \u2066{id}\u2069 المؤرخة {DescribeAr(partner.Fact)}: كُتبت في حدود {DateLexicon.DaysAr(StoryToleranceDays)} منها");
            // What the article's own text settled stays settled: a partner may only narrow it, never move it.
            var pinned = article.Constraints
                .Select(c => article.Kept.Contains(c) ? c with { Strength = ConstraintStrength.Hard } : c)
                .ToList();
            var refined = Solve(lo, hi, pinned, article.Expressions, article.Anchor, evidence);
            if (refined.CandidateCount > 0 && (best.CandidateCount == 0 || refined.CandidateCount < best.CandidateCount))
            {
                best = refined;
            }
        }

        return best;
    }

    /// <summary>
    /// Runs <see cref="RefineWithStory"/> over whole story groups until nothing changes, so a date one article
    /// fixes flows to the others (001 takes its day from 000; 004 its month from 003).
    /// </summary>
    public static Dictionary<string, DateInference> RefineWithStories(
        IReadOnlyDictionary<string, DateInference> inferences, IEnumerable<IReadOnlyCollection<string>> storyGroups)
    {
        ArgumentNullException.ThrowIfNull(inferences);
        ArgumentNullException.ThrowIfNull(storyGroups);
        var result = new Dictionary<string, DateInference>(inferences, StringComparer.Ordinal);
        var groups = storyGroups.Select(g => g.Where(result.ContainsKey).ToList()).Where(g => g.Count > 1).ToList();
        for (var pass = 0; pass < 4; pass++)
        {
            var changed = false;
            foreach (var group in groups)
            {
                foreach (var id in group)
                {
                    var partners = group.Where(o => o != id).Select(o => (o, result[o]));
                    var refined = RefineWithStory(result[id], partners);
                    if (!ReferenceEquals(refined, result[id]))
                    {
                        result[id] = refined;
                        changed = true;
                    }
                }
            }

            if (!changed)
            {
                break;
            }
        }

        return result;
    }

    private static bool FitsAll(List<DateConstraint> constraints, DateOnly day)
    {
        foreach (var c in constraints)
        {
            if (!c.Test(day))
            {
                return false;
            }
        }

        return true;
    }

    private static DateInference Solve(
        DateOnly lo, DateOnly hi, IReadOnlyList<DateConstraint> constraints, IReadOnlyList<DateExpression> expressions,
        DateExpression? anchor, DateEvidenceFact? extra)
    {
        // The days that fit, filtered in place in two rented buffers: a list grown day by day, then a new one per
        // constraint, were 4 % of what the analysis allocated (a window is up to ~2,500 days).
        var days = hi.DayNumber - lo.DayNumber + 1;
        var candidates = ArrayPool<DateOnly>.Shared.Rent(Math.Max(days, 1));
        var narrowed = ArrayPool<DateOnly>.Shared.Rent(Math.Max(days, 1));
        try
        {
            return Solve(lo, hi, constraints, expressions, anchor, extra, candidates, narrowed);
        }
        finally
        {
            ArrayPool<DateOnly>.Shared.Return(candidates);
            ArrayPool<DateOnly>.Shared.Return(narrowed);
        }
    }

    private static DateInference Solve(
        DateOnly lo, DateOnly hi, IReadOnlyList<DateConstraint> constraints, IReadOnlyList<DateExpression> expressions,
        DateExpression? anchor, DateEvidenceFact? extra, DateOnly[] candidates, DateOnly[] narrowed)
    {
        var count = 0;
        var hard = constraints.Where(c => c.Strength == ConstraintStrength.Hard).ToList();
        for (var d = lo; d <= hi; d = d.AddDays(1))
        {
            // A loop, not TrueForAll with a lambda: that made a closure and a delegate for each of ~2,500 days.
            if (FitsAll(hard, d))
            {
                candidates[count++] = d;
            }
        }

        var kept = new List<DateEvidenceFact>();
        if (extra is not null)
        {
            kept.Add(extra);
        }

        var keptConstraints = new List<DateConstraint>(hard);
        kept.AddRange(hard.Select(c => c.Evidence));
        if (count == 0)
        {
            return new DateInference
            {
                Fact = new DateFact(null, DatePrecision.Unknown, kept),
                Expressions = expressions,
                Constraints = constraints,
                Anchor = anchor,
            };
        }

        // Weaker constraints one at a time, each kept only if some day still fits: a misread tense or a broken
        // habit of writing then costs precision, never a wrong date.
        foreach (var strength in new[] { ConstraintStrength.Inferred, ConstraintStrength.Soft })
        {
            foreach (var c in constraints.Where(c => c.Strength == strength))
            {
                var left = 0;
                for (var i = 0; i < count; i++)
                {
                    if (c.Test(candidates[i]))
                    {
                        narrowed[left++] = candidates[i];
                    }
                }

                if (left > 0)
                {
                    (candidates, narrowed, count) = (narrowed, candidates, left);
                    kept.Add(c.Evidence);
                    keptConstraints.Add(c);
                }
            }
        }

        var first = candidates[0];
        var last = candidates[count - 1];
        // The claim is the interval itself; its width alone says how precise it is (a day is never picked from it).
        var fact = DateFact.Within(first, last, kept);
        return new DateInference
        {
            Fact = fact,
            Expressions = expressions,
            Earliest = first,
            Latest = last,
            CandidateCount = count,
            Constraints = constraints,
            Kept = keptConstraints,
            Anchor = anchor,
        };
    }

    private static IEnumerable<int> AnchorYears(IReadOnlyList<DateExpression> expressions)
    {
        foreach (var e in expressions)
        {
            if (e.Year is int y)
            {
                yield return y;
            }

            if (e.EventDate is DateOnly d)
            {
                yield return e.YearAfter ? d.Year + 1 : d.Year;
            }
        }
    }

    private static List<DateConstraint> BuildConstraints(string text, IReadOnlyList<Token> tokens, IReadOnlyList<DateExpression> expressions)
    {
        var list = new List<DateConstraint>();
        var contradicted = Contradicted(expressions);
        // Each meaning in English (the API's) and Arabic (the Arabic interface's), written side by side. A tense
        // reading that contradicts another bounds nothing.
        void Add(ConstraintStrength s, DateExpression e, (string En, string Ar) meaning, Func<DateOnly, bool> test)
        {
            if (contradicted.Contains(e) && (s == ConstraintStrength.Inferred || e.Since))
            {
                return;
            }

            list.Add(new DateConstraint(s, test, new DateEvidenceFact(e.Start, e.End, e.Text, meaning.En, meaning.Ar)));
        }

        foreach (var e in expressions)
        {
            switch (e.Kind)
            {
                case DateExpressionKind.Weekday when e.DaysFromToday is int k && e.Weekday is DayOfWeek w:
                    Add(ConstraintStrength.Hard, e, (e.Meaning, e.MeaningAr), d => d.AddDays(k).DayOfWeek == w);
                    // "اليوم الثلاثاء 12 أفريل 2016"، "أمس الأحد 9 آب": the date that follows is that day's.
                    if (DateRightAfter(text, e, expressions) is { Day: int td, Month: int tm } named)
                    {
                        var ty = named.Year;
                        Add(ConstraintStrength.Hard, named,
                            ($"{named.Meaning}: the date of \"{e.Text}\", so written {(k == 0 ? "that day" : k < 0 ? "the day after it" : "the day before it")}",
                                $"{named.MeaningAr}: تاريخ «{e.Text}»، فقد كُتب {(k == 0 ? "في ذلك اليوم" : k < 0 ? "في اليوم التالي له" : "في اليوم السابق له")}"),
                            d => d.AddDays(k) is var t && t.Day == td && t.Month == tm && (ty is null || t.Year == ty));
                    }

                    break;

                case DateExpressionKind.DayMonth when e.Month is int m && e.Day is int day:
                    DayMonthConstraints(e, m, day, expressions, Add);
                    break;

                case DateExpressionKind.Month when e.Month is int m:
                    if (e.CurrentMonth)
                    {
                        Add(ConstraintStrength.Hard, e, ($"written in {DateLexicon.MonthNamesEn[m]}", $"كُتب في {DateLexicon.MonthNamesAr[m]}"), d => d.Month == m && (e.Year is null || d.Year == e.Year));
                    }
                    else if (e.Year is int y)
                    {
                        var firstDay = new DateOnly(y, m, 1);
                        var lastDay = firstDay.AddMonths(1).AddDays(-1);
                        if (e.Tense == DateTense.Upcoming)
                        {
                            Add(ConstraintStrength.Inferred, e, Then(e, "written by its end", "كُتب قبل نهايته"), d => d <= lastDay);
                        }
                        else if (e.Tense == DateTense.Past)
                        {
                            Add(ConstraintStrength.Inferred, e, Then(e, "written after it began", "كُتب بعد بدايته"), d => d >= firstDay);
                        }
                    }

                    break;

                case DateExpressionKind.Year when e.Year is int y:
                    if (e.Since)
                    {
                        Add(ConstraintStrength.Hard, e, (e.Meaning, e.MeaningAr), d => d.Year >= y);
                    }
                    else if (e.Before)
                    {
                        Add(ConstraintStrength.Inferred, e, (e.Meaning, e.MeaningAr), d => d.Year < y);
                    }
                    else if (e.Tense == DateTense.Upcoming)
                    {
                        Add(ConstraintStrength.Inferred, e, Then(e, $"written in {y} or before", $"كُتب في {y} أو قبله"), d => d.Year <= y);
                    }
                    else if (e.Tense == DateTense.Past)
                    {
                        Add(ConstraintStrength.Inferred, e, Then(e, $"written in {y} or later", $"كُتب في {y} أو بعده"), d => d.Year >= y);
                    }

                    break;

                case DateExpressionKind.Event when e.EventDate is DateOnly ev:
                    if (e.YearAfter)
                    {
                        var anniversary = ev.AddYears(1);
                        Add(ConstraintStrength.Inferred, e, Then(e, $"written within two months of {DateExpressionExtractor.Format(anniversary)}",
                                $"كُتب في غضون شهرين من {DateExpressionExtractor.FormatAr(anniversary)}"),
                            d => d >= ev.AddMonths(10) && d <= ev.AddMonths(14));
                        Add(ConstraintStrength.Soft, e, Then(e, $"taken as {DateLexicon.MonthNamesEn[anniversary.Month]} {anniversary.Year}",
                                $"يُرجَّح أنه {DateLexicon.MonthNamesAr[anniversary.Month]} {anniversary.Year}"),
                            d => d.Year == anniversary.Year && d.Month == anniversary.Month);
                    }
                    else if (e.Tense == DateTense.Upcoming)
                    {
                        Add(ConstraintStrength.Inferred, e, Then(e, "written on or before it", "كُتب يومه أو قبله"), d => d <= ev);
                        Add(ConstraintStrength.Soft, e, Then(e, "written in the month before it", "كُتب في الشهر الذي سبقه"), d => d >= ev.AddDays(-30));
                    }
                    else
                    {
                        Add(ConstraintStrength.Inferred, e, Then(e, "written on or after it", "كُتب يومه أو بعده"), d => d >= ev);
                        if (e.Tense == DateTense.Unmarked)
                        {
                            Add(ConstraintStrength.Soft, e, Then(e, "reported as current news, within a month of it", "يُروى خبرًا جاريًا، في غضون شهر منه"), d => d <= ev.AddDays(30));
                        }
                    }

                    break;

                case DateExpressionKind.Relative when e.Relative == RelativeDate.DaysAgo:
                    if (LinkedDatedEvent(e, text, tokens, expressions) is (DateOnly linked, DateExpression source))
                    {
                        Add(ConstraintStrength.Inferred, e,
                            Then(e, $"the event dated {DateExpressionExtractor.Format(linked)} (\"{source.Text}\"), so written 1–{FewDays} days after it",
                                $"الحدث المؤرخ في {DateExpressionExtractor.FormatAr(linked)} («{source.Text}»)، فقد كُتب بعده بمدة بين يوم واحد و{DateLexicon.DaysAr(FewDays)}"),
                            d => d > linked && d.DayNumber - linked.DayNumber <= FewDays);
                    }

                    break;

                default:
                    break;
            }
        }

        return list;
    }

    /// <summary>
    /// Phrases whose tense readings contradict each other: a period read as past (or "since") that overlaps a period
    /// read as ahead ("نهاية مارس 2019" past and "29 مارس 2019" ahead; "كانون الأول 2021" past and "2021" ahead;
    /// "منذ عام 2014" and "عام 2014" ahead). Writing would have to fall inside both, which a misread cue explains
    /// far more often, and nothing says which reading is wrong: neither bounds the day of writing. Disjoint
    /// periods agree ("كان قد وقع في 3 مارس 2021" and "من المقرر في 5 نوفمبر 2021"), and so does a period begun
    /// ("منذ عام 2022") with a month of it ahead ("في أيار 2022"). A named event put ahead by the word beside it
    /// ("بطولة العالم 2022 المقررة") is not a distant cue and takes no part.
    /// </summary>
    private static HashSet<DateExpression> Contradicted(IReadOnlyList<DateExpression> expressions)
    {
        var result = new HashSet<DateExpression>(ReferenceEqualityComparer.Instance);
        var past = expressions.Where(e => e.Year is not null && e.Kind != DateExpressionKind.Event && !e.Dateline
            && (e.Since || (e.Tense == DateTense.Past && !e.Before))).ToList();
        var ahead = expressions.Where(e => e.Year is not null && e.Kind != DateExpressionKind.Event && !e.Dateline && !e.NameYear
            && e.Tense == DateTense.Upcoming && !e.Before && !e.Since).ToList();
        foreach (var p in past)
        {
            foreach (var a in ahead)
            {
                if (p.Since && a.Kind != DateExpressionKind.Year)
                {
                    continue;
                }

                var (p0, p1) = Period(p);
                var (a0, a1) = Period(a);
                if (p0 <= a1 && a0 <= p1)
                {
                    result.Add(p);
                    result.Add(a);
                }
            }
        }

        return result;
    }

    /// <summary>The days a phrase with a year names: the day, the month or the year.</summary>
    private static (DateOnly, DateOnly) Period(DateExpression e)
    {
        var y = e.Year!.Value;
        if (e.Month is int m and >= 1 and <= 12)
        {
            var first = new DateOnly(y, m, 1);
            return e.Day is int d && d <= DateTime.DaysInMonth(y, m) ? (new DateOnly(y, m, d), new DateOnly(y, m, d)) : (first, first.AddMonths(1).AddDays(-1));
        }

        return (new DateOnly(y, 1, 1), new DateOnly(y, 12, 31));
    }

    /// <summary>The day-and-month phrase written right after <paramref name="weekday"/> ("اليوم الثلاثاء 12 أفريل"), if any.</summary>
    private static DateExpression? DateRightAfter(string text, DateExpression weekday, IReadOnlyList<DateExpression> expressions)
    {
        foreach (var e in expressions)
        {
            if (e.Start >= weekday.End && e.Kind == DateExpressionKind.DayMonth && e.Month is not null && e.MonthOffset is null)
            {
                return e.Start - weekday.End <= 3 && text[weekday.End..e.Start].All(c => char.IsWhiteSpace(c) || c is '،' or ',') ? e : null;
            }
        }

        return null;
    }

    private static void DayMonthConstraints(
        DateExpression e, int m, int day, IReadOnlyList<DateExpression> expressions,
        Action<ConstraintStrength, DateExpression, (string En, string Ar), Func<DateOnly, bool>> add)
    {
        if (e.Year is int y)
        {
            if (!IsValid(y, m, day))
            {
                return;
            }

            var date = new DateOnly(y, m, day);
            // A Hijri date alone is converted by the Umm al-Qura table, which a paper following a sighting may
            // differ from by a day: it bounds with a day to spare.
            var slack = e.Hijri ? 1 : 0;
            if (e.Dateline)
            {
                add(ConstraintStrength.Hard, e,
                    slack == 0 ? Then(e, "written that day", "كُتب في ذلك اليوم")
                        : Then(e, "written that day, give or take one", "كُتب في ذلك اليوم، بفارق يوم واحد على الأكثر"),
                    d => Math.Abs(d.DayNumber - date.DayNumber) <= slack);
            }
            else if (e.Tense == DateTense.Upcoming)
            {
                add(ConstraintStrength.Inferred, e, Then(e, "written on or before it", "كُتب يومه أو قبله"), d => d.DayNumber <= date.DayNumber + slack);
            }
            else if (e.Tense == DateTense.Past)
            {
                add(ConstraintStrength.Inferred, e, Then(e, "written on or after it", "كُتب يومه أو بعده"), d => d.DayNumber >= date.DayNumber - slack);
            }

            // Without a cue a full date may lie either side of the day of writing ("الأربعاء 18 جانفي 2017" for a
            // broadcast done or announced): it bounds nothing.

            return;
        }

        if (e.CurrentMonth)
        {
            add(ConstraintStrength.Hard, e, ($"written in {DateLexicon.MonthNamesEn[m]} (\"الجاري\")", $"كُتب في {DateLexicon.MonthNamesAr[m]} («الجاري»)"), d => d.Month == m);
            if (e.Tense == DateTense.Upcoming)
            {
                add(ConstraintStrength.Inferred, e, Then(e, $"written on or before the {day}th", $"كُتب في اليوم {day} من الشهر أو قبله"), d => d.Day <= day);
            }
            else if (e.Tense == DateTense.Past)
            {
                add(ConstraintStrength.Inferred, e, Then(e, $"written on or after the {day}th", $"كُتب في اليوم {day} من الشهر أو بعده"), d => d.Day >= day);
            }

            return;
        }

        // A day and month ahead with no year are taken as within the week only when the sentence says it is
        // imminent (غداً، الأسبوع المقبل، خلال أيام): "12 ماي القادم" in an April article is weeks away.
        if (e.Tense == DateTense.Upcoming && e.Imminent)
        {
            add(ConstraintStrength.Soft, e, Then(e, $"no year given, so taken as within the coming {ImminentDays} days",
                $"بلا سنة، فيُرجَّح أنه خلال الأيام الـ{ImminentDays} المقبلة"),
                d => DaysUntilNext(d, m, day) is int n && n <= ImminentDays);
            return;
        }

        // A past day and month written without a year lies within the last twelve months: when the same sentence
        // names a dated event on that day ("الغزو الروسي لأوكرانيا في 24 فبراير"), the writing is within a year of it.
        var linked = expressions.FirstOrDefault(o => o.Kind == DateExpressionKind.Event && !o.YearAfter && o.Sentence == e.Sentence
            && o.EventDate is DateOnly ev && ev.Month == m && ev.Day == day);
        if (linked?.EventDate is DateOnly eventDate)
        {
            add(ConstraintStrength.Inferred, e,
                ($"{e.Meaning}, with no year: {linked.Text} on {DateExpressionExtractor.Format(eventDate)} was less than a year before writing",
                    $"{e.MeaningAr}، بلا سنة: «{linked.Text}» في {DateExpressionExtractor.FormatAr(eventDate)} سبق الكتابة بأقل من عام"),
                d => d >= eventDate && d.DayNumber - eventDate.DayNumber < 365);
        }
    }

    /// <summary>
    /// The dated event a "قبل أيام" refers to: a full date or a dated event in the same sentence, or in a sentence
    /// that shares at least two content words with it (a caption "سمرقند - 16 سبتمبر 2022" for "قبل أيام ... سمرقند").
    /// </summary>
    private static (DateOnly, DateExpression)? LinkedDatedEvent(
        DateExpression daysAgo, string text, IReadOnlyList<Token> tokens, IReadOnlyList<DateExpression> expressions)
    {
        var sentences = DateExpressionExtractor.SentenceIndexes(text, tokens);
        HashSet<string> ContentStems(int sentence) => tokens
            .Where(t => sentences[t.Index] == sentence && t.Stem.Length >= 4 && !t.Stem.All(char.IsAsciiDigit))
            .Select(t => t.Stem)
            .ToHashSet(StringComparer.Ordinal);

        var own = ContentStems(daysAgo.Sentence);
        (DateOnly, DateExpression)? best = null;
        foreach (var e in expressions)
        {
            DateOnly? date = e.IsFullDate && IsValid(e.Year!.Value, e.Month!.Value, e.Day!.Value)
                ? new DateOnly(e.Year.Value, e.Month.Value, e.Day.Value)
                : e.Kind == DateExpressionKind.Event && !e.YearAfter ? e.EventDate : null;
            if (date is not DateOnly d || e.Tense == DateTense.Upcoming)
            {
                continue;
            }

            // Another sentence counts only as a caption does: the date set off by a dash after the words it shares
            // ("... في سمرقند - 16 سبتمبر 2022").
            var related = (e.Sentence == daysAgo.Sentence && Math.Abs(e.Start - daysAgo.Start) <= SameClauseChars)
                || (ContentStems(e.Sentence).Count(own.Contains) >= 2 && text[..e.Start].TrimEnd().EndsWith('-'));
            if (related && (best is null || d > best.Value.Item1))
            {
                best = (d, e);
            }
        }

        // "قبل أيام" is recent: when the text names a later day elsewhere, the dated phrase beside it is history
        // ("وُلد في 26 جانفي 1978"), not the event of a few days ago.
        if (best is (DateOnly linked, _) && expressions.Any(o => o.IsFullDate && !o.Hijri && IsValid(o.Year!.Value, o.Month!.Value, o.Day!.Value)
                && new DateOnly(o.Year.Value, o.Month.Value, o.Day.Value) > linked))
        {
            return null;
        }

        return best;
    }

    /// <summary>
    /// How near "قبل أيام" a date of its own sentence must stand to be the event it dates: a long sentence names
    /// other times too ("قبل أيام ... منذ ولادته يوم 26 جانفي 1978").
    /// </summary>
    private const int SameClauseChars = 80;

    private static int? DaysUntilNext(DateOnly d, int month, int day)
    {
        for (var y = d.Year; y <= d.Year + 1; y++)
        {
            if (IsValid(y, month, day))
            {
                var next = new DateOnly(y, month, day);
                if (next >= d)
                {
                    return next.DayNumber - d.DayNumber;
                }
            }
        }

        return null;
    }

    private static bool IsValid(int y, int m, int d) => m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m);

    private static string Describe(DateFact fact) => fact switch
    {
        { Published: DateOnly p, Precision: DatePrecision.Day } => DateExpressionExtractor.Format(p),
        { Published: DateOnly p, To: DateOnly t } when p != t => $"between {DateExpressionExtractor.Format(p)} and {DateExpressionExtractor.Format(t)}",
        { Published: DateOnly p, Precision: DatePrecision.Month } => $"{DateLexicon.MonthNamesEn[p.Month]} {p.Year}",
        { Published: DateOnly p, Precision: DatePrecision.Year } => p.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "a narrow range",
    };

    private static string DescribeAr(DateFact fact) => fact switch
    {
        { Published: DateOnly p, Precision: DatePrecision.Day } => "في " + DateExpressionExtractor.FormatAr(p),
        { Published: DateOnly p, To: DateOnly t } when p != t => $"بين {DateExpressionExtractor.FormatAr(p)} و{DateExpressionExtractor.FormatAr(t)}",
        { Published: DateOnly p, Precision: DatePrecision.Month } => $"في {DateLexicon.MonthNamesAr[p.Month]} {p.Year}",
        { Published: DateOnly p, Precision: DatePrecision.Year } => "في " + p.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "في مدة قصيرة",
    };

    /// <summary>A consequence drawn from a phrase, after what the phrase says: "February 2023: written after it began".</summary>
    private static (string En, string Ar) Then(DateExpression e, string en, string ar) => ($"{e.Meaning}: {en}", $"{e.MeaningAr}: {ar}");
}
