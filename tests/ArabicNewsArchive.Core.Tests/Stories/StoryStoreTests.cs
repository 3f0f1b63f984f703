using System.Text;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Stories;
using ArabicNewsArchive.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ArabicNewsArchive.Tests.Stories;

/// <summary>How the story tables are stored: the terms as a compact blob, the index and relations WITHOUT ROWID.</summary>
public sealed class StoryStoreTests : IDisposable
{
    /// <summary>The migration before the compact story tables.</summary>
    private const string BeforeCompact = "20261206131817_Corrections";

    /// <summary>The migration before the postings named their key by its number.</summary>
    private const string BeforeTermNumbers = "20261206210000_LeanRelationIds";

    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("قمة:1 بوتين:2 بكين:3 the:1 voice:200")]
    [InlineData("مدرب:100000 صراع:0")]
    // Letters outside U+0600–U+067E (keheh, a presentation form, Latin accents), a colon inside a stem, a repeated stem.
    [InlineData("کتاب:4 ﻻ:1 café:2 a:b:5 قمة:1 قمة:7")]
    public void StoredTerms_RoundTripTheTextForm(string text)
    {
        var stored = StoredTerms.Encode(text);

        Assert.True(StoredTerms.IsCompact(stored));
        Assert.Equal(text, StoredTerms.Decode(stored));
        Assert.Equal(ArticleStoryFeatures.ParseTerms(text), ArticleStoryFeatures.ParseTerms(StoredTerms.Decode(stored)));
    }

    [Fact]
    public void StoredTerms_TakeAboutHalfTheBytesOfTheText()
    {
        const string text = "هكذا:1 تحالفت:1 احلام:7 يسا:7 عاص:3 حماق:4 فويس:2 يبدو:1 صراع:1 مدرب:1 اربع:1 برنامج:4 the:1 voice:1";

        Assert.True(StoredTerms.Encode(text).Length * 2 < Encoding.UTF8.GetByteCount(text) + 10, $"{StoredTerms.Encode(text).Length} bytes");
    }

    [Fact]
    public void StoredTerms_ArticleLongTermsAreCompressed_AndReadAlikeEverywhere()
    {
        // An article's worth of stems (a few hundred): the letters of a small alphabet compress.
        var text = string.Join(' ', Enumerable.Range(0, 300).Select(i => $"{(char)('\u0628' + (i % 20))}{(char)('\u062A' + (i / 20 % 15))}{(char)('\u0645' + (i % 5))}ات:{1 + (i % 7)}"));
        var stored = StoredTerms.Encode(text);

        Assert.Equal(StoredTerms.ZstdSplitMark, stored[0]);
        // The Deflate split form older stores hold gives back the same first form.
        var deflated = StoredTerms.EncodeSplitDeflated(text);
        Assert.Equal(StoredTerms.SplitMark, deflated[0]);
        Assert.Equal(StoredTerms.Inflated(deflated).ToArray(), StoredTerms.Inflated(stored).ToArray());
        Assert.True(stored.Length < StoredTerms.Inflated(stored).Length * 0.8, $"{stored.Length} of {StoredTerms.Inflated(stored).Length} bytes");
        Assert.Equal(text, StoredTerms.Decode(stored));
        var (fromText, fromBlob) = (new StoryTermTable(), new StoryTermTable());
        fromText.AddStored(text.AsSpan());
        fromBlob.AddStored(stored.AsSpan());
        Assert.Equal(fromText.Stems, fromBlob.Stems);
        Assert.Equal(fromText.Terms, fromBlob.Terms);
        Assert.Equal(fromText.Counts, fromBlob.Counts);
    }

    [Fact]
    public void StoredTerms_LeadTwinsTakeNoLetters_AndReadBackInTheirOrder()
    {
        // As CountTerms gives them: each lead stem ("^stem") right before its body twin, then body stems, a lead
        // number with no twin, a twin whose stem starts the lead's way, and stems outside the one-byte alphabet.
        var stems = Enumerable.Range(0, 120).Select(i => $"{(char)('\u0628' + (i % 20))}{(char)('\u062A' + (i / 20 % 15))}{(char)('\u0645' + (i % 5))}ات").ToList();
        var entries = new List<string>();
        for (var i = 0; i < stems.Count; i++)
        {
            if (i < 40)
            {
                entries.Add($"^{stems[i]}:{1 + (i % 2)}");
            }

            entries.Add($"{stems[i]}:{1 + (i % 9)}");
        }

        entries.AddRange(["^23:1", "^^x:1", "^x:2", "x:1", "کتاب:4", "^کتاب:1", "café:70000"]);
        var text = string.Join(' ', entries);
        var stored = StoredTerms.Encode(text);
        var deflated = StoredTerms.EncodeDeflated(text);

        Assert.Equal(StoredTerms.ZstdSplitMark, stored[0]);
        Assert.Equal(StoredTerms.Inflated(deflated).ToArray(), StoredTerms.Inflated(stored).ToArray());
        Assert.Equal(text, StoredTerms.Decode(stored));
        // The forty twins' letters (five bytes each) are not written a second time: the same entries with every lead
        // stem away from its twin write them all.
        var apart = string.Join(' ', entries.Where(e => e[0] == '^').Concat(entries.Where(e => e[0] != '^')));
        Assert.True(LettersOf(stored) + (40 * 5) <= LettersOf(StoredTerms.Encode(apart)), $"{LettersOf(stored)} against {LettersOf(StoredTerms.Encode(apart))} letters");
        Assert.True(stored.Length < deflated.Length, $"{stored.Length} against {deflated.Length} bytes");
    }

    // The split form's count of letter bytes (its second varint).
    private static uint LettersOf(byte[] split)
    {
        var position = 1;
        _ = Varint.Read(split, ref position);
        return Varint.Read(split, ref position);
    }

    [Fact]
    public void StoredTerms_DictionariesAreTheShippedOnes()
    {
        // Values written with a dictionary read back only with the same bytes: rebuilt dictionaries come with a new
        // mark, never in place of these (Stories/README.md).
        Assert.Equal("D95ABE4C8ABD51429BC39A2FD2DC441049D6E5F2EA840ED6E38EA57120E13BFA",
            Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(TermStreams.Load(TermStreams.HeadersFile))));
        Assert.Equal("4B46460349698F773FEE9C54D4E7FCA637D0F2BAABECDCF38A013BB4A15309F1",
            Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(TermStreams.Load(TermStreams.LettersFile))));
    }

    [Fact]
    public void StoredTerms_ADamagedStreamIsAnError()
    {
        var text = string.Join(' ', Enumerable.Range(0, 200).Select(i => $"{(char)('\u0628' + (i % 20))}{(char)('\u062A' + (i / 20 % 15))}ات:{1 + (i % 3)}"));
        var stored = StoredTerms.Encode(text);
        Assert.Equal(StoredTerms.ZstdSplitMark, stored[0]);

        // Cut short: the letters' stream ends early.
        Assert.ThrowsAny<Exception>(() => StoredTerms.Decode(stored.AsSpan(0, stored.Length - 8)));
    }

    [Fact]
    public void StoredTerms_OldTextIsReadAsText()
    {
        const string text = "قمة:1 بوتين:2";

        Assert.False(StoredTerms.IsCompact(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(text, StoredTerms.Decode(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void StoryTermTable_NumbersBothStoredFormsAlike()
    {
        string[] rows = ["قمة:1 بوتين:2 بكين:3", "بكين:1 کتاب:9 قمة:2 قمة:5", "", "voice:300 بوتين:1"];
        var fromText = new StoryTermTable();
        var fromBlob = new StoryTermTable();
        var fromOldBlob = new StoryTermTable();
        var fromDeflated = new StoryTermTable();
        var fromSplitDeflated = new StoryTermTable();

        foreach (var row in rows)
        {
            fromText.AddStored(row.AsSpan());
            fromBlob.AddStored(StoredTerms.Encode(row).AsSpan());
            fromOldBlob.AddStored(Encoding.UTF8.GetBytes(row).AsSpan());
            fromDeflated.AddStored(StoredTerms.EncodeDeflated(row).AsSpan());
            fromSplitDeflated.AddStored(StoredTerms.EncodeSplitDeflated(row).AsSpan());
        }

        foreach (var other in new[] { fromBlob, fromOldBlob, fromDeflated, fromSplitDeflated })
        {
            Assert.Equal(fromText.Stems, other.Stems);
            Assert.Equal(fromText.Terms, other.Terms);
            Assert.Equal(fromText.Counts, other.Counts);
        }

        // Row 1: its own order (بكين, کتاب, قمة), the repeated stem at its first place with its last count.
        Assert.Equal([2, 3, 0], fromBlob.Terms[1]);
        Assert.Equal([1, 9, 5], fromBlob.Counts[1]!);
    }

    [Fact]
    public async Task Ingestion_StoresTheTermsCompactly()
    {
        await _store.Service().IngestAsync(Seeds.Files);
        await using var db = _store.Db();

        var kinds = await db.Database.SqlQueryRaw<string>("SELECT DISTINCT typeof(Terms) || ':' || hex(substr(Terms, 1, 1)) AS Value FROM ArticleStoryFeatures").ToListAsync();
        // Articles' terms are long enough for compression to shorten them (the seeds' are).
        Assert.Equal(["blob:04"], kinds);
        var features = await db.Set<ArticleStoryFeatures>().AsNoTracking().ToListAsync();
        Assert.All(features, f => Assert.Contains(':', f.Terms));
    }

    [Fact]
    public async Task Regroup_RewritesTheDeflateFormInTheSplitForm_WithTheSameStories()
    {
        await _store.Service().IngestAsync(Seeds.Files);
        string expected;
        List<ArticleStoryFeatures> before;
        await using (var db = _store.Db())
        {
            expected = await SnapshotAsync(db);
            before = await db.Set<ArticleStoryFeatures>().AsNoTracking().OrderBy(f => f.ArticleId).ToListAsync();
            // The rows as the build before the split form wrote them.
            foreach (var f in before)
            {
                await db.Database.ExecuteSqlAsync($"UPDATE ArticleStoryFeatures SET Terms = {StoredTerms.EncodeDeflated(f.Terms)} WHERE ArticleId = {f.ArticleId}");
            }

            Assert.Equal(["02"], await db.Database.SqlQueryRaw<string>("SELECT DISTINCT hex(substr(Terms, 1, 1)) AS Value FROM ArticleStoryFeatures").ToListAsync());
            Assert.Equal(before.Select(f => f.Terms), (await db.Set<ArticleStoryFeatures>().AsNoTracking().OrderBy(f => f.ArticleId).ToListAsync()).Select(f => f.Terms));
        }

        await StoryService.RegroupAsync(_store.Contexts, _store.Reference);
        await using (var db = _store.Db())
        {
            Assert.Equal(expected, await SnapshotAsync(db));
            Assert.Equal(["04"], await db.Database.SqlQueryRaw<string>("SELECT DISTINCT hex(substr(Terms, 1, 1)) AS Value FROM ArticleStoryFeatures").ToListAsync());
            var read = await db.Set<ArticleStoryFeatures>().AsNoTracking().OrderBy(f => f.ArticleId).ToListAsync();
            Assert.Equal(before.Select(f => (f.ArticleId, f.Terms)), read.Select(f => (f.ArticleId, f.Terms)));
        }
    }

    [Fact]
    public async Task Migration_StoryTablesAreWithoutRowid_WithNoSecondCopyOfTheirKey()
    {
        await using var db = _store.Db();

        // StoryTerms is a rowid table on purpose: its rowid is the key's number (StoryTermNumbers).
        Assert.Equal(
            ["StoryKeys:WITHOUT ROWID", "StoryRelations:WITHOUT ROWID", "StoryTerms:"],
            await TableKindsAsync(db));
        // The primary key is the table; no index by article (each article's list of posted keys serves those
        // lookups: StoryPostedKeyLists). Relations are stored both ways and read by their key: no index on RelatedId
        // (LeanRelations); no index on StoryTerms.Key (the story steps read the whole table).
        Assert.Empty(await IndexesAsync(db));
        Assert.Contains("AUTOINCREMENT", await db.Database.SqlQueryRaw<string>("SELECT sql AS Value FROM sqlite_master WHERE name = 'StoryTerms'").SingleAsync());
    }

    [Fact]
    public async Task Migration_StoryTermNumbers_KeepsEveryPostingAndCount_AndBackAgain()
    {
        await _store.Service().IngestAsync(Seeds.Files);
        await using var db = _store.Db();
        var expected = await SnapshotAsync(db);
        Assert.Contains(">", expected.Split("\nkeys\n")[1]);

        // Down: postings by key text again, the same rows.
        await db.GetService<IMigrator>().MigrateAsync(BeforeTermNumbers);
        Assert.Equal(["StoryKeys:WITHOUT ROWID", "StoryRelations:WITHOUT ROWID", "StoryTerms:WITHOUT ROWID"], await TableKindsAsync(db));
        var textKeys = (await db.Database.SqlQueryRaw<string>("SELECT k.Key || '>' || d.ArticleId AS Value FROM StoryKeys k JOIN SearchDocs d ON d.RowId = k.Doc").ToListAsync()).Order(StringComparer.Ordinal);
        Assert.Equal(expected.Split("\nkeys\n")[1].Split("\nterms\n")[0], string.Join("\n", textKeys));

        // Up: numbered in key order, every posting and count kept.
        await db.GetService<IMigrator>().MigrateAsync();
        Assert.Equal(expected, await SnapshotAsync(db));
        Assert.Equal(["integer:integer"], await db.Database.SqlQueryRaw<string>("SELECT DISTINCT typeof(Term) || ':' || typeof(Doc) AS Value FROM StoryKeys").ToListAsync());
        var byId = await db.Set<StoryTerm>().AsNoTracking().OrderBy(t => t.Id).Select(t => t.Key).ToListAsync();
        Assert.Equal(byId.Order(StringComparer.Ordinal), byId);

        // The incremental step on the migrated store numbers the keys it adds after the others.
        var before = await db.Set<StoryTerm>().MaxAsync(t => t.Id);
        var extra = Path.Combine(_store.Folder, "extra.txt");
        await File.WriteAllTextAsync(extra, "القمة في بكين: بوتين يلتقي شي جين بينغ ويبحثان الشراكة بين روسيا والصين\n\nالتقى الرئيس الروسي فلاديمير بوتين نظيره الصيني في بكين يوم الأربعاء لبحث العلاقات الثنائية بين البلدين والتبادل التجاري.");
        await _store.Service().IngestAsync([extra]);
        Assert.True(await db.Set<StoryTerm>().MaxAsync(t => t.Id) > before);
    }

    [Fact]
    public async Task Migration_OldStoreKeepsItsRowsAndRegroupsAlike()
    {
        await _store.Service().IngestAsync(Seeds.Files);
        string expected;
        List<ArticleStoryFeatures> texts;
        await using (var db = _store.Db())
        {
            expected = await SnapshotAsync(db);
            texts = await db.Set<ArticleStoryFeatures>().AsNoTracking().OrderBy(f => f.ArticleId).ToListAsync();
            Assert.True(await db.ArticleRelations.CountAsync() > 0);

            // Down: the tables as they were (rows kept); features in the compact form go, which older code recomputes.
            await db.GetService<IMigrator>().MigrateAsync(BeforeCompact);
            Assert.Equal(["ArticleRelations:", "StoryKeys:", "StoryTerms:"], await TableKindsAsync(db));
            Assert.Contains("sqlite_autoindex_StoryKeys_1", string.Join(",", await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'index'").ToListAsync()));
            Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM ArticleStoryFeatures").SingleAsync());

            // The features as older code wrote them: text.
            foreach (var f in texts)
            {
                await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO ArticleStoryFeatures (ArticleId, Earliest, Latest, Terms, Persons, Counted) VALUES ({f.ArticleId}, {Day(f.Earliest)}, {Day(f.Latest)}, {f.Terms}, {f.Persons}, 1)");
            }

            await db.GetService<IMigrator>().MigrateAsync();
        }

        await using (var db = _store.Db())
        {
            Assert.Equal(["StoryKeys:WITHOUT ROWID", "StoryRelations:WITHOUT ROWID", "StoryTerms:"], await TableKindsAsync(db));
            // Rows kept as they were: the old text is still read as the same terms.
            Assert.Equal(expected, await SnapshotAsync(db));
            Assert.Equal(["text"], await db.Database.SqlQueryRaw<string>("SELECT DISTINCT typeof(Terms) AS Value FROM ArticleStoryFeatures").ToListAsync());
            var read = await db.Set<ArticleStoryFeatures>().AsNoTracking().OrderBy(f => f.ArticleId).ToListAsync();
            Assert.Equal(texts.Select(f => (f.ArticleId, f.Terms)), read.Select(f => (f.ArticleId, f.Terms)));
        }

        // A full regroup from the old rows stores the same stories, relations and index, and the rows in the compact form.
        await StoryService.RegroupAsync(_store.Contexts, _store.Reference);
        await using (var db = _store.Db())
        {
            Assert.Equal(expected, await SnapshotAsync(db));
            Assert.Equal(["blob"], await db.Database.SqlQueryRaw<string>("SELECT DISTINCT typeof(Terms) AS Value FROM ArticleStoryFeatures").ToListAsync());
            var read = await db.Set<ArticleStoryFeatures>().AsNoTracking().OrderBy(f => f.ArticleId).ToListAsync();
            Assert.Equal(texts.Select(f => (f.ArticleId, f.Terms)), read.Select(f => (f.ArticleId, f.Terms)));
        }
    }

    [Fact]
    public async Task Relations_StoredByDocWithIntegerScores_ReadBackAsTextIdsAndDoubles()
    {
        await _store.Service().IngestAsync(Seeds.Files);
        await using var db = _store.Db();

        // Nothing but integers in the table; the view gives the text ids and the score as the grouping rounded it.
        Assert.Equal(["integer:integer:integer:integer"], await db.Database.SqlQueryRaw<string>(
            "SELECT DISTINCT typeof(Doc) || ':' || typeof(RelatedDoc) || ':' || typeof(Score) || ':' || typeof(SameStory) AS Value FROM StoryRelations").ToListAsync());
        Assert.Equal("view", await db.Database.SqlQueryRaw<string>("SELECT type AS Value FROM sqlite_master WHERE name = 'ArticleRelations'").SingleAsync());
        var relations = await db.ArticleRelations.AsNoTracking().ToListAsync();
        Assert.NotEmpty(relations);
        Assert.All(relations, r => Assert.Equal(Math.Round(r.Score, 4), r.Score));
        Assert.Equal(await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM StoryRelations").SingleAsync(), relations.Count);

        // Writes through the view land in the table, with the same values read back.
        var (a, b) = (relations[0].ArticleId, relations[0].RelatedId);
        await db.Database.ExecuteSqlAsync($"DELETE FROM ArticleRelations WHERE ArticleId = {a} AND RelatedId = {b}");
        Assert.False(await db.ArticleRelations.AnyAsync(r => r.ArticleId == a && r.RelatedId == b));
        await db.Database.ExecuteSqlAsync($"INSERT INTO ArticleRelations (ArticleId, RelatedId, Score, SameStory) VALUES ({a}, {b}, {0.1234}, {false})");
        await db.Database.ExecuteSqlAsync($"UPDATE ArticleRelations SET SameStory = 1 WHERE ArticleId = {a} AND RelatedId = {b}");
        var back = await db.ArticleRelations.AsNoTracking().SingleAsync(r => r.ArticleId == a && r.RelatedId == b);
        Assert.Equal(0.1234, back.Score);
        Assert.True(back.SameStory);
        Assert.Equal(relations.Count, await db.ArticleRelations.CountAsync());
    }

    [Fact]
    public async Task Relations_ScoreInTenThousandths_GivesBackTheRoundedDouble()
    {
        // Every score the grouping can store (rounded to 4 decimals in [0, 1]), through SQLite's division as the view reads it.
        await using var db = _store.Db();
        var read = await db.Database.SqlQueryRaw<double>(
            "WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 10000) SELECT n / 10000.0 AS Value FROM k ORDER BY n").ToListAsync();

        for (var k = 0; k <= 10000; k++)
        {
            var rounded = Math.Round(k / 10000.0 + 0.00003, 4);
            Assert.Equal(k, StoredRelations.Score(rounded));
            Assert.Equal(rounded, read[k]);
        }
    }

    private static Task<List<string>> TableKindsAsync(DbContext db) => db.Database.SqlQueryRaw<string>(
        "SELECT name || ':' || CASE WHEN sql LIKE '%WITHOUT ROWID' THEN 'WITHOUT ROWID' ELSE '' END AS Value FROM sqlite_master "
        + "WHERE type = 'table' AND name IN ('StoryKeys', 'StoryTerms', 'ArticleRelations', 'StoryRelations') ORDER BY name").ToListAsync();

    private static Task<List<string>> IndexesAsync(DbContext db) => db.Database.SqlQueryRaw<string>(
        "SELECT tbl_name || ':' || name AS Value FROM sqlite_master "
        + "WHERE type = 'index' AND tbl_name IN ('StoryKeys', 'StoryTerms', 'ArticleRelations', 'StoryRelations') ORDER BY tbl_name, name").ToListAsync();

    /// <summary>Stories as sets of members, relations, the story index and dates.</summary>
    private static async Task<string> SnapshotAsync(ArabicNewsArchive.Store.ArchiveDbContext db)
    {
        var articles = await db.Articles.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        var stories = articles.Where(a => a.StoryId is not null).GroupBy(a => a.StoryId)
            .Select(g => string.Join(",", g.Select(a => a.Id).Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal);
        var dates = articles.Select(a => $"{a.Id}:{a.Published}..{a.PublishedTo}/{a.DatePrecision}");
        var relations = (await db.ArticleRelations.AsNoTracking().ToListAsync()).Select(r => $"{r.ArticleId}>{r.RelatedId}:{r.Score}:{r.SameStory}").Order(StringComparer.Ordinal).ToList();
        var keys = (await db.Database.SqlQueryRaw<string>("SELECT t.Key || '>' || d.ArticleId AS Value FROM StoryKeys k JOIN StoryTerms t ON t.Id = k.Term JOIN SearchDocs d ON d.RowId = k.Doc").ToListAsync()).Order(StringComparer.Ordinal);
        var terms = (await db.Set<StoryTerm>().AsNoTracking().ToListAsync()).Select(t => $"{t.Key}:{t.Df}:{t.Posted}").Order(StringComparer.Ordinal);
        return string.Join("\n", ["stories", .. stories, "dates", .. dates, "relations", .. relations, "keys", .. keys, "terms", .. terms]);
    }

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
