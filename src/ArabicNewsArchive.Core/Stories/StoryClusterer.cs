using System.Globalization;
using System.Runtime.InteropServices;
using ArabicNewsArchive.Dates;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.Stories;

/// <summary>
/// One article as the story grouping sees it. <see cref="Earliest"/>/<see cref="Latest"/> are the days its date
/// may take (the same day twice when known to the day; null when unknown). <see cref="Persons"/> are slugs.
/// </summary>
public sealed record StoryArticle(string Id, string Text, DateOnly? Earliest, DateOnly? Latest, IReadOnlyCollection<string> Persons)
{
    /// <summary>Tokens of <see cref="Text"/> when the caller already has them (ingestion does); else tokenised here.</summary>
    public IReadOnlyList<Token>? Tokens { get; init; }

    /// <summary>
    /// The stem counts <see cref="StoryClusterer.CountTerms(string, IReadOnlyList{Token})"/> gives for <see cref="Text"/>, when the caller counted
    /// them already (the story step streams the archive and keeps counts, not texts); <see cref="Text"/> is then unused.
    /// </summary>
    public Dictionary<string, int>? TermCounts { get; init; }
}

/// <summary>A group of articles reporting one event, with a label made of the people they share and the month.</summary>
public sealed record StoryGroup(string Label, IReadOnlyList<string> ArticleIds);

public sealed record StoryGrouping(IReadOnlyList<ArticleRelation> Relations, IReadOnlyList<StoryGroup> Groups)
{
    /// <summary>The kept pairs as article positions (first &lt; second), each once: <see cref="Relations"/> holds both directions.</summary>
    internal IReadOnlyList<KeptPair> Kept { get; init; } = [];
}

/// <summary>A kept relation between the articles at positions <see cref="A"/> and <see cref="B"/> of the grouped list.</summary>
internal readonly record struct KeptPair(int A, int B, double Score, bool SameStory);

/// <summary>
/// Groups articles that report the same event: TF-IDF cosine over analysed stems, plus shared people, gated by
/// date proximity. Pure: a list of articles in, relations (both directions) and groups out.
/// <para>
/// Scaling: vectors cost O(total tokens). Pairs are not all compared: each article is posted under its
/// <see cref="TopTerms"/> most distinctive stems and under (person, month) keys; only articles sharing at least
/// <see cref="MinSharedTopTerms"/> top stems or a person in the same month are scored, and a key shared by more
/// than <see cref="MaxPostings"/> articles is too common to say "same event" and is skipped. Work is then
/// O(n · k · p) for n articles, k top terms and postings capped at p, instead of O(n²).
/// </para>
/// </summary>
public sealed class StoryClusterer
{
    public int TopTerms { get; init; } = 25;

    public int MinSharedTopTerms { get; init; } = 2;

    public int MaxPostings { get; init; } = 200;

    /// <summary>Score (cosine + people bonus) from which two articles count as one story.</summary>
    public double SameStoryThreshold { get; init; } = 0.25;

    /// <summary>Score from which two articles are listed as related (similar subject).</summary>
    public double RelatedThreshold { get; init; } = 0.12;

    /// <summary>Weight of the Jaccard overlap of the people two articles mention.</summary>
    public double PersonWeight { get; init; } = 0.15;

    /// <summary>Relations kept per article, the closest first (a pair is kept when either end keeps it).</summary>
    public int MaxRelated { get; init; } = 10;

    /// <summary>Two reports of one event are at most this many days apart (when both dates are known).</summary>
    public int MaxDaysApart { get; init; } = 7;

    /// <summary>
    /// The story threshold in an archive of <see cref="LargeArchive"/> articles or more: with many articles the
    /// document frequencies tell an event's own words from a subject's, and reports of one subject (a war, a league)
    /// that are different news score up to 0.6 and more (measured on ANT, docs/dates-topics-stories.md). In a handful of
    /// articles every word is rare and the same pairs score little: <see cref="SameStoryThreshold"/> holds up to
    /// <see cref="SmallArchive"/> articles, and the threshold rises with the logarithm of the size in between.
    /// </summary>
    public double LargeArchiveThreshold { get; init; } = 0.6;

    public int SmallArchive { get; init; } = 100;

    public int LargeArchive { get; init; } = 2000;

    /// <summary>Every two members of a story score at least this share of the story threshold: none is unrelated to another.</summary>
    public double MemberFloorShare { get; init; } = 0.5;

    /// <summary>The score from which two articles of an archive of <paramref name="archiveSize"/> articles are one story.</summary>
    public double StoryThresholdAt(int archiveSize)
    {
        if (archiveSize <= SmallArchive)
        {
            return SameStoryThreshold;
        }

        if (archiveSize >= LargeArchive)
        {
            return Math.Max(SameStoryThreshold, LargeArchiveThreshold);
        }

        var t = Math.Log((double)archiveSize / SmallArchive) / Math.Log((double)LargeArchive / SmallArchive);
        return SameStoryThreshold + (t * (Math.Max(SameStoryThreshold, LargeArchiveThreshold) - SameStoryThreshold));
    }

    /// <summary>Display name of a person slug for labels; the slug itself when null.</summary>
    public Func<string, string>? PersonName { get; init; }

    /// <summary>Scores candidate pairs, returns relations above <see cref="RelatedThreshold"/> and story groups.</summary>
    public StoryGrouping Group(IReadOnlyList<StoryArticle> articles) => Group(articles, out _, out _);

    /// <summary>As <see cref="Group(IReadOnlyList{StoryArticle})"/>, also giving the document frequencies and each article's keys.</summary>
    internal StoryGrouping Group(IReadOnlyList<StoryArticle> articles, out Dictionary<string, int> df, out List<string>[] keys)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var table = new StoryTermTable();
        foreach (var article in articles)
        {
            table.Add(article.TermCounts ?? CountTerms(article.Text, article.Tokens));
        }

