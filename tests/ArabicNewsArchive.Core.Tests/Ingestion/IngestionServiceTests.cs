using System.Text;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Outlets;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Topics;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Tests.Ingestion;

public sealed class IngestionServiceTests : IDisposable
{
    // sha256sum of the five seeds as shipped in ../shared/seeds: a changed byte in seeds/ fails here.
    private static readonly Dictionary<string, string> s_seedHashes = new()
    {
        ["000_222e9e8ff3339bbc"] = "242f0128941088128781ca289bbfbc393510542b634d19d67749a891c72c90f3",
        ["001_115f144be502b13d"] = "b88d3e4dbe071804ba71fb5ae543da9bde27b67bb8170dfc6c7df058928c607f",
        ["002_beaccfc0902c3d0e"] = "9a34bce401022baa01bbbf7ff19b8241e6f5d0793b2970d3cd893b9d1ae1e72e",
        ["003_b3014ee5dfb3bcc9"] = "13e67e45819658276898bb8e7310c416f947e77fa5095a9167ebcb44251af35f",
        ["004_4e31ff7a3868a69f"] = "6aee899c4cf2c00433bc5c2238bdb80e4b79627d5ecd5d1723fc36387f8438c2",
    };

    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    private Task<IngestRun> IngestAsync(params string[] paths) => _store.Service().IngestAsync(paths);

    [Fact]
    public async Task Seeds_AreStoredByteForByteWithTheirHashes()
    {
        var run = await IngestAsync(Seeds.Folder);

        Assert.Equal(5, run.Count(IngestOutcome.Imported));
        await using var db = _store.Db();
        var articles = await db.Articles.ToListAsync();
        Assert.Equal(s_seedHashes.Keys.Order(), articles.Select(a => a.Id).Order());
        foreach (var a in articles)
        {
            var file = Seeds.File(a.Id[..3]);
            Assert.Equal(s_seedHashes[a.Id], a.Sha256);
            Assert.Equal(await File.ReadAllTextAsync(file), a.SourceText);
            Assert.Equal(Path.GetFileName(file), a.SourceFile);
            var paragraphs = a.Paragraphs.OrderBy(p => p.Ordinal).ToList();
            Assert.Equal(0, paragraphs[0].SourceStart);
            Assert.Equal(a.SourceText.Length, paragraphs[^1].SourceEnd);
            Assert.All(paragraphs.Zip(paragraphs.Skip(1)), pair => Assert.Equal(pair.First.SourceEnd, pair.Second.SourceStart));
        }
    }

    [Fact]
    public async Task Seeds_OutletsAndTitlesAreStoredWithTheirEvidence()
    {
        await IngestAsync(Seeds.Folder);

        await using var db = _store.Db();
        var byId = await db.Articles.ToDictionaryAsync(a => a.Id[..3]);
        Assert.Equal("alwaght", byId["000"].OutletSlug);
        Assert.Equal("asharq", byId["002"].OutletSlug);
        Assert.Equal("almayadeen", byId["004"].OutletSlug);
        Assert.Null(byId["003"].OutletSlug);
        var a = byId["002"];
        Assert.Equal(FactSource.Inferred, a.OutletSource);
        Assert.Equal("دبي- الشرق", a.SourceText[a.OutletEvidenceStart!.Value..a.OutletEvidenceEnd!.Value]);
        Assert.Equal(a.Title, a.SourceText[a.TitleStart!.Value..a.TitleEnd!.Value]);
        Assert.Equal(FactSource.Inferred, a.TitleSource);
    }

