using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ArabicNewsArchive.Tests.Articles;

/// <summary>An article's paragraphs are one value on its row (ParagraphCodec), written by the code and by migration CompactParagraphs.</summary>
public sealed class ParagraphCodecTests : IDisposable
{
    private const string BeforeCompactParagraphs = "20261206160216_CompressedText";

    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    /// <summary>Every field, every kind, reasons and stored texts in Arabic, gaps, overlaps, lines out of step, multi-byte varints.</summary>
    private static List<Paragraph> Sample() =>
    [
        new() { Kind = ParagraphKind.Title, SourceStart = 0, SourceEnd = 40, FirstLine = 1, LastLine = 1 },
        new() { Kind = ParagraphKind.Blank, SourceStart = 40, SourceEnd = 42, FirstLine = 2, LastLine = 3 },
        new() { Kind = ParagraphKind.Dateline, SourceStart = 42, SourceEnd = 60, FirstLine = 4, LastLine = 4, StoredText = "دبي- الشرق:" },
        new() { Kind = ParagraphKind.Heading, SourceStart = 65, SourceEnd = 200, FirstLine = 7, LastLine = 9, StoredText = "نتائج القمة" },
        new() { Kind = ParagraphKind.Boilerplate, Reason = "تعليق صورة مكرر", SourceStart = 190, SourceEnd = 20_000, FirstLine = 8, LastLine = 300 },
        new() { Kind = ParagraphKind.Body, SourceStart = 20_000, SourceEnd = 3_000_000, FirstLine = 300, LastLine = 70_000, Reason = "", StoredText = "" },
        new() { Kind = ParagraphKind.Body, SourceStart = 3_000_000, SourceEnd = 3_000_000, FirstLine = 70_001, LastLine = 70_001 },
    ];

    private sealed record ParagraphRow(string ArticleId, int Ordinal, int Kind, string? Reason, int SourceStart, int SourceEnd, int FirstLine, int LastLine, string? StoredText);

    private async Task IngestAsync()
    {
        _store.Write("headed.txt", "قمة إقليمية في عمّان\r\n\r\nدبي- الشرق: اجتمع الوزراء في عمّان أمس.\r\n\r\n## نتائج القمة\r\n\r\nاتفق الوزراء على خطة للنقل.\r\n");
        foreach (var file in Seeds.Files)
        {
            File.Copy(file, Path.Combine(_store.Folder, "in", Path.GetFileName(file)));
        }

        var run = await _store.Service().IngestAsync([Path.Combine(_store.Folder, "in")]);
        Assert.All(run.Files, f => Assert.Equal(IngestOutcome.Imported, f.Outcome));
    }

    private static string Fields(IEnumerable<Paragraph> paragraphs) =>
        string.Join("\n", paragraphs.Select((p, i) => $"{i}|{p.Kind}|{p.Reason ?? "-"}|{p.SourceStart}|{p.SourceEnd}|{p.FirstLine}|{p.LastLine}|{p.StoredText ?? "-"}"));

    [Fact]
    public void Codec_RoundTripsEveryStoredField()
    {
        var sample = Sample();
        var decoded = ParagraphCodec.Decode(ParagraphCodec.Encode(sample));

        Assert.Equal(Fields(sample), Fields(decoded));
        Assert.Equal(Enumerable.Range(0, sample.Count), decoded.Select(p => p.Ordinal));
        Assert.Empty(ParagraphCodec.Decode(ParagraphCodec.Encode([])));
        Assert.Empty(ParagraphCodec.Read(null));
    }

    [Fact]
    public void Codec_TakesAFewBytesPerParagraphOfContiguousRanges()
    {
        var paragraphs = Enumerable.Range(0, 100)
            .Select(i => new Paragraph { Kind = ParagraphKind.Body, SourceStart = i * 300, SourceEnd = (i + 1) * 300, FirstLine = (2 * i) + 1, LastLine = (2 * i) + 2 })
            .ToList();

        Assert.InRange(ParagraphCodec.Encode(paragraphs).Length, 100 * 5, 100 * 6);
    }

