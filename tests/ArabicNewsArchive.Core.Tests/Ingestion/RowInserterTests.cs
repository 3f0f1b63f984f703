using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Topics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Tests.Ingestion;

public sealed class RowInserterTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task RowInserter_WritesEveryColumnAsSaveChangesDoes()
    {
        await using var db = _store.Db();
        var topic = await db.Topics.Select(t => t.Slug).FirstAsync();
        db.People.Add(Person("ef"));
        // Mentions, quotes and date evidence are views with generated ids (migrations LeanFacts, LeanStoryTables),
        // which SaveChanges cannot insert into: it reads the new id back, and a view's INSTEAD OF trigger returns
        // none. Only RowInserter writes them.
        var efArticle = Article("ef");
        efArticle.DateEvidence = [];
        db.Articles.Add(efArticle);
        db.AddRange(Facts("ef", topic).OfType<ArticleTopic>());
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        await db.Database.OpenConnectionAsync();
        using (var inserter = new RowInserter(db))
        {
            var person = Person("raw");
            inserter.Insert(person);
            inserter.InsertAll(person.Aliases);
            var article = Article("raw");
            inserter.Insert(article);
            inserter.InsertAll(article.DateEvidence);
            foreach (var row in Facts("raw", topic))
            {
                switch (row)
                {
                    case Mention m: inserter.Insert(m); break;
                    case Quote q: inserter.Insert(q); break;
                    case ArticleTopic t: inserter.Insert(t); break;
                }
            }
        }

        // Storage class and value of every column but the keys that name the two copies apart.
        foreach (var (table, key, skip) in new[]
        {
            ("Articles", "Id", "Id"), ("ArticleTopics", "ArticleId", ""),
            ("People", "Slug", "Slug"), ("PersonAliases", "PersonSlug", "Id"),
        })
        {
            var ef = await ColumnsAsync(db, table, key, skip, "ef");
            var raw = await ColumnsAsync(db, table, key, skip, "raw");
            Assert.NotEmpty(ef);
            Assert.Equal(ef, raw);
        }
    }

    [Fact]
    public async Task RowInserter_RefusedRowThrowsSqliteErrorAndTheNextRowsStillInsert()
    {
        await using var db = _store.Db();
        await db.Database.OpenConnectionAsync();
        using var inserter = new RowInserter(db);
        var person = Person("raw");
        inserter.Insert(person);
        inserter.Insert(Article("raw"));

        var refused = Assert.Throws<SqliteException>(() => inserter.Insert(new Mention { ArticleId = "raw", PersonSlug = "nobody", Start = 0, End = 1, Text = "x" }));

        Assert.Equal(19, refused.SqliteErrorCode);
        Assert.Contains("FOREIGN KEY", refused.Message, StringComparison.Ordinal);
        // The statement was reset: the same prepared INSERT takes the next row.
        inserter.Insert(new Mention { ArticleId = "raw", PersonSlug = "raw", Start = 0, End = 1, Text = "x" });
        Assert.Equal(1, await db.Mentions.CountAsync());
    }

    private static async Task<List<string>> ColumnsAsync(ArchiveDbContext db, string table, string key, string skip, string owner)
    {
        var columns = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM pragma_table_info({0})", table).ToListAsync();
        var shown = columns.Where(c => c != key && c != skip && c != "PersonSlug" && c != "ArticleId")
            .Select(c => $"'{c}=' || typeof(\"{c}\") || ':' || quote(\"{c}\")");
        // Table and column names come from the schema above, never from input.
        var sql = $"SELECT {string.Join(" || ' ' || ", shown)} AS Value FROM \"{table}\" WHERE \"{key}\" = {{0}} ORDER BY 1";
        return await db.Database.SqlQueryRaw<string>(sql, owner).ToListAsync();
    }

    private static Person Person(string owner) => new()
    {
        Slug = owner,
        NameAr = "مرشح",
        NameEn = "Candidate",
        Role = "المتحدث",
        Status = PersonStatus.Discovered,
        Aliases = [PeopleCatalog.CreateAlias(owner, "مرشح جديد", "seen")],
    };

    private static Article Article(string owner) => new()
    {
        Id = owner,
        SourceFile = "in/story.txt",
        Sha256 = "abc",
        SourceText = "عنوان\n\nنص الخبر.",
        Title = "عنوان",
        TitleStart = 0,
        TitleEnd = 5,
        TitleSource = FactSource.Inferred,
        OutletSlug = null,
        OutletSource = FactSource.Unknown,
        OutletEvidence = "دبي- الشرق",
        OutletEvidenceStart = 7,
        OutletEvidenceEnd = 17,
        Published = new DateOnly(2022, 2, 4),
        DatePrecision = DatePrecision.Day,
        DateSource = FactSource.Stated,
        IngestedAt = new DateTimeOffset(2026, 11, 22, 10, 30, 15, TimeSpan.FromHours(3)),
        UpdatedAt = new DateTimeOffset(2026, 11, 22, 7, 30, 15, TimeSpan.Zero),
        Revision = 2,
        Paragraphs =
        [
            new Paragraph { ArticleId = owner, Ordinal = 0, Kind = ParagraphKind.Title, SourceStart = 0, SourceEnd = 7, FirstLine = 1, LastLine = 2, Text = "عنوان" },
            new Paragraph { ArticleId = owner, Ordinal = 1, Kind = ParagraphKind.Boilerplate, Reason = "related links", SourceStart = 7, SourceEnd = 16, FirstLine = 3, LastLine = 3, Text = "نص الخبر." },
        ],
        DateEvidence = [new DateEvidence { ArticleId = owner, Start = 7, End = 9, Text = "نص", Meaning = "weekday of publication: Friday" }],
    };

    private static List<object> Facts(string owner, string topic) =>
    [
        new Mention { ArticleId = owner, PersonSlug = owner, Start = 7, End = 9, Text = "نص" },
        new Quote { ArticleId = owner, PersonSlug = owner, Start = 10, End = 15, Text = "الخبر", CueStart = 7, CueEnd = 9 },
        new ArticleTopic
        {
            ArticleId = owner, TopicSlug = topic, Score = 0.1 + 0.2,
            Evidence = [new TopicEvidence { Start = 10, End = 15, Text = "الخبر", Weight = 1.0 / 3 }, new TopicEvidence { Start = 0, End = 5, Text = "\"عنوان\"", Weight = 1 }],
        },
    ];
}