    [Fact]
    public async Task Rerun_OverTheSeedsChangesNothing()
    {
        await IngestAsync(Seeds.Folder);
        var before = await SnapshotAsync();

        var again = await IngestAsync(Seeds.Folder);

        Assert.All(again.Files, f => Assert.Equal(IngestOutcome.Unchanged, f.Outcome));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Crlf_IsImportedAndKeptAsRead()
    {
        var crlf = Seeds.Text("002").Replace("\n", "\r\n");
        var path = _store.Write("crlf.txt", crlf);

        var run = await IngestAsync(path);

        Assert.Equal(IngestOutcome.Imported, run.Files[0].Outcome);
        await using var db = _store.Db();
        var a = await db.Articles.SingleAsync(x => x.Id == "crlf");
        Assert.Equal(crlf, a.SourceText);
        Assert.DoesNotContain('\r', await BodyMarkdownAsync(db, a));
        Assert.Equal("روسيا: تطوير شراكة استراتيجية مع الصين \"أولوية غير مشروطة\"", a.Title);
    }

    [Fact]
    public async Task Windows1256AndUtf16_AreImportedAsTheSameText()
    {
        var text = Seeds.Text("004");
        var legacy = _store.Write("legacy.txt", TextDecoder.Windows1256.GetBytes(text));
        var utf16 = _store.Write("utf16.txt", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);

        var run = await IngestAsync(legacy, utf16);

        Assert.All(run.Files, f => Assert.Equal(IngestOutcome.Imported, f.Outcome));
        await using var db = _store.Db();
        Assert.Equal(text, (await db.Articles.SingleAsync(a => a.Id == "legacy")).SourceText);
        Assert.Equal(text, (await db.Articles.SingleAsync(a => a.Id == "utf16")).SourceText);
    }

    [Fact]
    public async Task BadFiles_AreRejectedWithAReasonAndNothingIsStored()
    {
        var big = new byte[TextDecoder.MaxFileBytes + 1];
        Array.Fill(big, (byte)'a');
        var files = new Dictionary<string, string>
        {
            [_store.Write("binary.txt", [0x01, 0x00, 0x02, 0x03, 0x00])] = "binary",
            [_store.Write("photo.txt", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00])] = "not text: the bytes are a PNG image",
            [_store.Write("empty.txt", [])] = "empty",
            [_store.Write("blank.txt", "  \n\n \t\n")] = "empty",
            [_store.Write("huge.txt", big)] = "larger than the 5 MB limit",
            [_store.Write("notes.docx", "نص")] = "unsupported file type '.docx'",
            [Path.Combine(_store.Folder, "missing.txt")] = "no such file",
        };

        var run = await IngestAsync([.. files.Keys]);

        foreach (var result in run.Files)
        {
            Assert.Equal(IngestOutcome.Rejected, result.Outcome);
            Assert.StartsWith(files[result.Path], result.Detail);
        }

        await using var db = _store.Db();
        Assert.Equal(0, await db.Articles.CountAsync());
    }

    [Fact]
    public async Task StrayControlCharacter_IsDroppedAndTheArticleImportedWithAWarning()
    {
        var path = _store.Write("sub.txt", "عنوان الخبر\n\nاتفقت روسيا\u001A والصين على زيادة التعاون العسكري بينهما في المنطقة.\n");

        var run = await IngestAsync(path);

        var result = Assert.Single(run.Files);
        Assert.Equal(IngestOutcome.Imported, result.Outcome);
        Assert.Contains("dropped a stray control character U+001A", result.Detail, StringComparison.Ordinal);
        await using var db = _store.Db();
        var article = await db.Articles.SingleAsync();
        Assert.DoesNotContain('\u001A', article.SourceText);
    }

    [Fact]
    public async Task Folder_MixingGoodAndBadFilesImportsEveryGoodOne()
    {
        foreach (var seed in Seeds.Files)
        {
            _store.Write(Path.Combine("mixed", "good", Path.GetFileName(seed)), await File.ReadAllBytesAsync(seed));
        }

        _store.Write("mixed/bad/binary.txt", [0x00, 0x01, 0x02]);
        _store.Write("mixed/bad/empty.md", "");
        _store.Write("mixed/a-picture.jpg", [0xFF, 0xD8, 0xFF, 0xE0]);
        _store.Write("mixed/zz-last.txt", "عنوان آخر\nنص الخبر الأخير في المجلد وهو نص عربي سليم.");

        var run = await IngestAsync(Path.Combine(_store.Folder, "in", "mixed"));

        // The .jpg is skipped (not a supported extension inside a folder), the two bad files are rejected.
        Assert.Equal(8, run.Files.Count);
        Assert.Equal(6, run.Count(IngestOutcome.Imported));
        Assert.Equal(2, run.Count(IngestOutcome.Rejected));
        Assert.Contains(run.Files, f => f.Path.EndsWith("binary.txt", StringComparison.Ordinal) && f.Outcome == IngestOutcome.Rejected);
        await using var db = _store.Db();
        Assert.Equal(6, await db.Articles.CountAsync());
        Assert.Equal("good/002_beaccfc0902c3d0e.txt", (await db.Articles.SingleAsync(a => a.Id == "002_beaccfc0902c3d0e")).SourceFile);
    }

