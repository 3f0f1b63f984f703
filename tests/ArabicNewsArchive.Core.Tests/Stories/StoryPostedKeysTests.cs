using ArabicNewsArchive.Search;
using ArabicNewsArchive.Stories;
using ArabicNewsArchive.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ArabicNewsArchive.Tests.Stories;

/// <summary>
/// Each article's list of posted keys (<see cref="StoredPostedKeys"/>, migration StoryPostedKeyLists), which replaced
/// <c>StoryKeys</c>' index by article: every list names exactly its article's postings, through full regroups,
/// new and revised articles and deletions.
/// </summary>
public sealed class StoryPostedKeysTests : IDisposable
{
    /// <summary>The migration before the lists.</summary>
    private const string BeforeLists = "20261207030000_LeanStoryTables";

    private const string Weather =
        "أعلنت هيئة الأرصاد الجوية عن موجة حر شديدة تضرب المناطق الساحلية خلال الأيام المقبلة.\n\n"
        + "ودعت الهيئة المزارعين إلى ري المحاصيل في ساعات الصباح الباكر وتجنب العمل تحت أشعة الشمس.\n\n"
        + "وتوقع خبراء المناخ أن تنخفض درجات الحرارة تدريجيا مع نهاية الشهر.";

    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 1, 2, 255, 256, 65_535, 65_536, 16_777_215 })]
    [InlineData(new[] { 7, 16_777_216, int.MaxValue })]
    public void StoredPostedKeys_RoundTrip(int[] terms)
    {
        var blob = StoredPostedKeys.Encode(terms);

        Assert.Equal(terms, StoredPostedKeys.Decode(blob));
        // Three bytes a number while every number fits, else four.
        Assert.Equal(1 + (terms.Length * (terms.Any(t => t >= 1 << 24) ? 4 : 3)), blob.Length);
    }

    [Fact]
    public void StoredPostedKeys_RefusesUnorderedNumbers() =>
        Assert.Throws<ArgumentException>(() => StoredPostedKeys.Encode([5, 3]));

    [Fact]
    public async Task Lists_NameExactlyEachArticlesPostings_AfterFullAndIncrementalSteps()
    {
        await _store.Service().IngestAsync([SeedsIn()]);
        await using var db = _store.Db();
        Assert.NotEmpty(await PostingsAsync(db));
        Assert.Equal(await PostingsAsync(db), await ListedAsync(db));

        // New articles go through the incremental step.
        await _store.Service().IngestAsync([_store.Write("weather.txt", Weather), _store.Write("again.txt", Seeds.Text("000") + "\n\nوأضاف المتحدث أن المحادثات ستستمر.")]);
        Assert.Equal(await PostingsAsync(db), await ListedAsync(db));
        Assert.Contains(await PostingsAsync(db), p => p.EndsWith(">again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revising_ReplacesExactlyTheArticlesPostings()
    {
        var folder = SeedsIn();
        await _store.Service().IngestAsync([folder]);
        var id = Path.GetFileNameWithoutExtension(Seeds.File("004"));
        await using var db = _store.Db();
        var before = await PostingsAsync(db);
        Assert.Contains(before, p => p.EndsWith(">" + id, StringComparison.Ordinal));
        var termsBefore = await TermsAsync(db);

        _store.Write(Path.Combine("in", Path.GetFileName(Seeds.File("004"))), Weather);
        await _store.Service().IngestAsync([folder]);

        var after = await PostingsAsync(db);
        Assert.Equal(after, await ListedAsync(db));
        // The others' postings as they were (no key grew too common here); the revised article's are its new ones.
        Assert.Equal(before.Where(p => !p.EndsWith(">" + id, StringComparison.Ordinal)), after.Where(p => !p.EndsWith(">" + id, StringComparison.Ordinal)));
        Assert.NotEqual(before.Where(p => p.EndsWith(">" + id, StringComparison.Ordinal)), after.Where(p => p.EndsWith(">" + id, StringComparison.Ordinal)));
        // Its old keys were taken out of the posted counts: a key only it was posted under counts none now.
        var gone = before.Where(p => p.EndsWith(">" + id, StringComparison.Ordinal)).Select(p => p.Split('>')[0])
            .Where(k => termsBefore[k].Posted == 1 && !after.Contains(k + ">" + id)).ToList();
        Assert.NotEmpty(gone);
        var termsAfter = await TermsAsync(db);
        Assert.All(gone, k => Assert.Equal(0, termsAfter[k].Posted));
    }

    [Fact]
    public async Task KeyGrowingTooCommon_LeavesEveryListThatNamedIt()
    {
        // 200 articles sharing their wording (keys posted 200 times, the bound) beside 60 that do not, then two more.
        const string letters = "بتثجحخدذرزسشصضطظعغفقكلمنهوي";
        string Word(int i, int salt) => string.Concat(Enumerable.Range(0, 6).Select(k => letters[((i * 7) + (k * 13) + salt) * (k + 3) % letters.Length]));
        string Shared(int i) => $"زلزال يضرب {Word(i, 1)}{i}\n\nضرب زلزال عنيف منطقة {Word(i, 2)}{i} وأعلنت فرق الإنقاذ حالة الطوارئ.";
        string Other(int i) => $"مهرجان {Word(i, 3)}{i}\n\nافتتح مهرجان {Word(i, 4)}{i} للموسيقى بحضور جمهور كبير.";
        for (var i = 0; i < 200; i++)
        {
            _store.Write(Path.Combine("many", $"a{i:D3}.txt"), Shared(i));
        }

        for (var i = 0; i < 60; i++)
        {
            _store.Write(Path.Combine("many", $"o{i:D3}.txt"), Other(i));
        }

        await _store.Service().IngestAsync([Path.Combine(_store.Folder, "in", "many")]);
        await using var db = _store.Db();
        var common = await db.Set<StoryTerm>().AsNoTracking().Where(t => t.Posted == 200).ToListAsync();
        var top = await db.Set<StoryTerm>().AsNoTracking().OrderByDescending(t => t.Posted).Take(8).ToListAsync();
        Assert.True(common.Count > 0, $"{await db.Articles.CountAsync()} articles; {string.Join(", ", top.Select(t => $"{t.Key}:{t.Df}:{t.Posted}"))}");
        foreach (var key in common)
        {
            Assert.Equal(200, await CountAsync(db, $"SELECT COUNT(*) AS Value FROM StoryKeys WHERE Term = {key.Id}"));
        }

        Assert.Equal(await PostingsAsync(db), await ListedAsync(db));

        await _store.Service().IngestAsync([_store.Write("b1.txt", Shared(1000)), _store.Write("b2.txt", Shared(1001))]);

        foreach (var key in common)
        {
            Assert.Equal(202, (await db.Set<StoryTerm>().AsNoTracking().SingleAsync(t => t.Id == key.Id)).Posted);
            Assert.Equal(0, await CountAsync(db, $"SELECT COUNT(*) AS Value FROM StoryKeys WHERE Term = {key.Id}"));
            Assert.DoesNotContain(await ListedAsync(db), p => p.StartsWith(key.Key + ">", StringComparison.Ordinal));
        }

        Assert.Equal(await PostingsAsync(db), await ListedAsync(db));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Deleting_RemovesExactlyTheArticlesPostingsAndList(bool wholeArticle)
    {
        await _store.Service().IngestAsync([SeedsIn()]);
        var id = Path.GetFileNameWithoutExtension(Seeds.File("003"));
        await using var db = _store.Db();
        var before = await PostingsAsync(db);
        Assert.Contains(before, p => p.EndsWith(">" + id, StringComparison.Ordinal));
        var doc = await db.Database.SqlQuery<long>($"SELECT RowId AS Value FROM SearchDocs WHERE ArticleId = {id}").SingleAsync();
        var total = await CountAsync(db, $"SELECT COUNT(*) AS Value FROM StoryKeys");

        if (wholeArticle)
        {
            // The article's rows cascade to its SearchDocs row, whose trigger takes the postings.
            await db.Database.ExecuteSqlAsync($"DELETE FROM Articles WHERE Id = {id}");
        }
        else
        {
            await SearchIndex.RemoveArticleAsync(db, id);
        }

        Assert.Equal(0, await CountAsync(db, $"SELECT COUNT(*) AS Value FROM StoryKeys WHERE Doc = {doc}"));
        Assert.Equal(0, await CountAsync(db, $"SELECT COUNT(*) AS Value FROM StoryPostedKeys WHERE Doc = {doc}"));
        Assert.Equal(total - before.Count(p => p.EndsWith(">" + id, StringComparison.Ordinal)), await CountAsync(db, $"SELECT COUNT(*) AS Value FROM StoryKeys"));
        Assert.Equal(before.Where(p => !p.EndsWith(">" + id, StringComparison.Ordinal)), await PostingsAsync(db));
        Assert.Equal(await PostingsAsync(db), await ListedAsync(db));
    }

    [Fact]
    public async Task Migration_StoryPostedKeyLists_KeepsEveryPosting_AndBackAgain()
    {
        await _store.Service().IngestAsync([SeedsIn()]);
        await using var db = _store.Db();
        var expected = await PostingsAsync(db);
        var lists = await db.Database.SqlQueryRaw<string>("SELECT Doc || ':' || hex(Keys) AS Value FROM StoryPostedKeys ORDER BY Doc").ToListAsync();
        Assert.NotEmpty(lists);

        // Down: the index by article and the cascade again, the same postings, no lists.
        await db.GetService<IMigrator>().MigrateAsync(BeforeLists);
        Assert.Equal(expected, await PostingsAsync(db));
        Assert.Contains("IX_StoryKeys_Doc", await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'index'").ToListAsync());
        Assert.Equal(0, await CountAsync(db, $"SELECT COUNT(*) AS Value FROM sqlite_master WHERE name IN ('StoryPostedKeys', 'StoryPostedKeys_SearchDocs_Delete')"));
        Assert.Contains("ON DELETE CASCADE", await db.Database.SqlQueryRaw<string>("SELECT sql AS Value FROM sqlite_master WHERE name = 'StoryKeys'").SingleAsync());

        // Up: the lists written in SQL are the ones the story step writes, byte for byte.
        await db.GetService<IMigrator>().MigrateAsync();
        Assert.Equal(expected, await PostingsAsync(db));
        Assert.Equal(lists, await db.Database.SqlQueryRaw<string>("SELECT Doc || ':' || hex(Keys) AS Value FROM StoryPostedKeys ORDER BY Doc").ToListAsync());
        Assert.DoesNotContain("IX_StoryKeys_Doc", await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'index'").ToListAsync());
        Assert.DoesNotContain("REFERENCES", await db.Database.SqlQueryRaw<string>("SELECT sql AS Value FROM sqlite_master WHERE name = 'StoryKeys'").SingleAsync());

        // The migrated store deletes through the trigger (no posting left naming the gone row).
        var id = Path.GetFileNameWithoutExtension(Seeds.File("003"));
        var total = await CountAsync(db, $"SELECT COUNT(*) AS Value FROM StoryKeys");
        await SearchIndex.RemoveArticleAsync(db, id);
        Assert.Equal(total - expected.Count(p => p.EndsWith(">" + id, StringComparison.Ordinal)), await CountAsync(db, $"SELECT COUNT(*) AS Value FROM StoryKeys"));
        Assert.Equal(expected.Where(p => !p.EndsWith(">" + id, StringComparison.Ordinal)), await PostingsAsync(db));
        Assert.Equal(await PostingsAsync(db), await ListedAsync(db));
    }

    private string SeedsIn()
    {
        foreach (var file in Seeds.Files)
        {
            _store.Write(Path.Combine("in", Path.GetFileName(file)), File.ReadAllBytes(file));
        }

        return Path.Combine(_store.Folder, "in");
    }

    /// <summary>Every posting as "key>article", sorted.</summary>
    private static async Task<List<string>> PostingsAsync(DbContext db) =>
        [.. (await db.Database.SqlQueryRaw<string>("SELECT t.Key || '>' || d.ArticleId AS Value FROM StoryKeys k JOIN StoryTerms t ON t.Id = k.Term JOIN SearchDocs d ON d.RowId = k.Doc").ToListAsync()).Order(StringComparer.Ordinal)];

    /// <summary>Every (key, article) the lists name, as <see cref="PostingsAsync"/> gives them.</summary>
    private static async Task<List<string>> ListedAsync(DbContext db)
    {
        var keys = await db.Set<StoryTerm>().AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Key);
        var docs = await db.Database.SqlQueryRaw<DocRow>("SELECT RowId, ArticleId FROM SearchDocs").ToDictionaryAsync(d => d.RowId, d => d.ArticleId);
        var listed = new List<string>();
        foreach (var row in await db.Database.SqlQueryRaw<ListRow>("SELECT Doc, Keys FROM StoryPostedKeys").ToListAsync())
        {
            var terms = StoredPostedKeys.Decode(row.Keys);
            Assert.NotEmpty(terms);
            listed.AddRange(terms.Select(t => keys[t] + ">" + docs[row.Doc]));
        }

        return [.. listed.Order(StringComparer.Ordinal)];
    }

    private static async Task<Dictionary<string, StoryTerm>> TermsAsync(DbContext db) =>
        await db.Set<StoryTerm>().AsNoTracking().ToDictionaryAsync(t => t.Key, StringComparer.Ordinal);

    private static Task<int> CountAsync(DbContext db, FormattableString sql) => db.Database.SqlQuery<int>(sql).SingleAsync();

    private sealed record DocRow(long RowId, string ArticleId);

    private sealed record ListRow(long Doc, byte[] Keys);
}
