using System.Globalization;
using System.Text;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ArabicNewsArchive.Stories;

/// <summary>
/// What the story step needs of one article, computed once by the analysis at ingestion so that grouping never
/// re-reads, re-tokenises or re-dates stored text: its stem counts, the window of days its own text allows, and the
/// people it mentions. <see cref="Counted"/> says whether the story index (<see cref="StoryTerm"/> document
/// frequencies and <see cref="StoryKey"/> postings) already reflects <see cref="Terms"/>.
/// </summary>
public sealed class ArticleStoryFeatures
{
    public required string ArticleId { get; set; }

    /// <summary>First day the article's own text (or its stated date) allows; null when the year is open.</summary>
    public DateOnly? Earliest { get; set; }

    public DateOnly? Latest { get; set; }

    /// <summary>Stem counts in first-seen order, "stem:count" separated by spaces (stems hold no spaces or colons).</summary>
    public string Terms { get; set; } = "";

    /// <summary>Distinct person slugs, space separated.</summary>
    public string Persons { get; set; } = "";

    /// <summary>True once the story step has counted <see cref="Terms"/> in the document frequencies and posted the keys.</summary>
    public bool Counted { get; set; }

    /// <summary>
    /// The terms still counted in the document frequencies after a revision replaced <see cref="Terms"/> (so the next
    /// story step can take them out); null when <see cref="Counted"/> or never counted.
    /// </summary>
    public string? CountedTerms { get; set; }

    /// <summary>Builds the row from the analysis: a stated date fixes the window to its day.</summary>
    /// <param name="terms"><see cref="FormatTerms"/> of the facts' story terms when already formatted (bulk ingestion does it ahead).</param>
    public static ArticleStoryFeatures From(Article article, ArticleFacts facts, IEnumerable<string> persons, string? terms = null)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(persons);
        var (earliest, latest) = article.DateSource == FactSource.Stated && article.Published is { } day
            ? (day, day)
            : (facts.DateEarliest, facts.DateLatest);
        return new ArticleStoryFeatures
        {
            ArticleId = article.Id,
            Earliest = earliest,
            Latest = latest,
            Terms = terms ?? FormatTerms(facts.StoryTerms),
            Persons = string.Join(' ', persons.Distinct(StringComparer.Ordinal)),
        };
    }

    /// <summary>
    /// Replaces the stored row of a revised (or re-analysed) article through the context: the terms the story index
    /// counted are kept aside in <see cref="CountedTerms"/> until the next story step takes them out.
    /// </summary>
    public static async Task ReplaceAsync(ArchiveDbContext db, ArticleStoryFeatures fresh, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(fresh);
        var stored = await db.Set<ArticleStoryFeatures>().FirstOrDefaultAsync(f => f.ArticleId == fresh.ArticleId, ct);
        if (stored is null)
        {
            db.Add(fresh);
            return;
        }

        if (stored.Counted)
        {
            stored.CountedTerms = stored.Terms;
        }

        (stored.Earliest, stored.Latest, stored.Terms, stored.Persons, stored.Counted) = (fresh.Earliest, fresh.Latest, fresh.Terms, fresh.Persons, false);
    }

    internal static string FormatTerms(IReadOnlyDictionary<string, int> terms)
    {
        var sb = new StringBuilder(terms.Count * 8);
        foreach (var (term, count) in terms)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(term).Append(':').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>Parses <see cref="Terms"/>; <paramref name="pool"/>, when given, shares one string per stem.</summary>
    internal static Dictionary<string, int> ParseTerms(string terms, Dictionary<string, string>? pool = null)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var range in terms.AsSpan().Split(' '))
        {
            var entry = terms.AsSpan(range);
            var colon = entry.LastIndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var count = int.Parse(entry[(colon + 1)..], CultureInfo.InvariantCulture);
            string stem;
            if (pool is null)
            {
                stem = entry[..colon].ToString();
            }
            else if (!pool.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(entry[..colon], out stem!))
            {
                stem = entry[..colon].ToString();
                pool[stem] = stem;
            }

            result[stem] = count;
        }

        return result;
    }

    internal static string[] ParsePersons(string persons) =>
        persons.Length == 0 ? [] : persons.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Document frequency of a stem (<see cref="Df"/>) and how many articles are posted under a key.</summary>