    [Fact]
    public async Task Duplicate_SameBytesAgainIsUnchanged()
    {
        var first = _store.Write("a/story.txt", Seeds.Text("003"));
        var copy = _store.Write("b/story.txt", Seeds.Text("003"));

        var run = await IngestAsync(first, copy);

        Assert.Equal(IngestOutcome.Imported, run.Files[0].Outcome);
        Assert.Equal(IngestOutcome.Unchanged, run.Files[1].Outcome);
        Assert.Equal($"duplicate of {first}", run.Files[1].Detail);
        await using var db = _store.Db();
        Assert.Equal(1, await db.Articles.CountAsync());
    }

    [Fact]
    public async Task IdCollision_SecondFileIsRejectedNotMerged()
    {
        var first = _store.Write("a/story.txt", Seeds.Text("003"));
        var second = _store.Write("b/story.txt", Seeds.Text("004"));

        var run = await IngestAsync(first, second);

        Assert.Equal(IngestOutcome.Imported, run.Files[0].Outcome);
        Assert.Equal(IngestOutcome.Rejected, run.Files[1].Outcome);
        Assert.Equal($"id collision with {first}", run.Files[1].Detail);
        await using var db = _store.Db();
        var stored = await db.Articles.SingleAsync();
        Assert.Equal(Seeds.Text("003"), stored.SourceText);
        Assert.Equal(0, await db.ArticleRevisions.CountAsync());
    }

    [Fact]
    public async Task StoreRefusal_RollsBackThatFileAloneAndKeepsItOutOfTheIndex()
    {
        foreach (var (name, k) in new[] { "a", "b", "c" }.Select((name, k) => (name, k)))
        {
            _store.Write($"batch/{name}.txt", Seeds.Text($"00{k}"));
        }

        await using (var db = _store.Db())
        {
            // Refuses the file's last row (its index document), after its article, paragraphs and facts were written.
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER RefuseOne BEFORE INSERT ON SearchDocs WHEN NEW.ArticleId = 'b' BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
        }

        var run = await IngestAsync(Path.Combine(_store.Folder, "in", "batch"));

        Assert.Equal([IngestOutcome.Imported, IngestOutcome.Rejected, IngestOutcome.Imported], run.Files.Select(f => f.Outcome));
        Assert.Contains("refused by test", run.Files[1].Detail, StringComparison.Ordinal);
        await using var check = _store.Db();
        Assert.Equal(["a", "c"], await check.Articles.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync());
        Assert.False(await check.Mentions.AnyAsync(m => m.ArticleId == "b"));
        Assert.False(await check.ArticleTopics.AnyAsync(t => t.ArticleId == "b"));
        // The others are indexed, each exactly once, and nothing else is.
        var docs = await check.Database.SqlQueryRaw<long>("SELECT RowId AS Value FROM SearchDocs ORDER BY RowId").ToListAsync();
        var indexed = await check.Database.SqlQueryRaw<long>("SELECT rowid AS Value FROM ArticleSearch ORDER BY rowid").ToListAsync();
        Assert.Equal(2, docs.Count);
        Assert.Equal(docs, indexed);
        var person = await check.Mentions.Where(m => m.ArticleId == "a").Select(m => m.PersonSlug).FirstAsync();
        var rowOfA = await check.Database.SqlQueryRaw<long>("SELECT RowId AS Value FROM SearchDocs WHERE ArticleId = 'a'").SingleAsync();
        var mentioning = await check.Database.SqlQueryRaw<long>(
            "SELECT rowid AS Value FROM ArticleSearch WHERE ArticleSearch MATCH {0}", "persons: " + SearchTerms.PersonToken(person)).ToListAsync();
        Assert.Contains(rowOfA, mentioning);
    }

    // A name the seeds do not hold: the recogniser records him as a discovered person.
    private const string Rumsfeld = "\n\nوقال وزير الدفاع الأمريكي دونالد رامسفيلد إن القوات ستبقى. وأضاف رامسفيلد أن الوضع تحسن، فيما رد خصوم رامسفيلد بحدة.\n";