        return Group(articles, table, out df, out keys);
    }

    /// <summary>
    /// As <see cref="Group(IReadOnlyList{StoryArticle})"/> from stem counts already numbered (<paramref name="table"/>,
    /// one row per article). Consumes the table's rows: each is emptied once its article's vector is made.
    /// </summary>
    internal StoryGrouping Group(IReadOnlyList<StoryArticle> articles, StoryTermTable table, out Dictionary<string, int> df, out List<string>[] keys)
    {
        var n = articles.Count;
        var stems = table.Stems;
        var frequency = new int[stems.Count];
        for (var i = 0; i < n; i++)
        {
            foreach (var term in table.Terms[i])
            {
                frequency[term]++;
            }
        }

        df = new Dictionary<string, int>(stems.Count, StringComparer.Ordinal);
        for (var t = 0; t < stems.Count; t++)
        {
            df[stems[t]] = frequency[t];
        }

        // Per article and independent: on every core. Stems are numbered in first-seen order (article order, then
        // each article's own order), as the document frequencies were counted: sparse vectors sorted by that number
        // add their products in the same order, so every score is the same double bit for bit. A stem that weighs
        // nothing (a weekday mark) has an idf of 0: its weight, tf × 0, is the 0 it always had.
        var idf = new double[stems.Count];
        for (var t = 0; t < stems.Count; t++)
        {
            idf[t] = IsWeekdayTerm(stems[t]) ? 0 : Math.Log((n + 1.0) / (frequency[t] + 1.0)) + 1;
        }

        var vectors = new StoryVectors(idf, n);
        var keyLists = new List<string>[n];
        var weekdays = new int[n];
        Parallel.For(0, n, () => (Weights: new List<double>(), Order: new List<int>()), (i, _, scratch) =>
        {
            var terms = table.Terms[i];
            var counts = table.Counts[i];
            var wide = counts is null ? table.WideCounts[i] : null;
            var weights = scratch.Weights;
            weights.Clear();
            var (norm, leadNorm) = (0.0, 0.0);
            for (var k = 0; k < terms.Length; k++)
            {
                var w = vectors.Unscaled(counts?[k] ?? wide![k], terms[k]);
                weights.Add(w);
                if (IsLeadTerm(stems[terms[k]]))
                {
                    leadNorm += w * w;
                }
                else
                {
                    norm += w * w;
                }
            }

            var (scale, leadScale) = Scales(norm, leadNorm, n);
            var marked = counts ?? new ushort[terms.Length];
            for (var k = 0; k < terms.Length; k++)
            {
                if (IsLeadTerm(stems[terms[k]]))
                {
                    weights[k] *= leadScale;
                    marked[k] = StoryVectors.Lead(marked[k]);
                }
                else
                {
                    weights[k] *= scale;
                }
            }

            // The heaviest stems, ties in the article's order (as a stable sort by weight, descending, gives them).
            var order = scratch.Order;
            order.Clear();
            for (var k = 0; k < terms.Length; k++)
            {
                order.Add(k);
            }

            order.Sort((x, y) => weights[x] != weights[y] ? weights[y].CompareTo(weights[x]) : x.CompareTo(y));
            var top = new List<string>(Math.Min(TopTerms, order.Count) + articles[i].Persons.Count);
            for (var k = 0; k < order.Count && top.Count < TopTerms; k++)
            {
                if (!IsWeekdayTerm(stems[terms[order[k]]]))
                {
                    top.Add(stems[terms[order[k]]]);
                }
            }

            keyLists[i] = top;
            weekdays[i] = WeekdayMask(terms.Select(t => stems[t]));
            // The row is the vector from here (its stems sorted in place, with their counts): the table holds no second
            // copy of the archive's stems while the pairs are scored. A row whose counts do not fit keeps its weights.
            double[]? exact = null;
            if (wide is not null)
            {
                exact = [.. weights];
                Array.Sort([.. terms], exact);
            }

            Array.Sort(terms, marked);
            (table.Terms[i], table.Counts[i]) = ([], []);
            vectors.Set(i, terms, marked, scale, leadScale, exact);
            return scratch;
        }, _ => { });
        // Person keys after the stems, as KeysOf gives them; one string per distinct key (a person's key for a month
        // recurs in every article that names them then), made here in article order rather than once per article.
        var personKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            AddPersonKeys(articles[i], keyLists[i], personKeys);
        }

        keys = keyLists;

        var local = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in keys.SelectMany(k => k))
        {
            local[key] = local.GetValueOrDefault(key) + 1;
        }

        var people = PeopleNumbers(articles);
        var picked = Picker(articles, n);
        ArabicNewsArchive.Store.MemoryLog.Mark("step: vectors");
        ScoredCandidates(keys, k => local[k], vectors, people, picked);
        ArabicNewsArchive.Store.MemoryLog.Mark("step: scored");
        // The postings, the per-thread score arrays and the rows' scratch are garbage now, most of it in gen2 after a
        // long scoring: the grouping's own structures went on top of it, the step's peak (100k ANT: 379 MB of heap
        // at the grouping's end, 179 MB after a collection).
        StoryService.Compact(n);
        return Cluster(articles, (a, b) => vectors.Dot(a, b), (a, b) => vectors.LeadDot(a, b), people, picked, n, weekdays);
    }

    /// <summary>The TF-IDF vector (unit length) of stem counts, given each stem's document frequency among <paramref name="n"/> articles.</summary>
    internal Dictionary<string, double> Vector(Dictionary<string, int> termCounts, Func<string, int> df, int n)
    {
        var v = new Dictionary<string, double>(termCounts.Count, StringComparer.Ordinal);
        var (norm, leadNorm) = (0.0, 0.0);
        foreach (var (term, count) in termCounts)
        {
            if (IsWeekdayTerm(term))
            {
                continue;
            }

            var w = (1 + Math.Log(count)) * (Math.Log((n + 1.0) / (df(term) + 1.0)) + 1);
            v[term] = w;
            if (IsLeadTerm(term))
            {
                leadNorm += w * w;
            }
            else
            {
                norm += w * w;
            }
        }

        var (scale, leadScale) = Scales(norm, leadNorm, n);
        foreach (var term in v.Keys.ToList())
        {
            v[term] *= IsLeadTerm(term) ? leadScale : scale;
        }

        return v;
    }

    /// <summary>
    /// The factors that make the body part and the lead part of a vector unit vectors of lengths √(1 − share) and
    /// √share (<see cref="LeadShareAt"/> the archive's size <paramref name="n"/>), so that the dot product of two vectors is (1 − share) × body cosine + share
    /// × lead cosine. An article with no lead terms (or no body terms) puts its whole length in the part it has.
    /// </summary>
    internal (double Body, double Lead) Scales(double bodySquares, double leadSquares, int n)
    {
        var share = LeadShareAt(n);
        if (share == 0 && bodySquares > 0)
        {
            return (1 / Math.Sqrt(bodySquares), 0);
        }

        if (leadSquares == 0 || bodySquares == 0)
        {
            var total = Math.Sqrt(bodySquares + leadSquares);
            return total == 0 ? (0, 0) : (1 / total, 1 / total);
        }

        return (Math.Sqrt(1 - share) / Math.Sqrt(bodySquares), Math.Sqrt(share) / Math.Sqrt(leadSquares));
    }

    /// <summary>
    /// The lead's share in an archive of <paramref name="n"/> articles: none up to <see cref="SmallArchive"/> (every
    /// word is rare there, and a preview written days before an event shares its body's words, not its lead's: seeds
    /// 000 and 001), <see cref="LeadShare"/> from <see cref="LargeArchive"/>, on the story threshold's log scale between.
    /// </summary>
    public double LeadShareAt(int n)
    {
        if (n <= SmallArchive)
        {
            return 0;
        }

        if (n >= LargeArchive)
        {
            return LeadShare;
        }

        return LeadShare * Math.Log((double)n / SmallArchive) / Math.Log((double)LargeArchive / SmallArchive);
    }

    /// <summary>Marks a day of the week named in the lead: "~0" (Sunday) to "~6"; such terms weigh nothing in the vectors.</summary>
    public const string WeekdayPrefix = "~";

    internal static bool IsWeekdayTerm(string term) => term.StartsWith(WeekdayPrefix, StringComparison.Ordinal);

    /// <summary>The days of the week the lead names, as bits (Sunday = 1), from an article's terms.</summary>
    internal static int WeekdayMask(IEnumerable<string> terms)
    {
        var mask = 0;
        foreach (var term in terms)
        {
            if (term.Length == 2 && IsWeekdayTerm(term) && term[1] is >= '0' and <= '6')
            {
                mask |= 1 << (term[1] - '0');
            }
        }

        return mask;
    }

    /// <summary>Both leads name a day of the week, and no day in common: two days' news.</summary>
    internal static bool WeekdaysDiffer(int a, int b) => a != 0 && b != 0 && (a & b) == 0;

    /// <summary>Marks a stem counted in the lead (the title and first sentence): "^stem" beside the plain "stem".</summary>
    public const string LeadPrefix = "^";

    internal static bool IsLeadTerm(string term) => term.StartsWith(LeadPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The share of a pair's similarity that comes from their leads (title and first sentence): an event is what a
    /// report leads with, while its body restates the affair's background, which follow-ups of one affair share.
    /// </summary>
    public double LeadShare { get; init; } = 0.5;

    /// <summary>
    /// The cosine every two members' leads reach in a large archive (<see cref="Assemble"/>): reports of one event
    /// lead with it in their own words (0.35–1 on ANT, most above 0.5), follow-ups of one affair share only its
    /// names (0.2–0.45 for most).
    /// </summary>
    public double LeadFloor { get; init; } = 0.5;

    /// <summary>
    /// The keys an article is posted under: its <see cref="TopTerms"/> heaviest stems, then "@person|yyyy-MM" per
    /// person ("?" for the month when its date is not known to a month).
    /// </summary>
    internal List<string> KeysOf(StoryArticle article, Dictionary<string, double> vector)
    {
        var keys = vector.OrderByDescending(kv => kv.Value).Take(TopTerms).Select(kv => kv.Key).ToList();
        AddPersonKeys(article, keys);
        return keys;
    }

    private static void AddPersonKeys(StoryArticle article, List<string> keys, Dictionary<string, string>? pool = null)
    {
        var month = article.Earliest is DateOnly e && article.Latest is DateOnly l && l.DayNumber - e.DayNumber <= 31
            ? e.ToString("yyyy-MM", CultureInfo.InvariantCulture)
            : "?";
        foreach (var p in article.Persons)
        {
            var key = PersonKeyPrefix + p + "|" + month;
            if (pool is not null && !pool.TryAdd(key, key))
            {
                key = pool[key];
            }

            keys.Add(key);
        }
    }

    /// <summary>Marks a person-and-month key (no stem starts with it).</summary>
    internal const string PersonKeyPrefix = "@";

    /// <summary>The score of a pair: cosine of the vectors plus the people bonus.</summary>
    internal double Score(Dictionary<string, double> a, Dictionary<string, double> b, IReadOnlyCollection<string> personsA, IReadOnlyCollection<string> personsB) =>
        Cosine(a, b) + PersonWeight * Jaccard(personsA, personsB);

    /// <summary>
    /// Scores the candidate pairs and groups: the window rule, the two passes and the relation cap. Incremental
    /// regrouping calls it over the neighbourhood of the articles a run changed.
    /// </summary>
    internal StoryGrouping Cluster(IReadOnlyList<StoryArticle> articles, Dictionary<string, double>[] vectors, List<(int, int)> pairs, int archiveSize)
    {
        var sparse = SparseVector.All(vectors, out var leads);
        var people = PeopleNumbers(articles);
        var picked = Picker(articles, archiveSize);
        foreach (var (a, b, score) in ScorePairs(pairs, sparse, people))
        {
            picked.Add(a, b, score);
        }

        return Cluster(articles, (a, b) => sparse[a].Dot(sparse[b]), (a, b) => leads[a].Dot(leads[b]), people, picked, archiveSize,
            [.. articles.Select(a => a.TermCounts is null ? 0 : WeekdayMask(a.TermCounts.Keys))]);
    }

    private RelationPicker Picker(IReadOnlyList<StoryArticle> articles, int archiveSize) => new(articles.Count, MaxRelated, Proposes(articles, archiveSize));

    /// <summary>Each article's people as sorted numbers (for <see cref="SortedJaccard"/>).</summary>
    private static int[][] PeopleNumbers(IReadOnlyList<StoryArticle> articles)
    {
        var n = articles.Count;
        var personNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var people = new int[n][];
        for (var i = 0; i < n; i++)
        {
            var distinct = new HashSet<int>();
            foreach (var person in articles[i].Persons)
            {
                if (!personNumbers.TryGetValue(person, out var number))
                {
                    number = personNumbers.Count;
                    personNumbers[person] = number;
                }

                distinct.Add(number);
            }

            people[i] = [.. distinct.Order()];
        }

        return people;
    }

    /// <summary>One more than the highest term number of <paramref name="sparse"/>: the length of a dense vector.</summary>
    private static int TermCount(SparseVector[] sparse)
    {
        var termCount = 0;
        foreach (var vector in sparse)
        {
            if (vector.Terms.Length > 0)
            {
                termCount = Math.Max(termCount, vector.Terms[^1] + 1);
            }
        }

        return termCount;
    }

    /// <summary>
    /// The score of each of <paramref name="pairs"/> (in pair order, grouped by first article as
    /// <see cref="CandidatePairs"/> gives them), keeping those at or above <see cref="RelatedThreshold"/>.
    /// </summary>
    /// <remarks>
    /// The first article's vector is spread into a dense array once, and each partner's sparse vector is multiplied
    /// against it, with no merge and no branch per term. Products of terms the first article lacks are +0.0, which
    /// leaves the sum as it was, so the sum is the sorted-merge dot product bit for bit. People are sorted number
    /// arrays. Scores are computed on every core, then kept in pair order.
    /// </remarks>
    private List<(int A, int B, double Score)> ScorePairs(List<(int, int)> pairs, SparseVector[] sparse, int[][] people)
    {
        var termCount = TermCount(sparse);
        var scores = new double[pairs.Count];
        if (pairs.Count > 0)
        {
            Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, pairs.Count, 16384), () => new double[termCount], (range, _, dense) =>
            {
                var current = -1;
                for (var k = range.Item1; k < range.Item2; k++)
                {
                    var (a, b) = pairs[k];
                    if (a != current)
                    {
                        if (current >= 0)
                        {
                            sparse[current].Clear(dense);
                        }

                        sparse[a].Spread(dense);
                        current = a;
                    }

                    scores[k] = sparse[b].Dot(dense) + PersonWeight * SortedJaccard(people[a], people[b]);
                }

                if (current >= 0)
                {
                    sparse[current].Clear(dense);
                }

                return dense;
            }, _ => { });
        }

        var scored = new List<(int A, int B, double Score)>();
        for (var k = 0; k < pairs.Count; k++)
        {
            if (scores[k] >= RelatedThreshold)
            {
                scored.Add((pairs[k].Item1, pairs[k].Item2, scores[k]));
            }
        }

        return scored;
    }

    private StoryGrouping Cluster(
        IReadOnlyList<StoryArticle> articles, Func<int, int, double> dot, Func<int, int, double> leadDot, int[][] people, RelationPicker picked,
        int archiveSize, int[] weekdays)
    {
        var n = articles.Count;
        var storyOf = AssembleProposed(articles, picked.Proposals, (a, b) => dot(a, b) + PersonWeight * SortedJaccard(people[a], people[b]), archiveSize, weekdays, leadDot);
        int Find(int x) => storyOf[x];

        // Each article lists its MaxRelated closest articles (RelationPicker): in a large archive on one subject,
        // "similar enough" holds for thousands of pairs per article, which no reader pages through. Story partners
        // beyond those are not stored as relations (a story of s articles would cost s² rows): Article.StoryId links
        // them, and readers list them from there (SearchService.GetArticleAsync).
        var pairs = picked.Kept();
        var kept = new List<KeptPair>(pairs.Count);
        foreach (var (a, b, score) in pairs)
        {
            var same = Find(a) == Find(b);
            var rounded = Math.Round(score, 4);
            kept.Add(new KeptPair(a, b, rounded, same));
        }

        var groups = Enumerable.Range(0, n)
            .GroupBy(Find)
            .Where(g => g.Count() > 1)
            .Select(g => g.OrderBy(i => articles[i].Id, StringComparer.Ordinal).ToList())
            .OrderBy(g => articles[g[0]].Id, StringComparer.Ordinal)
            .Select(g => new StoryGroup(Label(g.Select(i => articles[i]).ToList()), g.Select(i => articles[i].Id).ToList()))
            .ToList();
        return new StoryGrouping(new KeptRelations(articles, kept), groups) { Kept = kept };
    }

    /// <summary>
    /// The relations of the kept pairs, both directions of each in turn, made as they are read: the full regroup
    /// writes its rows from <see cref="StoryGrouping.Kept"/>, and two entities per kept pair held all at once were
    /// ~20 per article for nothing (tens of MB at 100k articles).
    /// </summary>
    private sealed class KeptRelations(IReadOnlyList<StoryArticle> articles, List<KeptPair> kept) : IReadOnlyList<ArticleRelation>
    {
        public int Count => kept.Count * 2;

        public ArticleRelation this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
                var (a, b, score, same) = kept[index / 2];
                var (from, to) = index % 2 == 0 ? (a, b) : (b, a);
                return new ArticleRelation { ArticleId = articles[from].Id, RelatedId = articles[to].Id, Score = score, SameStory = same };
            }
        }

        public IEnumerator<ArticleRelation> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// Forms the stories from the scored pairs (<paramref name="scored"/>, in pair order) and returns each article's
    /// story as the position of one of its members (its own position when alone). Pairs at or above
    /// the story threshold (<see cref="StoryThresholdAt"/> the archive's size) whose dates allow it are taken strongest first, each proposing to merge the
    /// two stories its ends are in. A merge is refused unless the merged story is still one event:
    /// <list type="bullet">
    /// <item>every two members score at least <see cref="MemberFloorShare"/> of it (<paramref name="score"/> computes any
    /// pair, candidate or not) and every member's mean score with the others reaches the story threshold: each
    /// is close to the centre, not merely to one other member, so A~B and B~C do not chain A and C;</item>
    /// <item>all members' date windows fit within <see cref="MaxDaysApart"/> days of one another;</item>
    /// <item>a member whose own window is wider than a month (a year) neither widens the story nor joins one whose
    /// members dated to a month or better lie outside its window: it must hold the days they leave.</item>
    /// </list>
    /// <item>every two members' leads (title and first sentence) have a cosine of at least <see cref="LeadFloor"/>
    /// (<paramref name="lead"/>), in an archive of <see cref="LargeArchive"/> articles or more: a follow-up of an
    /// affair restates the affair in its body, so bodies alike are not enough, but it leads with its own news;</item>
    /// <item>in an archive of <see cref="LargeArchive"/> articles or more, no two members' leads name different days of the week and no common one (<paramref name="weekdays"/>,
    /// <see cref="WeekdayMask"/>): reports of one event name the day it happened ("أعلن ... الأربعاء"), an affair's
    /// next development the day it happened in turn. This holds where no member's date is known at all;</item>
    /// Undated members (no window) are bounded by the text alone.
    /// </summary>
    internal int[] Assemble(
        IReadOnlyList<StoryArticle> articles, IReadOnlyList<(int A, int B, double Score)> scored, Func<int, int, double> score, int archiveSize,
        IReadOnlyList<int> weekdays, Func<int, int, double> lead)
    {
        var proposes = Proposes(articles, archiveSize);
        return AssembleProposed(articles, [.. scored.Where(p => proposes(p.A, p.B, p.Score))], score, archiveSize, weekdays, lead);
    }

    /// <summary>Whether a scored pair proposes a story (<see cref="Assemble"/>): at or above the story threshold, dates permitting.</summary>
    private Func<int, int, double, bool> Proposes(IReadOnlyList<StoryArticle> articles, int archiveSize)
    {
        var threshold = StoryThresholdAt(archiveSize);
        return (a, b, score) => score >= threshold && DatesCompatible(articles[a], articles[b]);
    }

    /// <summary>As <see cref="Assemble"/>, from the pairs that propose a story (<see cref="Proposes"/>), in pair order.</summary>
    private int[] AssembleProposed(
        IReadOnlyList<StoryArticle> articles, List<(int A, int B, double Score)> proposed, Func<int, int, double> score, int archiveSize,
        IReadOnlyList<int> weekdays, Func<int, int, double> lead)
    {
        // At the scale where a story is one event (the large archive's threshold), the leads must agree and name the
        // same day. In a handful of articles a story is looser on purpose: the seeds' gold joins a preview to the
        // summit it announces (000, Wednesday; 001, Friday) and a two-day visit (003, Tuesday; 004, Wednesday).
        var large = archiveSize >= LargeArchive;
        var threshold = StoryThresholdAt(archiveSize);
        var floor = threshold * MemberFloorShare;
        var n = articles.Count;
        var root = new int[n];
        var members = new List<int>[n];
        var sums = new double[n];
        // Per story (at its root): the window all members leave, and the one its tightly dated members leave.
        var maxEarliest = new int[n];
        var minLatest = new int[n];
        var tightEarliest = new int[n];
        var tightLatest = new int[n];
        for (var i = 0; i < n; i++)
        {
            root[i] = i;
            members[i] = [i];
            var (e, l) = (articles[i].Earliest?.DayNumber ?? int.MinValue, articles[i].Latest?.DayNumber ?? int.MaxValue);
            (maxEarliest[i], minLatest[i]) = (e, l);
            (tightEarliest[i], tightLatest[i]) = IsTight(articles[i]) ? (e, l) : (int.MinValue, int.MaxValue);
        }

        // Strongest first, ties in pair order (a stable sort by score, descending).
        var proposals = Enumerable.Range(0, proposed.Count).ToArray();
        Array.Sort(proposals, (x, y) =>
        {
            var c = proposed[y].Score.CompareTo(proposed[x].Score);
            return c != 0 ? c : x.CompareTo(y);
        });
        foreach (var proposal in proposals)
        {
            var (a, b, _) = proposed[proposal];
            var (ra, rb) = (root[a], root[b]);
            if (ra == rb)
            {
                continue;
            }

            var earliest = Math.Max(maxEarliest[ra], maxEarliest[rb]);
            var latest = Math.Min(minLatest[ra], minLatest[rb]);
            if (earliest != int.MinValue && latest != int.MaxValue && (long)earliest - latest > MaxDaysApart)
            {
                continue;
            }

            var tight = (Earliest: Math.Max(tightEarliest[ra], tightEarliest[rb]), Latest: Math.Min(tightLatest[ra], tightLatest[rb]));
            var (x, y) = (members[ra], members[rb]);
            if (tight.Earliest != int.MinValue && !x.Concat(y).All(m => HoldsTightWindow(articles[m], tight)))
            {
                continue;
            }

            var cross = new double[x.Count * y.Count];
            var ok = true;
            for (var i = 0; i < x.Count && ok; i++)
            {
                for (var j = 0; j < y.Count; j++)
                {
                    var s = score(x[i], y[j]);
                    if (s < floor || (large && (WeekdaysDiffer(weekdays[x[i]], weekdays[y[j]]) || lead(x[i], y[j]) < LeadFloor)))
                    {
                        ok = false;
                        break;
                    }

                    cross[(i * y.Count) + j] = s;
                }
            }

            if (!ok)
            {
                continue;
            }

            var size = x.Count + y.Count;
            var gained = new double[size];
            for (var i = 0; i < x.Count; i++)
            {
                for (var j = 0; j < y.Count; j++)
                {
                    gained[i] += cross[(i * y.Count) + j];
                    gained[x.Count + j] += cross[(i * y.Count) + j];
                }
            }

            var all = x.Concat(y).ToList();
            if (Enumerable.Range(0, size).Any(k => (sums[all[k]] + gained[k]) / (size - 1) < threshold))
            {
                continue;
            }

            for (var k = 0; k < size; k++)
            {
                sums[all[k]] += gained[k];
            }

            // The larger story absorbs the smaller: fewer roots to move.
            var (keep, gone) = x.Count >= y.Count ? (ra, rb) : (rb, ra);
            foreach (var m in members[gone])
            {
                root[m] = keep;
            }

            members[keep].AddRange(members[gone]);
            members[gone] = [];
            (maxEarliest[keep], minLatest[keep]) = (earliest, latest);
            (tightEarliest[keep], tightLatest[keep]) = tight;
        }

        return root;
    }

    /// <summary>
    /// Dated to a month or better: such members set a story's days, a week's tolerance between them (000, written
    /// two days before the summit 001 reports, is dated to its day; 001 to a fortnight after). A member dated only to
    /// a year or so must hold those days: "some day of 2015" is no report of an event of 3 January 2016.
    /// </summary>
    private static bool IsTight(StoryArticle a) => IsNarrow(a);

    private static bool HoldsTightWindow(StoryArticle a, (int Earliest, int Latest) tight) =>
        IsTight(a) || a.Earliest is not { } e || a.Latest is not { } l || (e.DayNumber <= tight.Latest && l.DayNumber >= tight.Earliest);

    /// <summary>
    /// The stems that count for similarity (no stop words, digits or stems under three letters), with their counts, in
    /// first-seen order. <paramref name="pool"/>, when given, shares one string per stem across articles.
    /// </summary>
    public static Dictionary<string, int> CountTerms(IEnumerable<Token> tokens, Dictionary<string, string>? pool = null) =>
        CountTerms(tokens, 0, null, pool);

    /// <summary>
    /// As <see cref="CountTerms(IEnumerable{Token}, Dictionary{string, string})"/>, and the lead's terms once more
    /// under <see cref="LeadPrefix"/>: the tokens starting before <paramref name="leadEnd"/> (the title and first
    /// sentence, <see cref="LeadEnd"/>) and the <paramref name="title"/>'s tokens when the title is not in the text
    /// (front matter). In the lead, numbers count too ("23 دبلوماسيا", "6 مسلحين"): they tell one event from the
    /// next of the same affair, where in the body they are mostly background.
    /// </summary>
    public static Dictionary<string, int> CountTerms(IEnumerable<Token> tokens, int leadEnd, IEnumerable<Token>? title, Dictionary<string, string>? pool = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        // About one distinct stem for two tokens in real news: sized once instead of grown seven times (the dictionary's
        // arrays were 5 % of what the analysis allocated, about half of it copies). Entries keep their insertion order.
        var tf = new Dictionary<string, int>(tokens is IReadOnlyCollection<Token> all ? all.Count / 2 : 0, StringComparer.Ordinal);
        foreach (var t in title ?? [])
        {
            CountLead(tf, t, pool);
        }

        foreach (var t in tokens)
        {
            if (t.Start < leadEnd)
            {
                CountLead(tf, t, pool);
            }

            // A span test, not LINQ over the string: that allocated an enumerator for every token of every article.
            if (t.Stem.Length < 3 || !t.Stem.AsSpan().ContainsAnyExceptInRange('0', '9') || s_stopStems.Contains(t.Stem))
            {
                continue;
            }

            CollectionsMarshal.GetValueRefOrAddDefault(tf, Pooled(t.Stem, pool), out _)++;
        }

        return tf;
    }

    private static void CountLead(Dictionary<string, int> tf, Token t, Dictionary<string, string>? pool)
    {
        if (DateLexicon.Weekdays.TryGetValue(t.Normalized, out var day))
        {
            CollectionsMarshal.GetValueRefOrAddDefault(tf, Pooled(WeekdayPrefix + ((int)day).ToString(CultureInfo.InvariantCulture), pool), out _)++;
        }

        var number = t.Stem.Length > 0 && !t.Stem.AsSpan().ContainsAnyExceptInRange('0', '9');
        if (!number && (t.Stem.Length < 3 || s_stopStems.Contains(t.Stem)))
        {
            return;
        }

        CollectionsMarshal.GetValueRefOrAddDefault(tf, Pooled(LeadPrefix + t.Stem, pool), out _)++;
    }

    private static string Pooled(string stem, Dictionary<string, string>? pool)
    {
        if (pool is null)
        {
            return stem;
        }

        if (!pool.TryGetValue(stem, out var shared))
        {
            shared = stem;
            pool[stem] = stem;
        }

        return shared;
    }

    /// <summary>
    /// The stem counts of a bare text: its first line is the title, and the lead runs to the end of the first
    /// sentence after it (<see cref="LeadEnd"/>).
    /// </summary>
    public static Dictionary<string, int> CountTerms(string text, IReadOnlyList<Token>? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var firstLine = text.IndexOf('\n', StringComparison.Ordinal);
        return CountTerms(tokens ?? ArabicTokenizer.Tokenize(text), LeadEnd(text, firstLine < 0 ? 0 : firstLine), null);
    }

    /// <summary>
    /// Where the first sentence of the body starting at <paramref name="bodyStart"/> ends: at a full stop, question or
    /// exclamation mark followed by a space, or a line break, once <see cref="MinLeadChars"/> characters are read (a
    /// dateline or byline is no sentence), and at the latest after <see cref="MaxLeadChars"/> characters.
    /// </summary>
    public static int LeadEnd(string text, int bodyStart)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = Math.Clamp(bodyStart, 0, text.Length);
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        var start = i;
        for (; i < text.Length && i - start < MaxLeadChars; i++)
        {
            var c = text[i];
            var end = c == '\n' || (c is '.' or '!' or '?' or '؟' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])));
            if (end && i - start >= MinLeadChars)
            {
                return i;
            }
        }

        // Cut inside a long sentence: at the end of the word it reached.
        while (i < text.Length && !char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private const int MinLeadChars = 40;

    private const int MaxLeadChars = 400;

    /// <summary>
    /// Pairs of articles sharing at least <see cref="MinSharedTopTerms"/> stem keys or one person key, skipping keys
    /// whose <paramref name="posted"/> count (over the whole archive) exceeds <see cref="MaxPostings"/>.
    /// </summary>
    internal List<(int, int)> CandidatePairs(IReadOnlyList<List<string>> keys, Func<string, int> posted)
    {
        var usable = UsablePostings(keys, posted);
        // Counting per article in an array (not a dictionary of pairs) keeps this O(sum of list²) in time and O(n)
        // in memory; pairs come out as (i, j), i < j, in order.
        var pairs = new List<(int, int)>();
        var shared = new int[keys.Count];
        var touched = new List<int>();
        for (var i = 0; i < keys.Count; i++)
        {
            CountPartners(keys[i], i, usable, shared, touched);
            foreach (var j in touched)
            {
                if (shared[j] >= MinSharedTopTerms)
                {
                    pairs.Add((i, j));
                }

                shared[j] = 0;
            }

            touched.Clear();
        }

        return pairs;
    }

    /// <summary>
    /// Adds up, for each later article sharing a usable key with article <paramref name="i"/>, the weights of the
    /// keys they share (into <paramref name="shared"/>, the partners met listed in <paramref name="touched"/>, sorted).
    /// </summary>
    private static void CountPartners(
        List<string> keys, int i, Dictionary<string, (List<int> List, int Weight)> usable, int[] shared, List<int> touched)
    {
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (!usable.TryGetValue(key, out var posting))
            {
                continue;
            }

            var (list, weight) = posting;
            for (var x = list.BinarySearch(i) + 1; x < list.Count; x++)
            {
                var j = list[x];
                if (shared[j] == 0)
                {
                    touched.Add(j);
                }

                shared[j] += weight;
            }
        }

        touched.Sort();
    }

    /// <summary>Each key shared by two articles or more and posted at most <see cref="MaxPostings"/> times, with its articles (ascending) and its weight.</summary>
    private Dictionary<string, (List<int> List, int Weight)> UsablePostings(IReadOnlyList<List<string>> keys, Func<string, int> posted)
    {
        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            foreach (var key in keys[i])
            {
                if (!postings.TryGetValue(key, out var list))
                {
                    list = [];
                    postings[key] = list;
                }

                if (list.Count == 0 || list[^1] != i)
                {
                    list.Add(i);
                }
            }
        }

        // Each usable key once, with its weight: a stem counts one towards MinSharedTopTerms, a person in the month
        // is enough alone.
        var usable = new Dictionary<string, (List<int> List, int Weight)>(StringComparer.Ordinal);
        foreach (var (key, list) in postings)
        {
            if (list.Count > 1 && posted(key) <= MaxPostings)
            {
                usable[key] = (list, key.StartsWith(PersonKeyPrefix, StringComparison.Ordinal) ? MinSharedTopTerms : 1);
            }
        }

        return usable;
    }

    /// <summary>
    /// Articles whose candidate pairs are found and scored together (<see cref="ScoredCandidates"/>): only the pairs
    /// of one such chunk exist at a time, unscored.
    /// </summary>
    internal int PairChunk { get; init; } = 1024;

    /// <summary>
    /// The pairs <see cref="CandidatePairs"/> finds, scored as <see cref="ScorePairs"/> scores them, those at or above
    /// <see cref="RelatedThreshold"/> handed to <paramref name="picked"/> in the same order, without ever holding all
    /// candidates: they are found for <see cref="PairChunk"/> first articles at a time, on every core, and scored as
    /// they are found.
    /// </summary>
    /// <remarks>
    /// At 30k real articles the candidates and their scores (two arrays of millions, and the list's doublings) were
    /// most of the story step's peak, while a tenth or less of them reach the related threshold; those (993k) were
    /// then held until all were known, where the grouping uses each article's closest and the few proposing stories.
    /// </remarks>
    private void ScoredCandidates(IReadOnlyList<List<string>> keys, Func<string, int> posted, StoryVectors vectors, int[][] people, RelationPicker picked)
    {
        var n = keys.Count;
        var usable = UsablePostings(keys, posted);
        var termCount = vectors.TermCount;
        var found = new List<(int B, double Score)>[Math.Min(PairChunk, n)];
        // Per thread, reused from chunk to chunk: counts per partner (all zeros between articles) and a dense vector.
        var states = new System.Collections.Concurrent.ConcurrentBag<(int[] Shared, List<int> Touched, double[] Dense)>();
        for (var start = 0; start < n; start += PairChunk)
        {
            var end = Math.Min(n, start + PairChunk);
            Parallel.For(start, end, () => states.TryTake(out var state) ? state : (new int[n], new List<int>(), new double[termCount]), (i, _, state) =>
            {
                var (shared, touched, dense) = state;
                var partners = found[i - start] ??= [];
                partners.Clear();
                CountPartners(keys[i], i, usable, shared, touched);
                var spread = false;
                foreach (var j in touched)
                {
                    if (shared[j] >= MinSharedTopTerms)
                    {
                        if (!spread)
                        {
                            vectors.Spread(i, dense);
                            spread = true;
                        }

                        var score = vectors.Dot(j, dense) + (PersonWeight * SortedJaccard(people[i], people[j]));
                        if (score >= RelatedThreshold)
                        {
                            partners.Add((j, score));
                        }
                    }

                    shared[j] = 0;
                }

                touched.Clear();
                if (spread)
                {
                    vectors.Clear(i, dense);
                }

                return state;
            }, states.Add);

            for (var i = start; i < end; i++)
            {
                foreach (var (j, score) in found[i - start])
                {
                    picked.Add(i, j, score);
                }
            }
        }
    }

    private static double SortedJaccard(int[] a, int[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        var inter = 0;
        for (int x = 0, y = 0; x < a.Length && y < b.Length;)
        {
            if (a[x] == b[y])
            {
                inter++;
                x++;
                y++;
            }
            else if (a[x] < b[y])
            {
                x++;
            }
            else
            {
                y++;
            }
        }

        return inter / (double)(a.Length + b.Length - inter);
    }

    /// <summary>A unit vector as term numbers (ascending) and weights, for fast dot products.</summary>
    internal readonly record struct SparseVector(int[] Terms, double[] Weights)
    {
        public static SparseVector[] All(IReadOnlyList<Dictionary<string, double>> vectors) => All(vectors, out _);

        /// <summary>As <see cref="All(IReadOnlyList{Dictionary{string, double}})"/>, also giving each vector's lead part (<see cref="Only"/>).</summary>
        public static SparseVector[] All(IReadOnlyList<Dictionary<string, double>> vectors, out SparseVector[] leads)
        {
            var names = new List<string>();
            leads = new SparseVector[vectors.Count];
            var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
            var result = new SparseVector[vectors.Count];
            for (var i = 0; i < vectors.Count; i++)
            {
                var terms = new int[vectors[i].Count];
                var weights = new double[vectors[i].Count];
                var k = 0;
                foreach (var (term, w) in vectors[i])
                {
                    if (!numbers.TryGetValue(term, out var number))
                    {
                        number = numbers.Count;
                        numbers[term] = number;
                        names.Add(term);
                    }

                    (terms[k], weights[k]) = (number, w);
                    k++;
                }

                Array.Sort(terms, weights);
                result[i] = new SparseVector(terms, weights);
                leads[i] = result[i].Only(t => IsLeadTerm(names[t]));
            }

            return result;
        }

        /// <summary>The unit vector of the terms <paramref name="keep"/> takes (the lead's); empty when none.</summary>
        public SparseVector Only(Func<int, bool> keep)
        {
            var (terms, weights, norm) = (new List<int>(), new List<double>(), 0.0);
            for (var x = 0; x < Terms.Length; x++)
            {
                if (keep(Terms[x]))
                {
                    terms.Add(Terms[x]);
                    weights.Add(Weights[x]);
                    norm += Weights[x] * Weights[x];
                }
            }

            norm = Math.Sqrt(norm);
            return new SparseVector([.. terms], [.. weights.Select(w => w / norm)]);
        }

        /// <summary>Writes the weights into <paramref name="dense"/> at their term numbers.</summary>
        public void Spread(double[] dense)
        {
            for (var x = 0; x < Terms.Length; x++)
            {
                dense[Terms[x]] = Weights[x];
            }
        }

        /// <summary>Puts back the zeros <see cref="Spread"/> overwrote.</summary>
        public void Clear(double[] dense)
        {
            foreach (var term in Terms)
            {
                dense[term] = 0;
            }
        }

        /// <summary>The dot product with another sparse vector (a merge of the two sorted term lists).</summary>
        public double Dot(SparseVector other)
        {
            var sum = 0.0;
            for (int x = 0, y = 0; x < Terms.Length && y < other.Terms.Length;)
            {
                if (Terms[x] == other.Terms[y])
                {
                    sum += Weights[x] * other.Weights[y];
                    x++;
                    y++;
                }
                else if (Terms[x] < other.Terms[y])
                {
                    x++;
                }
                else
                {
                    y++;
                }
            }

            return sum;
        }

        /// <summary>The dot product with a vector spread into <paramref name="dense"/>, added in term order.</summary>
        public double Dot(double[] dense)
        {
            var sum = 0.0;
            var (terms, weights) = (Terms, Weights);
            for (var y = 0; y < terms.Length; y++)
            {
                sum += dense[terms[y]] * weights[y];
            }

            return sum;
        }
    }

    internal bool DatesCompatible(StoryArticle a, StoryArticle b)
    {
        if (a.Earliest is not DateOnly ae || a.Latest is not DateOnly al || b.Earliest is not DateOnly be || b.Latest is not DateOnly bl)
        {
            return true;
        }

        // Gap between the two ranges of possible days (0 when they overlap).
        var gap = Math.Max(0, Math.Max(be.DayNumber - al.DayNumber, ae.DayNumber - bl.DayNumber));
        return gap <= MaxDaysApart;
    }

    internal static bool IsNarrow(StoryArticle a) =>
        a.Earliest is DateOnly e && a.Latest is DateOnly l && l.DayNumber - e.DayNumber <= 31;

    private static double Jaccard(IReadOnlyCollection<string> a, IReadOnlyCollection<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var set = a.ToHashSet(StringComparer.Ordinal);
        var other = b.ToHashSet(StringComparer.Ordinal);
        var inter = other.Count(set.Contains);
        return inter / (double)(set.Count + other.Count - inter);
    }

    private static double Cosine(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var sum = 0.0;
        foreach (var (term, w) in small)
        {
            if (large.TryGetValue(term, out var w2))
            {
                sum += w * w2;
            }
        }

        return sum;
    }

    internal string Label(List<StoryArticle> members)
    {
        var people = members
            .SelectMany(m => m.Persons.Distinct(StringComparer.Ordinal))
            .GroupBy(p => p, StringComparer.Ordinal)
            .Where(g => g.Count() == members.Count)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(3)
            .Select(g => PersonName?.Invoke(g.Key) ?? g.Key)
            .ToList();
        // The month of the member dated most narrowly (at the middle of its window): a member whose text leaves a
        // month-wide window (000: 5 January to 2 February) must not name the month before the story's.
        var dated = members.Where(IsNarrow)
            .Select(m => (Width: m.Latest!.Value.DayNumber - m.Earliest!.Value.DayNumber, Middle: DateOnly.FromDayNumber((m.Earliest.Value.DayNumber + m.Latest.Value.DayNumber) / 2)))
            .OrderBy(d => d.Width).ThenBy(d => d.Middle).ToList();
        var when = dated.Count > 0 ? $"{s_arabicMonths[dated[0].Middle.Month]} {dated[0].Middle.Year.ToString(CultureInfo.InvariantCulture)}" : null;
        var who = people.Count > 0 ? string.Join("، ", people) : "قصة";
        return when is null ? who : $"{who} — {when}";
    }

    private static readonly string[] s_arabicMonths =
    [
        "", "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    ];

    /// <summary>Stems of function words that would otherwise make every two Arabic articles look alike.</summary>
    private static readonly HashSet<string> s_stopStems = new(StringComparer.Ordinal)
    {
        "الذ", "الت", "هذا", "هذه", "ذلك", "تلك", "التي", "الذي", "علي", "الي", "الى", "عن", "مع", "بين", "كما", "قال", "وقال",
        "ان", "انه", "انها", "كان", "كانت", "منذ", "خلال", "حول", "بعد", "قبل", "لدي", "عند", "فيه", "فيها", "لها", "له",
        "حيث", "وهو", "وهي", "هو", "هي", "اكد", "اضاف", "اشار", "تم", "ضمن", "اطار", "جانب", "بشان", "نحو", "ايضا",
    };
}
