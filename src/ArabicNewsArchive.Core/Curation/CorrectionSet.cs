using ArabicNewsArchive.Articles;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Topics;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Curation;

/// <summary>
/// The active corrections as the analysis needs them: read once per ingestion batch or re-analysis, applied to each
/// article's fresh facts before they are stored (the one place where inference meets the curators' statements).
/// </summary>
public sealed class CorrectionSet
{
    private readonly Dictionary<string, string> _redirects;
    private readonly Dictionary<string, List<(string Action, CorrectionValues Values)>> _byArticle;

    private CorrectionSet(
        Dictionary<string, string> redirects, Dictionary<string, string> redirectKeys, HashSet<string> rejected,
        HashSet<string> renamed, Dictionary<string, List<(string, CorrectionValues)>> byArticle)
    {
        _redirects = redirects;
        RedirectKeys = redirectKeys;
        RejectedPeople = rejected;
        RenamedPeople = renamed;
        _byArticle = byArticle;
    }

    /// <summary>No corrections (a store without any, or one not migrated yet).</summary>
    public static CorrectionSet Empty { get; } = new([], [], [], [], []);

    /// <summary>Identity keys of merged-away people, with the slug their names now join.</summary>
    public IReadOnlyDictionary<string, string> RedirectKeys { get; }

    /// <summary>People a curator rejected: the analysis stores no mention or quote of them.</summary>
    public IReadOnlySet<string> RejectedPeople { get; }

    /// <summary>
    /// People a curator named: ingestion no longer shows them under a better-known spelling it meets (the curator's
    /// name is a statement, the spelling an inference).
    /// </summary>
    public IReadOnlySet<string> RenamedPeople { get; }

    /// <summary>Reads the active corrections and redirects.</summary>
    public static async Task<CorrectionSet> LoadAsync(ArchiveDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var redirects = await db.Set<PersonRedirect>().AsNoTracking().ToListAsync(ct);
        var rows = await db.Set<Correction>().AsNoTracking()
            .Where(c => c.UndoneAt == null && c.Action != CorrectionActions.Undo)
            .Where(c => c.TargetKind == "article" || c.Action == CorrectionActions.RejectPerson || c.Action == CorrectionActions.RenamePerson)
            .OrderBy(c => c.Id).ToListAsync(ct);
        if (redirects.Count == 0 && rows.Count == 0)
        {
            return Empty;
        }

        var map = redirects.ToDictionary(r => r.OldSlug, r => r.NewSlug, StringComparer.Ordinal);
        var rejected = rows.Where(c => c.Action == CorrectionActions.RejectPerson).Select(c => c.Target).ToHashSet(StringComparer.Ordinal);
        var renamed = rows.Where(c => c.Action == CorrectionActions.RenamePerson).Select(c => c.Target).ToHashSet(StringComparer.Ordinal);
        var byArticle = new Dictionary<string, List<(string, CorrectionValues)>>(StringComparer.Ordinal);
        foreach (var c in rows.Where(c => c.TargetKind == "article"))
        {
            if (!byArticle.TryGetValue(c.Target, out var list))
            {
                byArticle[c.Target] = list = [];
            }

            list.Add((c.Action, CorrectionValues.FromJson(c.After)));
        }

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var set = new CorrectionSet(map, keys, rejected, renamed, byArticle);
        foreach (var r in redirects.Where(r => r.OldIdentityKey.Length > 0))
        {
            keys[r.OldIdentityKey] = set.Resolve(r.NewSlug);
        }

        return set;
    }

    /// <summary>The slug a person is known by now: through merges, to the person they were merged into.</summary>
    public string Resolve(string slug)
    {
        ArgumentNullException.ThrowIfNull(slug);
        // Bounded: a cycle (a merge undone and redone the other way without its redirect gone) cannot loop forever.
        for (var i = 0; i < 16 && _redirects.TryGetValue(slug, out var next); i++)
        {
            slug = next;
        }

        return slug;
    }