    [Fact]
    public async Task Batches_HoldNoMoreFileBytesThanTheBoundButALargerFileAlone()
    {
        // Five files of one size S, then one of 3S: a bound of 2.5S makes batches of 0-1, 2-3, 4, and 5 alone.
        long size = 0;
        for (var k = 0; k < 5; k++)
        {
            size = new FileInfo(_store.Write($"bytes/{k}.txt", Seeds.Text("002") + $"\n\nفقرة رقم {k}.\n")).Length;
        }

        var large = _store.Write("bytes/5.txt", string.Concat(Enumerable.Repeat(Seeds.Text("002"), 3)) + "\n\nفقرة رقم 5.\n");
        Assert.True(new FileInfo(large).Length > 2.5 * size);

        var service = new IngestionService(_store.Contexts, _store.Reference) { BatchBytes = size * 5 / 2 };
        var run = await service.IngestAsync([Path.Combine(_store.Folder, "in", "bytes")]);

        Assert.Equal(6, run.Count(IngestOutcome.Imported));
        Assert.Equal(4, service.Times.Batches);

        // By count alone the six are one batch (run again: unchanged, read all the same).
        var byCount = new IngestionService(_store.Contexts, _store.Reference);
        await byCount.IngestAsync([Path.Combine(_store.Folder, "in", "bytes")]);
        Assert.Equal(1, byCount.Times.Batches);
    }

    [Fact]
    public async Task KnownSets_AreReadOncePerRunAcrossBatches()
    {
        // Five files in three batches; the first and the last discover the same person.
        for (var k = 0; k < 5; k++)
        {
            _store.Write($"batch/{k}.txt", Seeds.Text($"00{k}") + (k is 0 or 4 ? Rumsfeld : ""));
        }

        var service = new IngestionService(_store.Contexts, _store.Reference) { BatchSize = 2 };
        var run = await service.IngestAsync([Path.Combine(_store.Folder, "in", "batch")]);

        // The person the first batch added is carried over to the third, which links to him rather than adding him again.
        Assert.Equal(5, run.Count(IngestOutcome.Imported));
        Assert.Equal(1, service.Times.KnownLoads);
        await using var check = _store.Db();
        var discovered = await check.People.Where(p => p.Status == PersonStatus.Discovered).Select(p => p.Slug).ToListAsync();
        var slug = Assert.Single(discovered);
        Assert.Equal(["0", "4"], await check.Mentions.Where(m => m.PersonSlug == slug).Select(m => m.ArticleId).Distinct().OrderBy(id => id).ToListAsync());
    }

    [Fact]
    public async Task DiscoveredPerson_AnotherSpellingOfTheNameIsTheSamePerson()
    {
        // نويرت and ناورت: two spellings of Heather Nauert in the ANT corpus, in two runs and in two batches of one.
        const string nauert = "\n\nوقالت المتحدثة باسم وزارة الخارجية الأمريكية هيذر نويرت إن واشنطن تتابع الوضع.\n";
        const string nawrt = "\n\nوقالت المتحدثة باسم وزارة الخارجية الأمريكية هيذر ناورت إن واشنطن تتابع الوضع.\n";
        _store.Write("one/a.txt", Seeds.Text("000") + nauert);
        _store.Write("two/b.txt", Seeds.Text("002") + nawrt);
        _store.Write("two/c.txt", Seeds.Text("003") + nauert);
        var service = new IngestionService(_store.Contexts, _store.Reference) { BatchSize = 1 };
        await service.IngestAsync([Path.Combine(_store.Folder, "in", "one")]);
        await service.IngestAsync([Path.Combine(_store.Folder, "in", "two")]);

        await using var check = _store.Db();
        var people = await check.Mentions.Where(m => m.Text.Contains("هيذر"))
            .Join(check.People, m => m.PersonSlug, p => p.Slug, (m, p) => new { m.ArticleId, p.Slug, p.NameAr, p.Status }).ToListAsync();
        Assert.Equal(["a", "b", "c"], people.Select(p => p.ArticleId).Distinct().Order(StringComparer.Ordinal));
        var person = Assert.Single(people.Select(p => (p.Slug, p.NameAr, p.Status)).Distinct());
        Assert.Equal(("هيذر نويرت", PersonStatus.Discovered), (person.NameAr, person.Status));
        var spellings = await check.PersonAliases.Where(a => a.PersonSlug == person.Slug).Select(a => a.Text).ToListAsync();
        Assert.Contains("هيذر ناورت", spellings);
    }