/// <remarks>
/// Keys are top stems, or "@slug|yyyy-MM" for a person in a month ("?" when the month is unknown). Each key is
/// numbered (<see cref="Id"/>, the table's rowid) and the postings name it by that number (migration StoryTermNumbers).
/// A key is in the table once: the story steps, its only writers, insert a key only when it is not there.
/// </remarks>
public sealed class StoryTerm
{
    /// <summary>The key's number, what <see cref="StoryKey.Term"/> holds; a full regroup renumbers every key.</summary>
    public int Id { get; set; }

    public required string Key { get; set; }

    public int Df { get; set; }

    public int Posted { get; set; }
}

/// <summary>
/// A posting: the article is filed under the key (one of its most distinctive stems, or a person and month). Only
/// keys held by at most <see cref="StoryClusterer.MaxPostings"/> articles keep their postings: a commoner key cannot
/// say "same event" and is skipped by the grouping anyway (<see cref="StoryTerm.Posted"/> still counts it).
/// </summary>
/// <remarks>
/// The article is named by its <c>SearchDocs.RowId</c> (<see cref="Doc"/>), not its text id: at 100k articles the
/// 1.6M postings and their index by article repeated the text ids (migration LeanStoryKeys). The key is named by its
/// number in <see cref="StoryTerm"/> (<see cref="Term"/>), not its text, for the same reason (migration
/// StoryTermNumbers). The table has no index by article (migration StoryPostedKeyLists): each article's postings are
/// found through its list of posted keys (<see cref="StoredPostedKeys"/>), and an article's deletion takes them out
/// through that list (a trigger on <c>SearchDocs</c>); the key's number has no foreign key either (a full regroup
/// rewrites both tables, the incremental step numbers a key before it posts under it).
/// </remarks>
public sealed class StoryKey
{
    /// <summary>The key's <see cref="StoryTerm.Id"/>.</summary>
    public int Term { get; set; }

    /// <summary>The article's <c>SearchDocs.RowId</c>.</summary>
    public long Doc { get; set; }
}

internal sealed class StoryFeaturesConfiguration :
    IEntityTypeConfiguration<ArticleStoryFeatures>, IEntityTypeConfiguration<StoryTerm>, IEntityTypeConfiguration<StoryKey>
{
    public void Configure(EntityTypeBuilder<ArticleStoryFeatures> builder)
    {
        builder.ToTable("ArticleStoryFeatures").HasKey(x => x.ArticleId);
        builder.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        // The story step finds the articles it has not counted yet through this (small) partial index.
        builder.HasIndex(x => x.Counted).HasFilter("\"Counted\" = 0");
        // Stored compactly (StoredTerms): in memory the text form, as the grouping reads it.
        builder.Property(x => x.Terms).HasConversion(StoredTerms.Converter);
        builder.Property(x => x.CountedTerms).HasConversion((ValueConverter)StoredTerms.Converter);
    }

    // No index on Key: the only readers by key are the story steps, which hold every row in memory (the incremental
    // step loads the table, a full regroup rewrites it), and a key is inserted only when that load lacks it.
    public void Configure(EntityTypeBuilder<StoryTerm> builder) => builder.ToTable("StoryTerms").HasKey(x => x.Id);

    // No index on Doc: an article's postings are read through its list (StoredPostedKeys).
    public void Configure(EntityTypeBuilder<StoryKey> builder) => builder.ToTable("StoryKeys").HasKey(x => new { x.Term, x.Doc });
}