    [Fact]
    public async Task Article_ReadsBackItsParagraphsAndWritesAnEditedList()
    {
        await using (var db = _store.Db())
        {
            db.Articles.Add(new Article { Id = "a", SourceFile = "a.txt", Sha256 = "x", SourceText = "نص", Title = "t", Paragraphs = Sample() });
            await db.SaveChangesAsync();
        }

        await using (var db = _store.Db())
        {
            var article = await db.Articles.SingleAsync();
            Assert.Equal(Fields(Sample()), Fields(article.Paragraphs));
            // A tracked article whose paragraphs change is written (the comparer sees the stored form).
            article.Paragraphs[2].StoredText = "تغير";
            article.Paragraphs.RemoveAt(0);
            await db.SaveChangesAsync();
        }

        await using (var db = _store.Db())
        {
            var paragraphs = await db.Articles.Select(a => a.Paragraphs).SingleAsync();
            Assert.Equal(Sample().Count - 1, paragraphs.Count);
            Assert.Equal("تغير", paragraphs[1].StoredText);
        }
    }

    [Fact]
    public async Task Migration_CompactParagraphs_DownDecodesTheMapsIntoRowsAndUpEncodesThemAgain()
    {
        await IngestAsync();
        Dictionary<string, string> expected;
        await using (var db = _store.Db())
        {
            // One article also holds every edge of the encoding.
            var first = await db.Articles.OrderBy(a => a.Id).FirstAsync();
            first.Paragraphs = Sample();
            await db.SaveChangesAsync();
            expected = await db.Articles.AsNoTracking().ToDictionaryAsync(a => a.Id, a => Fields(a.Paragraphs));

            await db.GetService<IMigrator>().MigrateAsync(BeforeCompactParagraphs);
            var rows = await db.Database.SqlQuery<ParagraphRow>($"""
                SELECT ArticleId, Ordinal, Kind, Reason, SourceStart, SourceEnd, FirstLine, LastLine, StoredText FROM Paragraphs
                """).ToListAsync();
            var read = rows.GroupBy(r => r.ArticleId).ToDictionary(g => g.Key, g => Fields(g.OrderBy(r => r.Ordinal).Select(r => new Paragraph
            {
                Kind = (ParagraphKind)r.Kind, Reason = r.Reason, SourceStart = r.SourceStart, SourceEnd = r.SourceEnd,
                FirstLine = r.FirstLine, LastLine = r.LastLine, StoredText = r.StoredText,
            })));
            Assert.Equal(expected, read);

            await db.GetService<IMigrator>().MigrateAsync();
        }

        await using (var db = _store.Db())
        {
            Assert.Equal(expected, await db.Articles.AsNoTracking().ToDictionaryAsync(a => a.Id, a => Fields(a.Paragraphs)));
        }
    }

    [Fact]
    public async Task Migration_CompactParagraphs_EncodesTheRowsOfAStoreWrittenBefore()
    {
        await IngestAsync();
        Dictionary<string, string> expected;
        await using (var db = _store.Db())
        {
            var articles = await db.Articles.AsNoTracking().ToListAsync();
            // One article also holds every edge of the encoding.
            articles[0].Paragraphs = Sample();
            expected = articles.ToDictionary(a => a.Id, a => Fields(a.Paragraphs));
            Assert.True(articles.Sum(a => a.Paragraphs.Count) > 5 * articles.Count);

            // The previous schema, holding a row per paragraph as the previous code wrote them (in another order).
            await db.GetService<IMigrator>().MigrateAsync(BeforeCompactParagraphs);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM Paragraphs");
            foreach (var a in articles)
            {
                foreach (var (p, ordinal) in a.Paragraphs.Select((p, i) => (p, i)).Reverse())
                {
                    await db.Database.ExecuteSqlAsync($"""
                        INSERT INTO Paragraphs (ArticleId, Ordinal, Kind, Reason, SourceStart, SourceEnd, FirstLine, LastLine, StoredText)
                        VALUES ({a.Id}, {ordinal}, {(int)p.Kind}, {p.Reason}, {p.SourceStart}, {p.SourceEnd}, {p.FirstLine}, {p.LastLine}, {p.StoredText})
                        """);
                }
            }

            await db.GetService<IMigrator>().MigrateAsync();
        }

        await using (var db = _store.Db())
        {
            var read = await db.Articles.AsNoTracking().ToDictionaryAsync(a => a.Id, a => Fields(a.Paragraphs));
            Assert.Equal(expected, read);
            Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sqlite_master WHERE name = 'Paragraphs'").SingleAsync());
            // Articles was altered in place: its search-version triggers are still there.
            Assert.Equal(3, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Articles'").SingleAsync());
        }
    }
}