    [Fact]
    public async Task DiscoveredPerson_IsShownUnderTheBetterKnownSpelling()
    {
        // The first article spells Zuckerberg as nobody else does; the second as Wikidata does: the person is shown
        // under the second, with its English name, and a Latin query's alias.
        _store.Write("z/a.txt", Seeds.Text("000") + "\n\nوقال مؤسس فيسبوك مارك زكربيرغ إن الشركة ستتعاون مع المحققين.\n");
        _store.Write("z/b.txt", Seeds.Text("002") + "\n\nوقال مؤسس فيسبوك مارك زوكربيرغ إن الشركة ستتعاون مع المحققين.\n");
        var service = new IngestionService(_store.Contexts, _store.Reference) { BatchSize = 1 };
        await service.IngestAsync([Path.Combine(_store.Folder, "in", "z")]);

        await using var check = _store.Db();
        var slugs = await check.Mentions.Where(m => m.Text.Contains("مارك")).Select(m => m.PersonSlug).Distinct().ToListAsync();
        var person = await check.People.SingleAsync(p => p.Slug == Assert.Single(slugs));
        Assert.Equal(("مارك زوكربيرغ", "Mark Zuckerberg", false), (person.NameAr, person.NameEn, person.NameEnTransliterated));
        Assert.Contains(await check.PersonAliases.Where(a => a.PersonSlug == person.Slug).Select(a => a.Text).ToListAsync(), a => a == "Zuckerberg");
    }

    [Fact]
    public async Task KnownSets_AfterARefusedFileTheNextBatchStillStoresItsPeople()
    {
        // a and b (one batch) discover one person, b and c (two batches) another; b is refused, and what it added goes.
        const string szijjarto = "\n\nوقال وزير الخارجية المجري بيتر سيارتو إن بودابست تدعم الحوار، وأكد سيارتو أن بلاده لن تغير موقفها.\n";
        _store.Write("batch/a.txt", Seeds.Text("000") + szijjarto);
        _store.Write("batch/b.txt", Seeds.Text("002") + szijjarto + Rumsfeld);
        _store.Write("batch/c.txt", Seeds.Text("002") + Rumsfeld);
        await using (var db = _store.Db())
        {
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER RefuseOne BEFORE INSERT ON SearchDocs WHEN NEW.ArticleId = 'b' BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
        }

        var service = new IngestionService(_store.Contexts, _store.Reference) { BatchSize = 2 };
        var run = await service.IngestAsync([Path.Combine(_store.Folder, "in", "batch")]);

        Assert.Equal([IngestOutcome.Imported, IngestOutcome.Rejected, IngestOutcome.Imported], run.Files.Select(f => f.Outcome));
        await using var check = _store.Db();
        var discovered = await check.Mentions.Where(m => m.ArticleId == "a" || m.ArticleId == "c")
            .Join(check.People, m => m.PersonSlug, p => p.Slug, (m, p) => new { m.ArticleId, p.Slug, p.Status })
            .Where(p => p.Status == PersonStatus.Discovered).Select(p => p.ArticleId + " " + p.Slug).Distinct().ToListAsync();
        Assert.Equal(2, discovered.Count);
        Assert.NotEqual(discovered[0][0], discovered[1][0]);
        Assert.False(await check.Mentions.AnyAsync(m => m.ArticleId == "a" && !check.People.Any(p => p.Slug == m.PersonSlug)));
        Assert.False(await check.Mentions.AnyAsync(m => m.ArticleId == "c" && !check.People.Any(p => p.Slug == m.PersonSlug)));
        foreach (var slug in discovered.Select(found => found[2..]))
        {
            Assert.True(await check.PersonAliases.AnyAsync(a => a.PersonSlug == slug));
        }
    }

    [Fact]
    public async Task KnownSets_SeeWhatAnotherConnectionCommittedBetweenBatches()
    {
        _store.Write("batch/a.txt", Seeds.Text("000"));
        _store.Write("batch/b.md", "---\noutlet: Test Gazette\n---\n" + Seeds.Text("003"));
        var gazette = OutletCatalog.CreateUnknown("Test Gazette");
        var service = new IngestionService(_store.Contexts, _store.Reference) { BatchSize = 1 };

        // After the first batch, as a curator's edit would: the outlet the second file names is added elsewhere.
        var run = await service.IngestAsync([Path.Combine(_store.Folder, "in", "batch")], p =>
        {
            if (p.Done == 1)
            {
                using var other = _store.Db();
                other.Outlets.Add(gazette);
                other.SaveChanges();
            }
        });

        // With the first batch's sets kept, b would add the outlet again and be refused for its duplicate key.
        Assert.Equal([IngestOutcome.Imported, IngestOutcome.Imported], run.Files.Select(f => f.Outcome));
        Assert.Equal(2, service.Times.KnownLoads);
        await using var check = _store.Db();
        Assert.Equal(gazette.Slug, await check.Articles.Where(a => a.Id == "b").Select(a => a.OutletSlug).SingleAsync());
    }