    /// <summary>Whether any correction targets this article (beyond people-wide ones).</summary>
    public bool Touches(string articleId) => _byArticle.ContainsKey(articleId);

    /// <summary>
    /// Applies the corrections to an article's freshly analysed facts: rejected people's mentions and quotes go,
    /// rejected mentions go, added mentions and topics come in, removed topics go, and the stated date, outlet and
    /// title replace the inferred ones. Returns true when the title changed (the caller re-computes index terms).
    /// </summary>
    /// <param name="knownPeople">Slugs the store holds: an added mention of anyone else is skipped (foreign key).</param>
    /// <param name="knownTopics">Slugs of stored topics, likewise.</param>
    public bool ApplyTo(
        Article article, List<Mention> mentions, List<Quote> quotes, List<ArticleTopic> topics,
        IReadOnlySet<string> knownPeople, IReadOnlySet<string> knownTopics, IReadOnlySet<string>? knownOutlets = null)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(mentions);
        ArgumentNullException.ThrowIfNull(quotes);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(knownPeople);
        ArgumentNullException.ThrowIfNull(knownTopics);
        if (RejectedPeople.Count > 0)
        {
            mentions.RemoveAll(m => RejectedPeople.Contains(m.PersonSlug));
            quotes.RemoveAll(q => RejectedPeople.Contains(q.PersonSlug));
        }

        if (!_byArticle.TryGetValue(article.Id, out var list))
        {
            return false;
        }

        var titleChanged = false;
        foreach (var (action, v) in list)
        {
            switch (action)
            {
                case CorrectionActions.SetDate when v.From is { } from:
                    var to = v.To ?? from;
                    (article.Published, article.PublishedTo, article.DatePrecision, article.DateSource) =
                        (from, to, DateRange.PrecisionOf(from, to), FactSource.Stated);
                    break;
                case CorrectionActions.SetTitle when v.Title is { Length: > 0 } title:
                    titleChanged |= article.Title != title;
                    (article.Title, article.TitleSource) = (title, FactSource.Stated);
                    break;
                case CorrectionActions.SetOutlet when v.Outlet is { Length: > 0 } outlet && (knownOutlets is null || knownOutlets.Contains(outlet)):
                    (article.OutletSlug, article.OutletSource) = (outlet, FactSource.Stated);
                    break;
                case CorrectionActions.AddTopic when v.Topic is { } topic && knownTopics.Contains(topic):
                    if (!topics.Any(t => t.TopicSlug == topic))
                    {
                        topics.Add(new ArticleTopic { ArticleId = article.Id, TopicSlug = topic, Score = 1 });
                    }

                    break;
                case CorrectionActions.RemoveTopic when v.Topic is { } topic:
                    topics.RemoveAll(t => t.TopicSlug == topic);
                    break;
                case CorrectionActions.RejectMention when v.Start is { } start && v.End is { } end:
                    mentions.RemoveAll(m => m.Start == start && m.End == end && m.Text == v.Text);
                    break;
                case CorrectionActions.AddMention when v.Start is { } start && v.End is { } end && v.Person is { } person:
                    var slug = Resolve(person);
                    // Keyed by offsets and text: a revised file whose text moved leaves the correction unapplied.
                    if (!knownPeople.Contains(slug) || RejectedPeople.Contains(slug) || !Holds(article.SourceText, start, end, v.Text))
                    {
                        break;
                    }

                    mentions.RemoveAll(m => m.Start == start && m.End == end);
                    mentions.Add(new Mention { ArticleId = article.Id, PersonSlug = slug, Start = start, End = end, Text = v.Text! });
                    mentions.Sort((a, b) => a.Start.CompareTo(b.Start));
                    break;
            }
        }

        return titleChanged;
    }

    /// <summary>Whether <paramref name="text"/> stands at [start, end) of the source.</summary>
    public static bool Holds(string source, int start, int end, string? text) =>
        text is not null && start >= 0 && end > start && end <= source.Length && string.CompareOrdinal(source, start, text, 0, end - start) == 0 && text.Length == end - start;
}
