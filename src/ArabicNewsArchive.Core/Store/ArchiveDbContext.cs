using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Outlets;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Stories;
using ArabicNewsArchive.Topics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ArabicNewsArchive.Store;

/// <summary>
/// The archive's SQLite store. Used directly (no repository layer); in Blazor Server through
/// <c>IDbContextFactory</c>, one context per operation.
/// </summary>
/// <remarks>
/// Migrations live in Store/Migrations:
/// <c>dotnet ef migrations add NAME --project src/ArabicNewsArchive.Core --output-dir Store/Migrations</c>.
/// </remarks>
public sealed class ArchiveDbContext(DbContextOptions<ArchiveDbContext> options) : DbContext(options)
{
    // Lower-case hex in the model and the API, its 32 bytes in the store; raw SQL compares with unhex(?). A value that
    // is not a digest's hex (only tests write one) is kept as its UTF-8 bytes, which are never 32 long in practice.
    private static readonly ValueConverter<string, byte[]> s_sha256 = new(
        v => v.Length == 64 && v.All(char.IsAsciiHexDigitLower) ? Convert.FromHexString(v) : System.Text.Encoding.UTF8.GetBytes(v),
        v => v.Length == 32 ? Convert.ToHexStringLower(v) : System.Text.Encoding.UTF8.GetString(v));

    public DbSet<Article> Articles => Set<Article>();

    public DbSet<DateEvidence> DateEvidence => Set<DateEvidence>();

    public DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();

    public DbSet<Outlet> Outlets => Set<Outlet>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<PersonAlias> PersonAliases => Set<PersonAlias>();

    public DbSet<Mention> Mentions => Set<Mention>();

    public DbSet<Quote> Quotes => Set<Quote>();

    public DbSet<Topic> Topics => Set<Topic>();

    public DbSet<ArticleTopic> ArticleTopics => Set<ArticleTopic>();

    public DbSet<Story> Stories => Set<Story>();

    public DbSet<ArticleRelation> ArticleRelations => Set<ArticleRelation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Article>(a =>
        {
            a.HasKey(x => x.Id);
            // No index on Sha256 in the model: only the ingestion's check for another article with the same bytes
            // looks a digest up, through an index on its first 8 bytes (IX_Articles_ShaPrefix, migration LeanLookups), 1.9 MB
            // instead of 4.4 at 100k. EF cannot map an index on an expression; a table rebuild would drop it.
            a.HasIndex(x => x.Published);
            a.HasIndex(x => x.OutletSlug);
            a.HasIndex(x => x.StoryId);
            a.HasOne(x => x.Outlet).WithMany().HasForeignKey(x => x.OutletSlug).OnDelete(DeleteBehavior.SetNull);
            // No foreign key: SQLite can only add one by rebuilding Articles, which drops its search triggers.
            // Agencies are catalogue slugs, checked against the stored outlets before they are written.
            a.HasIndex(x => x.AgencySlug);
            a.HasOne<Story>().WithMany().HasForeignKey(x => x.StoryId).OnDelete(DeleteBehavior.SetNull);
            // One value per article, not a row per paragraph (ParagraphCodec): the text is stored once, as the
            // article's source; a paragraph's reading text is derived from its range (ArticleText), and only a text
            // the range does not give back is stored.
            a.Property(x => x.Paragraphs).HasColumnName("ParagraphMap").HasConversion(ParagraphCodec.Converter, ParagraphCodec.Comparer);
            a.HasMany(x => x.DateEvidence).WithOne().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
            // SQLite has no DateTimeOffset type that sorts; ticks-as-text would sort wrongly, so store UTC ticks.
            a.Property(x => x.IngestedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
            a.Property(x => x.UpdatedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
            // Compressed (SourceTextCodec); raw SQL reads it with SourceTextCodec.Read.
            a.Property(x => x.SourceText).HasConversion(SourceTextCodec.Converter);
            // The digest's 32 bytes, not its 64 hex letters (in the row and again in its index; migration LeanFacts).
            a.Property(x => x.Sha256).HasConversion(s_sha256);
        });
        modelBuilder.Entity<ArticleRevision>(r =>
        {
            r.HasIndex(x => new { x.ArticleId, x.Revision }).IsUnique();
            r.Property(x => x.IngestedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
            r.Property(x => x.ReplacedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
            r.Property(x => x.SourceText).HasConversion(SourceTextCodec.Converter);
            r.Property(x => x.Sha256).HasConversion(s_sha256);
        });
        modelBuilder.Entity<Outlet>().HasKey(x => x.Slug);

        modelBuilder.Entity<Person>(p =>
        {
            p.HasKey(x => x.Slug);

            // Read from people.yaml at each start; only the recogniser and the linking use them, never a query.
            p.Ignore(x => x.ShortForms);
            p.Ignore(x => x.Titles);
            p.Ignore(x => x.Sources);
            p.HasMany(x => x.Aliases).WithOne().HasForeignKey(x => x.PersonSlug).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<PersonAlias>(a =>
        {
            a.HasIndex(x => new { x.PersonSlug, x.Text }).IsUnique();
            // No index on Normalized or PhoneticKey: no query looks a spelling up by them (the search snapshot reads
            // every row once; the recogniser keeps its own dictionaries). 4.6 MB at 100k (migration LeanLookups).
        });
        modelBuilder.Entity<Mention>(m =>
        {
            m.HasIndex(x => new { x.PersonSlug, x.ArticleId });
            m.HasIndex(x => x.ArticleId);
            m.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
            m.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonSlug).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Quote>(q =>
        {
            q.HasIndex(x => new { x.PersonSlug, x.ArticleId });
            q.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
            q.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonSlug).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Topic>().HasKey(x => x.Slug);
        modelBuilder.Entity<ArticleTopic>(t =>
        {
            t.HasKey(x => new { x.ArticleId, x.TopicSlug });
            t.HasIndex(x => x.TopicSlug);
            t.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
            t.HasOne<Topic>().WithMany().HasForeignKey(x => x.TopicSlug).OnDelete(DeleteBehavior.Cascade);
            t.Property(x => x.Evidence).HasConversion(TopicEvidenceJson.Converter, TopicEvidenceJson.Comparer);
        });

        modelBuilder.Entity<ArticleRelation>(r =>
        {
            r.HasKey(x => new { x.ArticleId, x.RelatedId });
            r.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
            // Rows are stored both ways, so every lookup goes by ArticleId (the key) and the rows naming an article as
            // RelatedId are the mirrors of its own: no index on RelatedId (38 MB at 100k). Not in the model either, as
            // EF would index it; the table keeps its foreign key with the cascade (migration LeanRelations).
        });

        // Entities added later keep their mapping beside them in their feature folder.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ArchiveDbContext).Assembly);
    }
}