    [Fact]
    public async Task FilesSpreadOverSeveralBatches_AreEachStoredAndIndexedOnce()
    {
        // The default batch is 1,024 files: two per batch makes the five seeds cross batch boundaries (a fresh page
        // cache and transaction per batch, preparation running ahead of the writer).
        var run = await new IngestionService(_store.Contexts, _store.Reference) { BatchSize = 2 }.IngestAsync([Seeds.Folder]);

        Assert.Equal(5, run.Count(IngestOutcome.Imported));
        await using var check = _store.Db();
        Assert.Equal(5, await check.Articles.CountAsync());
        var docs = await check.Database.SqlQueryRaw<long>("SELECT RowId AS Value FROM SearchDocs ORDER BY RowId").ToListAsync();
        var indexed = await check.Database.SqlQueryRaw<long>("SELECT rowid AS Value FROM ArticleSearch ORDER BY rowid").ToListAsync();
        Assert.Equal(5, docs.Count);
        Assert.Equal(docs, indexed);
        // Stories come out as with one batch (the gold pairs).
        var stories = await check.Articles.Where(a => a.StoryId != null).GroupBy(a => a.StoryId)
            .Select(g => g.Select(a => a.Id.Substring(0, 3)).OrderBy(x => x).ToList()).ToListAsync();
        Assert.Equal(["000,001", "003,004"], stories.Select(s => string.Join(',', s)).Order());
    }

    [Fact]
    public async Task IdenticalBytesUnderTwoIds_AreTwoArticles()
    {
        var run = await IngestAsync(_store.Write("one.txt", Seeds.Text("003")), _store.Write("two.txt", Seeds.Text("003")));

        Assert.All(run.Files, f => Assert.Equal(IngestOutcome.Imported, f.Outcome));
        Assert.Equal("same bytes as one", run.Files[1].Detail);
    }

    [Fact]
    public async Task Update_SameIdWithNewBytesKeepsTheOldVersionAsARevision()
    {
        var path = _store.Write("story.txt", Seeds.Text("003"));
        await IngestAsync(path);
        await File.WriteAllTextAsync(path, Seeds.Text("004"));

        var run = await IngestAsync(path);

        Assert.Equal(IngestOutcome.Updated, run.Files[0].Outcome);
        await using var db = _store.Db();
        var article = await db.Articles.SingleAsync();
        Assert.Equal(2, article.Revision);
        Assert.Equal(Seeds.Text("004"), article.SourceText);
        Assert.Equal("almayadeen", article.OutletSlug);
        Assert.Equal(article.SourceText.Length, article.Paragraphs.Max(p => p.SourceEnd));
        var revision = await db.ArticleRevisions.SingleAsync();
        Assert.Equal(1, revision.Revision);
        Assert.Equal(Seeds.Text("003"), revision.SourceText);
        Assert.Equal(s_seedHashes["003_b3014ee5dfb3bcc9"], revision.Sha256);
    }

    [Fact]
    public async Task FrontMatter_StatedValuesWinAndAreMarkedStated()
    {
        var md = "---\ntitle: عنوان مذكور\noutlet: الجزيرة\npublished: 2022-02-04\nurl: https://example.com/a\nid: stated-id\n---\n" + Seeds.Text("000");
        var run = await IngestAsync(_store.Write("file-name.md", md));

        Assert.Equal(IngestOutcome.Imported, run.Files[0].Outcome);
        await using var db = _store.Db();
        var a = await db.Articles.SingleAsync();
        Assert.Equal("stated-id", a.Id);
        Assert.Equal("عنوان مذكور", a.Title);
        Assert.Equal(FactSource.Stated, a.TitleSource);
        Assert.Equal("aljazeera", a.OutletSlug);
        Assert.Equal(FactSource.Stated, a.OutletSource);
        Assert.Equal(new DateOnly(2022, 2, 4), a.Published);
        Assert.Equal(DatePrecision.Day, a.DatePrecision);
        Assert.Equal(FactSource.Stated, a.DateSource);
        Assert.Equal("https://example.com/a", a.Url);
        Assert.Equal(md, a.SourceText);
        var front = a.Paragraphs.Single(p => p.Ordinal == 0);
        Assert.Equal((ParagraphKind.Boilerplate, "YAML front matter", 1, 7), (front.Kind, front.Reason, front.FirstLine, front.LastLine));
        Assert.DoesNotContain("title:", await BodyMarkdownAsync(db, a));
    }

