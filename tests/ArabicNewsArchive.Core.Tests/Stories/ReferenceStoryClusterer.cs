using System.Globalization;
using ArabicNewsArchive.Stories;

namespace ArabicNewsArchive.Tests.Stories;

/// <summary>
/// The story grouping as it was before the full regroup was made cheaper (string-keyed vectors, merge dot products,
/// LINQ sorts), kept only here: <see cref="StoryClusterer"/> must give exactly what this gives.
/// </summary>
public sealed class ReferenceStoryClusterer
{
    private static readonly StoryClusterer s_clusterer = new();

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

    /// <summary>Display name of a person slug for labels; the slug itself when null.</summary>
    public Func<string, string>? PersonName { get; init; }

    /// <summary>Scores candidate pairs, returns relations and groups, also giving the document frequencies and each article's keys.</summary>
    public StoryGrouping Group(IReadOnlyList<StoryArticle> articles, out Dictionary<string, int> df, out List<string>[] keys)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var n = articles.Count;
        var termFreqs = new Dictionary<string, int>[n];
        df = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var tf = articles[i].TermCounts ?? StoryClusterer.CountTerms(articles[i].Text, articles[i].Tokens);
            termFreqs[i] = tf;
            foreach (var term in tf.Keys)
            {
                df[term] = df.GetValueOrDefault(term) + 1;
            }
        }

        // Per article and independent: on every core. The dictionaries are only read here.
        var numbers = new Dictionary<string, int>(df.Count, StringComparer.Ordinal);
        foreach (var term in df.Keys)
        {
            numbers[term] = numbers.Count;
        }

        var sparse = new SparseVector[n];
        var leads = new SparseVector[n];
        var keyLists = new List<string>[n];
        var frequencies = df;
        Parallel.For(0, n, i =>
        {
            var vector = Vector(termFreqs[i], t => frequencies[t], n);
            keyLists[i] = KeysOf(articles[i], vector);
            sparse[i] = SparseVector.Of(vector, numbers);
            var lead = vector.Where(kv => kv.Key.StartsWith(StoryClusterer.LeadPrefix, StringComparison.Ordinal)).ToList();
            var norm = Math.Sqrt(lead.Sum(kv => kv.Value * kv.Value));
            leads[i] = SparseVector.Of(lead.ToDictionary(kv => kv.Key, kv => kv.Value / norm, StringComparer.Ordinal), numbers);
        });
        keys = keyLists;

        var local = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in keys.SelectMany(k => k))
        {
            local[key] = local.GetValueOrDefault(key) + 1;
        }

        var pairs = CandidatePairs(keys, k => local[k]);
        var weekdays = termFreqs.Select(tf => StoryClusterer.WeekdayMask(tf.Keys)).ToArray();
        return Cluster(articles, sparse, leads, pairs, weekdays);
    }

    /// <summary>The TF-IDF vector (unit length) of stem counts, given each stem's document frequency among <paramref name="n"/> articles.</summary>
    private static Dictionary<string, double> Vector(Dictionary<string, int> termCounts, Func<string, int> df, int n)
    {
        // The body and the lead (stems marked "^") are each scaled to their share of the length, as StoryClusterer does.
        var v = new Dictionary<string, double>(termCounts.Count, StringComparer.Ordinal);
        var (norm, leadNorm) = (0.0, 0.0);
        foreach (var (term, count) in termCounts)
        {
            if (term.StartsWith(StoryClusterer.WeekdayPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var w = (1 + Math.Log(count)) * (Math.Log((n + 1.0) / (df(term) + 1.0)) + 1);
            v[term] = w;
            if (term.StartsWith(StoryClusterer.LeadPrefix, StringComparison.Ordinal))
            {
                leadNorm += w * w;
            }
            else
            {
                norm += w * w;
            }
        }

        var (scale, leadScale) = s_clusterer.Scales(norm, leadNorm, n);
        foreach (var term in v.Keys.ToList())
        {
            v[term] *= term.StartsWith(StoryClusterer.LeadPrefix, StringComparison.Ordinal) ? leadScale : scale;
        }

        return v;
    }

    /// <summary>
    /// The keys an article is posted under: its <see cref="TopTerms"/> heaviest stems, then "@person|yyyy-MM" per
    /// person ("?" for the month when its date is not known to a month).
    /// </summary>
    private List<string> KeysOf(StoryArticle article, Dictionary<string, double> vector)
    {
        var keys = vector.OrderByDescending(kv => kv.Value).Take(TopTerms).Select(kv => kv.Key).ToList();
        var month = article.Earliest is DateOnly e && article.Latest is DateOnly l && l.DayNumber - e.DayNumber <= 31
            ? e.ToString("yyyy-MM", CultureInfo.InvariantCulture)
            : "?";
        foreach (var p in article.Persons)
        {
            keys.Add(PersonKeyPrefix + p + "|" + month);
        }

        return keys;
    }

    /// <summary>Marks a person-and-month key (no stem starts with it).</summary>
    private const string PersonKeyPrefix = "@";

    private StoryGrouping Cluster(IReadOnlyList<StoryArticle> articles, SparseVector[] sparse, SparseVector[] leads, List<(int, int)> pairs, int[] weekdays)
    {
        var n = articles.Count;
        // Pairs are many (millions at 100k articles): vectors are sorted (term number, weight) arrays and people
        // sorted arrays, so a score is a merge of two short arrays rather than hash look-ups and set building; the
        // scores are computed on every core, then kept in pair order.
        var people = articles.Select(a => a.Persons.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray()).ToArray();
        var scores = new double[pairs.Count];
        if (pairs.Count > 0)
        {
            Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, pairs.Count, 16384), range =>
            {
                for (var k = range.Item1; k < range.Item2; k++)
                {
                    var (a, b) = pairs[k];
                    scores[k] = SparseVector.Dot(sparse[a], sparse[b]) + PersonWeight * SortedJaccard(people[a], people[b]);
                }
            });
        }
        var scored = new List<(int A, int B, double Score)>();
        for (var k = 0; k < pairs.Count; k++)
        {
            if (scores[k] >= RelatedThreshold)
            {
                scored.Add((pairs[k].Item1, pairs[k].Item2, scores[k]));
            }
        }

        // Forming stories from the scored pairs is the one rule both share (the reference checks the scoring, the
        // relations and what is written): the production grouping's Assemble, fed with this side's own scores.
        var storyOf = new StoryClusterer { SameStoryThreshold = SameStoryThreshold, RelatedThreshold = RelatedThreshold, MaxDaysApart = MaxDaysApart }
            .Assemble(articles, scored, (a, b) => SparseVector.Dot(sparse[a], sparse[b]) + PersonWeight * SortedJaccard(people[a], people[b]), n, weekdays, (a, b) => SparseVector.Dot(leads[a], leads[b]));
        int Find(int x) => storyOf[x];

        // Each article lists its MaxRelated closest articles: in a large archive on one subject, "similar enough" holds
        // for thousands of pairs per article, which no reader pages through. Story partners beyond those are not
        // stored as relations (a story of s articles would cost s² rows): Article.StoryId links them, and readers
        // list them from there (SearchService.GetArticleAsync).
        var perArticle = new List<int>?[n];
        for (var k = 0; k < scored.Count; k++)
        {
            (perArticle[scored[k].A] ??= []).Add(k);
            (perArticle[scored[k].B] ??= []).Add(k);
        }

        var keep = new bool[scored.Count];
        foreach (var list in perArticle)
        {
            if (list is null)
            {
                continue;
            }

            foreach (var k in list.OrderByDescending(k => scored[k].Score).Take(MaxRelated))
            {
                keep[k] = true;
            }
        }

        var relations = new List<ArticleRelation>();
        for (var k = 0; k < scored.Count; k++)
        {
            var (a, b, score) = scored[k];
            if (!keep[k])
            {
                continue;
            }

            var same = Find(a) == Find(b);

            var rounded = Math.Round(score, 4);
            relations.Add(new ArticleRelation { ArticleId = articles[a].Id, RelatedId = articles[b].Id, Score = rounded, SameStory = same });
            relations.Add(new ArticleRelation { ArticleId = articles[b].Id, RelatedId = articles[a].Id, Score = rounded, SameStory = same });
        }

        var groups = Enumerable.Range(0, n)
            .GroupBy(Find)
            .Where(g => g.Count() > 1)
            .Select(g => g.OrderBy(i => articles[i].Id, StringComparer.Ordinal).ToList())
            .OrderBy(g => articles[g[0]].Id, StringComparer.Ordinal)
            .Select(g => new StoryGroup(Label(g.Select(i => articles[i]).ToList()), g.Select(i => articles[i].Id).ToList()))
            .ToList();
        return new StoryGrouping(relations, groups);
    }

    /// <summary>
    /// Pairs of articles sharing at least <see cref="MinSharedTopTerms"/> stem keys or one person key, skipping keys
    /// whose <paramref name="posted"/> count (over the whole archive) exceeds <see cref="MaxPostings"/>.
    /// </summary>
    private List<(int, int)> CandidatePairs(IReadOnlyList<List<string>> keys, Func<string, int> posted)
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
        // is enough alone. Counting per article in an array (not a dictionary of pairs) keeps this O(sum of list²)
        // in time and O(n) in memory; pairs come out as (i, j), i < j, in order.
        var usable = new Dictionary<string, (List<int> List, int Weight)>(StringComparer.Ordinal);
        foreach (var (key, list) in postings)
        {
            if (list.Count > 1 && posted(key) <= MaxPostings)
            {
                usable[key] = (list, key.StartsWith(PersonKeyPrefix, StringComparison.Ordinal) ? MinSharedTopTerms : 1);
            }
        }

        var pairs = new List<(int, int)>();
        var shared = new int[keys.Count];
        var touched = new List<int>();
        for (var i = 0; i < keys.Count; i++)
        {
            foreach (var key in keys[i].Distinct(StringComparer.Ordinal))
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

    private static double SortedJaccard(string[] a, string[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        var inter = 0;
        for (int x = 0, y = 0; x < a.Length && y < b.Length;)
        {
            var c = string.CompareOrdinal(a[x], b[y]);
            if (c == 0)
            {
                inter++;
                x++;
                y++;
            }
            else if (c < 0)
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
    private readonly record struct SparseVector(int[] Terms, double[] Weights)
    {
        public static SparseVector Of(Dictionary<string, double> vector, Dictionary<string, int> numbers)
        {
            var terms = new int[vector.Count];
            var weights = new double[vector.Count];
            var k = 0;
            foreach (var (term, w) in vector)
            {
                (terms[k], weights[k]) = (numbers[term], w);
                k++;
            }

            Array.Sort(terms, weights);
            return new SparseVector(terms, weights);
        }

        public static double Dot(SparseVector a, SparseVector b)
        {
            var sum = 0.0;
            var (at, aw, bt, bw) = (a.Terms, a.Weights, b.Terms, b.Weights);
            for (int x = 0, y = 0; x < at.Length && y < bt.Length;)
            {
                if (at[x] == bt[y])
                {
                    sum += aw[x++] * bw[y++];
                }
                else if (at[x] < bt[y])
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
    }

    private static bool IsNarrow(StoryArticle a) =>
        a.Earliest is DateOnly e && a.Latest is DateOnly l && l.DayNumber - e.DayNumber <= 31;

    private string Label(List<StoryArticle> members)
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
}
