using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ArabicNewsArchive.Tests.Articles;

/// <summary>The text is stored once, as the source: paragraphs and the Markdown body are derived from it.</summary>
public sealed class ArticleTextTests : IDisposable
{
    private const string PreviousMigration = "20261206111215_TopicKinds";

    // Made-up text: a headline, a dateline glued to the first paragraph, a '#' heading, CRLF line ends, a blank run,
    // Markdown syntax that the body must escape.
    private const string Headed = "قمة إقليمية في عمّان\r\n\r\nدبي- الشرق: اجتمع الوزراء في عمّان أمس لبحث التجارة.\r\n\r\n\r\n"
        + "## نتائج القمة\r\n\r\nاتفق الوزراء على *خطة* [مشتركة] للنقل.\r\n\r\nوقال المتحدث إن القمة المقبلة في الرباط.\r\n";

    private const string Front = "---\r\ntitle: عنوان مذكور\r\npublished: 2022-02-04\r\n---\r\n\r\nنص الخبر الأول عن المطر.\n\nنص ثان عن الرياح.\n";

    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Theory]
    [InlineData("نص عادي في سطر.\n", ParagraphKind.Body)]
    [InlineData("  نص بمسافات  \r\n", ParagraphKind.Body)]
    [InlineData("## عنوان فرعي \n", ParagraphKind.Heading)]
    [InlineData("سطر أول\r\nسطر ثان\r\n", ParagraphKind.Body)]
    [InlineData("سطر أول\rسطر ثان\n", ParagraphKind.Body)]
    [InlineData("Cafe\u0301 au lait\n", ParagraphKind.Body)] // NFD: the reading text is NFC
    [InlineData("\u0301 أول الفقرة علامة\n", ParagraphKind.Body)]
    public void KeepOnlyUnderivable_StoresTheTextExactlyWhenTheSourceRangeDoesNotGiveItBack(string range, ParagraphKind kind)
    {
        const string before = "قبل الفقرة\n";
        var source = before + range + "بعدها\n";
        var derived = ArticleText.ParagraphText(source, before.Length, before.Length + range.Length, kind);
        foreach (var text in new[] { derived, derived + "!", "" })
        {
            var paragraph = new Paragraph { Kind = kind, SourceStart = before.Length, SourceEnd = before.Length + range.Length, Text = text };
            ArticleText.KeepOnlyUnderivable(source, [paragraph]);
            Assert.Equal(text == derived ? null : text, paragraph.StoredText);
        }
    }

    [Fact]
    public async Task Ingestion_StoresParagraphTextOnlyWhereTheSourceRangeDoesNotGiveItBack()
    {
        await IngestAsync();
        await using var db = _store.Db();
        var articles = await db.Articles.AsNoTracking().ToListAsync();
        var paragraphs = articles.Sum(a => a.Paragraphs.Count);
        var stored = articles.Sum(a => a.Paragraphs.Count(p => p.StoredText is not null));
        foreach (var a in articles)
        {
            var markdown = a.SourceFile.EndsWith(".md", StringComparison.Ordinal);
            var cleaned = ArticleCleaner.Clean(a.Id, a.SourceText, _store.Reference.OutletCatalog, markdown,
                markdown ? FrontMatterReader.Read(a.SourceText).FrontMatter : null);
            ArticleText.Fill(a.SourceText, a.Paragraphs);
            var read = a.Paragraphs.OrderBy(p => p.Ordinal).ToList();
            Assert.Equal(cleaned.Paragraphs.Select(p => p.Text), read.Select(p => p.Text));
            Assert.Equal(cleaned.BodyMarkdown, ArticleText.BodyMarkdown(read));
        }

        // The seeds' outlet cues glued to the first paragraph are the only texts kept.
        Assert.InRange(stored, 1, articles.Count);
        Assert.True(paragraphs > 5 * articles.Count);
        Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM pragma_table_info('Articles') WHERE name = 'BodyMarkdown'").SingleAsync());
    }

    [Fact]
    public async Task ArticleDetail_DerivesBodyMarkdownAndParagraphs()
    {
        await IngestAsync();
        var detail = await new SearchService(_store.Contexts).GetArticleAsync("headed");

        Assert.NotNull(detail);
        Assert.Equal(Headed, detail.SourceText);
        Assert.Equal("اجتمع الوزراء في عمّان أمس لبحث التجارة.\n\n## نتائج القمة\n\nاتفق الوزراء على \\*خطة\\* \\[مشتركة\\] للنقل.\n\n"
            + "وقال المتحدث إن القمة المقبلة في الرباط.", detail.BodyMarkdown);
    }

    [Fact]
    public async Task Migration_TextStoredOnce_KeepsEveryReadingTextOfAStoreWrittenByThePreviousSchema()
    {
        await IngestAsync();
        Dictionary<string, string> bodies = [];
        Dictionary<(string, int), string> texts = [];
        await using (var db = _store.Db())
        {
            var articles = await db.Articles.AsNoTracking().ToListAsync();
            foreach (var a in articles)
            {
                ArticleText.Fill(a.SourceText, a.Paragraphs);
                bodies[a.Id] = ArticleText.BodyMarkdown(a.Paragraphs);
                foreach (var p in a.Paragraphs)
                {
                    texts[(a.Id, p.Ordinal)] = p.Text;
                }
            }

            // The previous schema, holding what the previous code wrote: every paragraph's text, every body.
            await db.GetService<IMigrator>().MigrateAsync(PreviousMigration);
            foreach (var ((id, ordinal), text) in texts)
            {
                await db.Database.ExecuteSqlAsync($"UPDATE Paragraphs SET Text = {text} WHERE ArticleId = {id} AND Ordinal = {ordinal}");
            }

            foreach (var (id, body) in bodies)
            {
                await db.Database.ExecuteSqlRawAsync("UPDATE Articles SET BodyMarkdown = {0} WHERE Id = {1}", body, id);
            }

            // The previous code wrote the source as TEXT (compressed since migration CompressedText).
            foreach (var a in articles)
            {
                await db.Database.ExecuteSqlRawAsync("UPDATE Articles SET SourceText = {0} WHERE Id = {1}", a.SourceText, a.Id);
            }

            Assert.Equal(3, await ArticleTriggersAsync(db));
            await db.GetService<IMigrator>().MigrateAsync();
        }

        await using (var db = _store.Db())
        {
            var articles = await db.Articles.AsNoTracking().ToListAsync();
            var paragraphs = articles.SelectMany(a => a.Paragraphs.Select(p => (a.SourceText, Key: (a.Id, p.Ordinal), Paragraph: p))).ToList();
            Assert.Equal(texts.Count, paragraphs.Count);
            Assert.All(paragraphs, p => Assert.Equal(texts[p.Key], ArticleText.ParagraphText(p.SourceText, p.Paragraph)));
            Assert.True(paragraphs.Count(p => p.Paragraph.StoredText is null) > 0.9 * paragraphs.Count);
            // Articles was altered in place: its search-version triggers are still there.
            Assert.Equal(3, await ArticleTriggersAsync(db));
        }

        var search = new SearchService(_store.Contexts);
        foreach (var (id, body) in bodies)
        {
            Assert.Equal(body, (await search.GetArticleAsync(id))!.BodyMarkdown);
        }
    }

    private async Task IngestAsync()
    {
        _store.Write("headed.txt", Headed);
        _store.Write("front.md", Front);
        foreach (var file in Seeds.Files)
        {
            File.Copy(file, Path.Combine(_store.Folder, "in", Path.GetFileName(file)));
        }

        var run = await _store.Service().IngestAsync([Path.Combine(_store.Folder, "in")]);
        Assert.All(run.Files, f => Assert.Equal(IngestOutcome.Imported, f.Outcome));
    }

    private static Task<int> ArticleTriggersAsync(ArchiveDbContext db) =>
        db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Articles'").SingleAsync();
}