    [Theory]
    [InlineData("---\ntitle: [unclosed\n---\nنص الخبر هنا.", "front matter: invalid YAML")]
    [InlineData("---\npublished: 04/02/2022\n---\nنص الخبر هنا.", "front matter: published must be a date as yyyy-MM-dd")]
    [InlineData("---\ntitle: عنوان\nنص بلا سطر إغلاق.", "front matter: an opening --- without a closing --- line")]
    [InlineData("---\nid: ../../etc\n---\nنص الخبر هنا.", "front matter: id '../../etc'")]
    public async Task FrontMatter_BadBlocksAreRejected(string md, string reason)
    {
        var run = await IngestAsync(_store.Write("bad.md", md));

        Assert.Equal(IngestOutcome.Rejected, run.Files[0].Outcome);
        Assert.StartsWith(reason, run.Files[0].Detail);
    }

    [Fact]
    public async Task Outlet_UnknownNameBecomesANewOutletRow()
    {
        var run = await IngestAsync(_store.Write("x.txt", "عنوان الخبر\n\nنص الخبر الأول وفيه تفاصيل كثيرة عن الحدث.\n\nالمصدر: صوت الجنوب"));

        Assert.Contains("new outlet 'صوت الجنوب'", run.Files[0].Detail);
        await using var db = _store.Db();
        var a = await db.Articles.Include(x => x.Outlet).SingleAsync();
        Assert.Equal("swt-aljnwb", a.OutletSlug);
        Assert.Equal("صوت الجنوب", a.Outlet!.NameAr);
        Assert.Equal("المصدر: صوت الجنوب", a.OutletEvidence);
    }

    [Fact]
    public async Task ReferenceSync_IsIdempotentAndKeepsCandidates()
    {
        var reference = new ReferenceData
        {
            People = [new Person
            {
                Slug = "wang-yi", NameAr = "وانغ يي", NameEn = "Wang Yi", Role = "China's top diplomat",
                Aliases = [new PersonAlias { PersonSlug = "wang-yi", Text = "وانغ يي" }, new PersonAlias { PersonSlug = "wang-yi", Text = "وانج يي" }],
            }],
            Topics = [new Topic { Slug = "security", NameAr = "الأمن والضمانات الأمنية", NameEn = "Security and security guarantees" }],
        };
        await using (var db = _store.Db())
        {
            db.People.Add(new Person { Slug = "someone", NameAr = "شخص ما", NameEn = "", Status = PersonStatus.Discovered });
            await db.SaveChangesAsync();
            await reference.SyncAsync(db);
            await reference.SyncAsync(db);
        }

        var smaller = new ReferenceData
        {
            People = [new Person { Slug = "wang-yi", NameAr = "وانغ يي", NameEn = "Wang Yi", Aliases = [new PersonAlias { PersonSlug = "wang-yi", Text = "وانغ يي" }] }],
        };
        await using (var db = _store.Db())
        {
            await smaller.SyncAsync(db);
        }

        await using var check = _store.Db();
        // The store was already synced with the real seeds/reference: those people stay, the candidate stays.
        var slugs = await check.People.Select(p => p.Slug).ToListAsync();
        Assert.Contains("someone", slugs);
        Assert.Equal(_store.Reference.People.Select(p => p.Slug).Append("someone").Append("wang-yi").Distinct().Count(), slugs.Count);
        Assert.Equal(PersonStatus.Discovered, (await check.People.SingleAsync(p => p.Slug == "someone")).Status);
        Assert.Equal(["وانغ يي"], await check.PersonAliases.Where(a => a.PersonSlug == "wang-yi").Select(a => a.Text).ToListAsync());
        Assert.Equal("وانغ يي", (await check.PersonAliases.SingleAsync(a => a.PersonSlug == "wang-yi")).Normalized);
        Assert.Equal(Math.Max(1, _store.Reference.Topics.Count), await check.Topics.CountAsync());
        Assert.Equal(_store.Reference.Outlets.Count, await check.Outlets.CountAsync());
    }

    [Fact]
    public async Task SyncReferenceData_TracksOnlyTheListedPeople()
    {
        // An archive finds tens of thousands of people the list does not name: the sync (run at every start) must not
        // load them and their spellings, which took the web server's start-up past its heap limit.
        await using (var db = _store.Db())
        {
            db.People.Add(new Person
            {
                Slug = "found-only", NameAr = "شخص آخر", NameEn = "", Status = PersonStatus.Discovered,
                Aliases = [new PersonAlias { PersonSlug = "found-only", Text = "شخص آخر", Origin = "seen" }],
            });
            await db.SaveChangesAsync();
        }

        await using var sync = _store.Db();
        await _store.Reference.SyncAsync(sync);

        var tracked = sync.ChangeTracker.Entries<Person>().Select(e => e.Entity.Slug).ToList();
        Assert.NotEmpty(tracked);
        Assert.DoesNotContain("found-only", tracked);
        Assert.DoesNotContain(sync.ChangeTracker.Entries<PersonAlias>(), e => e.Entity.PersonSlug == "found-only");
        Assert.All(tracked, slug => Assert.Contains(_store.Reference.People, p => p.Slug == slug));
    }

    [Fact]
    public async Task Reanalyze_RebuildsFactsFromStoredTextWithoutFiles()
    {
        var path = _store.Write("story.txt", Seeds.Text("003"));
        await IngestAsync(path);
        File.Delete(path);

        var count = await _store.Service().ReanalyzeAsync();

        Assert.Equal(1, count);
        await using var db = _store.Db();
        Assert.Equal(Seeds.Text("003"), (await db.Articles.SingleAsync()).SourceText);
    }

    [Fact]
    public async Task Reanalyze_ReadsTheKnownSetsOnceAndFindsTheSamePeople()
    {
        // Five articles, two of them naming a discovered person: re-analysed one by one, they link to him again
        // rather than adding him twice, from sets read once (read per article, they made a re-analysis quadratic).
        for (var k = 0; k < 5; k++)
        {
            _store.Write($"again/{k}.txt", Seeds.Text($"00{k}") + (k is 1 or 3 ? Rumsfeld : ""));
        }

        await IngestAsync(Path.Combine(_store.Folder, "in", "again"));
        async Task<List<string>> PeopleAsync()
        {
            await using var db = _store.Db();
            return await db.Mentions.Select(m => m.ArticleId + " " + m.PersonSlug).Distinct().OrderBy(x => x).ToListAsync();
        }

        var before = await PeopleAsync();
        var service = _store.Service();
        Assert.Equal(5, await service.ReanalyzeAsync());

        Assert.Equal(1, service.Times.KnownLoads);
        Assert.Equal(before, await PeopleAsync());
        await using var check = _store.Db();
        var rumsfeld = await check.People.SingleAsync(p => p.NameAr == "دونالد رامسفيلد");
        Assert.Equal(PersonStatus.Discovered, rumsfeld.Status);
        Assert.Contains("1 " + rumsfeld.Slug, before);
        Assert.Contains("3 " + rumsfeld.Slug, before);
    }

    [Fact]
    public async Task Progress_IsReportedForEveryFileWithARate()
    {
        var reports = new List<IngestProgress>();

        await _store.Service().IngestAsync([Seeds.Folder], reports.Add);

        Assert.Equal([1, 2, 3, 4, 5], reports.Select(r => r.Done));
        Assert.All(reports, r => Assert.Equal(5, r.Total));
        Assert.True(reports[^1].FilesPerSecond > 0);
        Assert.Equal(TimeSpan.Zero, reports[^1].Remaining);
    }

    private static async Task<string> BodyMarkdownAsync(ArchiveDbContext db, Article a)
    {
        var paragraphs = await db.Articles.AsNoTracking().Where(x => x.Id == a.Id).Select(x => x.Paragraphs).SingleAsync();
        ArticleText.Fill(a.SourceText, paragraphs);
        return ArticleText.BodyMarkdown(paragraphs);
    }

    private async Task<string> SnapshotAsync()
    {
        await using var db = _store.Db();
        var articles = await db.Articles.OrderBy(a => a.Id)
            .Select(a => $"{a.Id}|{a.Sha256}|{a.Revision}|{a.UpdatedAt.UtcTicks}|{a.SourceText.Length}").ToListAsync();
        var paragraphs = (await db.Articles.Select(a => a.Paragraphs).ToListAsync()).Sum(p => p.Count);
        return string.Join("\n", articles) + $"\nparagraphs={paragraphs} revisions={await db.ArticleRevisions.CountAsync()}"
            + $" outlets={await db.Outlets.CountAsync()} people={await db.People.CountAsync()} mentions={await db.Mentions.CountAsync()}";
    }
}
