using System.Text;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Tests.Ingestion;
using ArabicNewsArchive.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ArabicNewsArchive.Tests.Search;

/// <summary>
/// The index's tokenizer is FTS5's <c>ascii</c>, which folds nothing beyond ASCII case: accents and case are folded by
/// <see cref="SearchTerms.Term"/> at index and query time alike, and an existing store is re-indexed when it upgrades.
/// </summary>
public sealed class SearchTokenizerTests : IDisposable
{
    private const string LatinArticle = """
        موسكو تستضيف مهرجان Poutine CAFÉ

        قال منظمو المهرجان في موسكو إن الدورة الجديدة من مهرجان Poutine CAFÉ ستقام في الربيع بمشاركة واسعة.

        وأضافوا أن Ångström حضر الافتتاح إلى جانب وفود من الصين.
        """;

    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void Term_FoldsLatinAccentsAndCase()
    {
        Assert.Equal(Terms("cafe poutine angstrom"), Terms("Café POUTINE Ångström"));
        Assert.Equal(Terms("cafe"), Terms("CAFÉ"));
        Assert.Equal("ete", string.Join(' ', Terms("ÉTÉ")));
    }

    [Fact]
    public void Term_LeavesArabicAsTheStemmerGivesIt()
    {
        var arabic = Seeds.Files.SelectMany(f => ArabicTokenizer.Tokenize(File.ReadAllText(f)))
            .Where(t => t.Stem.Length > 0 && ArabicNormalizer.IsArabicLetter(t.Stem[0]))
            .ToList();
        Assert.True(arabic.Count > 1000);
        Assert.All(arabic, t => Assert.Equal(new string([.. t.Stem.Where(char.IsLetterOrDigit)]), SearchTerms.Term(t)));
    }

    [Fact]
    public void AppendTerms_GivesEachTokensTerm()
    {
        // AppendTerms works on spans and never makes tokens; it must write exactly the terms of the tokens, so
        // the index and a query (which goes through Term) agree. The odd words: NFKC forms (ﻻ, ＡＢＣ, a hamza
        // written as a combining mark), harakat and tatweel, Latin accents, a word longer than the stack buffer,
        // digits of both scripts, and a title whose words are all dropped.
        var odd = "ﻻ ＡＢＣ ﺍﻟﺴﻼﻡ اٴحمد سا\u0654ل وَالْمُسْلِمِيــــن Ångström CAFÉ Straße ٢٠٢٤ G20 الـ4 "
            + new string('ب', 300) + " وال" + new string('س', 200) + "ات x\u0301y";
        foreach (var text in Seeds.Files.Select(File.ReadAllText).Append(odd).Append("،،، ... !"))
        {
            var expected = string.Join(' ', ArabicTokenizer.Tokenize(text).Select(SearchTerms.Term).OfType<string>());
            var sb = new StringBuilder();
            SearchTerms.AppendTerms(sb, text, 0, text.Length);
            Assert.Equal(expected, sb.ToString());
        }

        // From an offset, after terms already written: one space between, none before the first.
        var withPrefix = new StringBuilder("قبل");
        SearchTerms.AppendTerms(withPrefix, "xx والصين yy", 3, 9);
        Assert.Equal("قبل صين", withPrefix.ToString());
    }

    [Fact]
    public async Task Index_UsesTheAsciiTokenizer_AndNoPrefixIndex()
    {
        await using var db = _store.Db();
        var sql = await db.Database.SqlQueryRaw<string>("SELECT sql AS Value FROM sqlite_master WHERE name = 'ArticleSearch'").SingleAsync();
        Assert.Contains("tokenize=\"ascii tokenchars '_'\"", sql, StringComparison.Ordinal);
        Assert.Contains("body_exact", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("prefix", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_MatchesAcrossAccentsAndCase()
    {
        _store.Write("latin.txt", LatinArticle);
        await _store.Service().IngestAsync([_store.Folder]);
        var search = new SearchService(_store.Contexts);
        foreach (var q in new[] { "poutine", "POUTINE", "Poutiné", "cafe", "café", "CAFÉ", "Cafe", "angstrom", "ÅNGSTRÖM", "\"poutine cafe\"", "pou*", "caf*", "مهرجان", "موسكو" })
        {
            Assert.True(1 == (await search.SearchAsync(new SearchRequest { Q = q })).Total, q);
        }
    }

    [Fact]
    public async Task Search_FindsTwoAndThreeLetterPrefixesWithOrWithoutAPrefixIndex()
    {
        // The index has no prefix index (migration LeanSearchIndex): the page reader adds up the terms of any length.
        _store.Write("latin.txt", LatinArticle);
        _store.Write("other.txt", "خبر آخر\n\nافتتح المتحف معرضا للخط العربي في المدينة.\n");
        await _store.Service().IngestAsync([_store.Folder]);
        var search = new SearchService(_store.Contexts);
        foreach (var q in new[] { "مه*", "مهر*", "مهرج*", "po*", "pou*" })
        {
            var hit = Assert.Single((await search.SearchAsync(new SearchRequest { Q = q })).Items);
            Assert.Equal("latin", hit.Id);
        }

        foreach (var q in new[] { "مت*", "متح*", "مع*", "معر*" })
        {
            Assert.Equal("other", Assert.Single((await search.SearchAsync(new SearchRequest { Q = q })).Items).Id);
        }
    }

    [Fact]
    public async Task Snippet_MarksAnAccentedWordBeyondTheFirstParagraph()
    {
        // The snippet's paragraph pre-check compares folded terms with the text: "angstrom" must find Ångström in
        // the last paragraph, not fall back to the opening.
        _store.Write("latin.txt", LatinArticle);
        await _store.Service().IngestAsync([_store.Folder]);
        var search = new SearchService(_store.Contexts);
        foreach (var q in new[] { "angstrom", "ÅNGSTRÖM", "angs*" })
        {
            var snippet = (await search.SearchAsync(new SearchRequest { Q = q })).Items.Single().Snippet;
            Assert.Contains("<mark>Ångström</mark>", snippet, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Snippet_MarksAPhraseInTheParagraphThatHoldsAllOfIt()
    {
        // The pre-check passes a paragraph for a phrase only when every one of its terms is in it: the first
        // paragraph has البيان alone (and بي, its stem, is in many words), the phrase stands in the last.
        _store.Write("phrase.txt", """
            اجتماع وزاري في موسكو

            أصدر الجانبان البيان في ختام الزيارة، وقال الوزير إن اللقاء كان مثمرا وبنّاء.

            وجاء في البيان المشترك أن البلدين سيواصلان التعاون في مجال الطاقة.
            """);
        await _store.Service().IngestAsync([_store.Folder]);
        var search = new SearchService(_store.Contexts);
        var snippet = (await search.SearchAsync(new SearchRequest { Q = "\"البيان المشترك\"" })).Items.Single().Snippet;
        Assert.Contains("<mark>البيان المشترك</mark>", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("الزيارة", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migration_ReindexesAnExistingStore()
    {
        // A store as the release before this change left it: unicode61 index, articles indexed, reference data
        // current. Built by ingesting with this code and migrating down (which also moves topic evidence back to rows).
        var reference = ReferenceData.Load(Path.Combine(Seeds.Folder, "reference"));
        var path = Path.Combine(_store.Folder, "old.db");
        var contexts = new PooledDbContextFactory<ArchiveDbContext>(
            new DbContextOptionsBuilder<ArchiveDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options);
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            await reference.SyncAsync(db);
            db.Add(new ArchiveSetting { Key = ArchiveSetting.ReferenceHashKey, Value = $"{reference.Hash}/v{ArchiveStartup.AnalysisVersion}" });
            await db.SaveChangesAsync();
        }

        _store.Write("latin.txt", LatinArticle);
        await new IngestionService(contexts, reference).IngestAsync([Seeds.Folder, Path.Combine(_store.Folder, "in")]);
        // Read before migrating down: today's search reads columns (outlet kind, agency, topic kind) the old schema lacks.
        string[] queries = ["العلاقات الصين", "بوتين", "Putin", "\"البيان المشترك\"", "روس*", "باتروشيف", "poutine", "مهرجان"];
        var before = await ResultsAsync(contexts, queries);
        Assert.All(before, r => Assert.NotEmpty(r));
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.GetService<IMigrator>().MigrateAsync("20261123022726_DateEvidenceMeaningAr");
            var sql = await db.Database.SqlQueryRaw<string>("SELECT sql AS Value FROM sqlite_master WHERE name = 'ArticleSearch'").SingleAsync();
            Assert.Contains("unicode61", sql, StringComparison.Ordinal);
            // Today's writer fills columns the old table lacks, so the old index stays as the migration left it
            // (empty); without the mark, only the migrations up can make start-up re-index.
            await db.Set<ArchiveSetting>().Where(s => s.Key == ArchiveSetting.SearchIndexRebuildKey).ExecuteDeleteAsync();
        }

        await ArchiveStartup.PrepareStoreAsync(contexts, Seeds.Folder);

        await using (var db = await contexts.CreateDbContextAsync())
        {
            var sql = await db.Database.SqlQueryRaw<string>("SELECT sql AS Value FROM sqlite_master WHERE name = 'ArticleSearch'").SingleAsync();
            Assert.Contains("ascii", sql, StringComparison.Ordinal);
            Assert.Contains("body_exact", sql, StringComparison.Ordinal);
            Assert.Null(await db.Set<ArchiveSetting>().FindAsync(ArchiveSetting.SearchIndexRebuildKey));
        }

        Assert.Equal(before, await ResultsAsync(contexts, queries));
        Assert.Equal(await ResultsAsync(contexts, ["poutine"]), await ResultsAsync(contexts, ["Poutiné"]));

        // The re-created table is still the one SearchDocs' delete trigger empties.
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var id = before[^1].Single();
            await db.Articles.Where(a => a.Id == id).ExecuteDeleteAsync();
        }

        Assert.Empty((await ResultsAsync(contexts, ["مهرجان"]))[0]);
    }

    private static List<string?> Terms(string text) => [.. ArabicTokenizer.Tokenize(text).Select(SearchTerms.Term)];

    private static async Task<List<string[]>> ResultsAsync(IDbContextFactory<ArchiveDbContext> contexts, string[] queries)
    {
        // A new service per call: it must not answer from a snapshot taken before the upgrade.
        var search = new SearchService(contexts);
        var results = new List<string[]>();
        foreach (var q in queries)
        {
            results.Add([.. (await search.SearchAsync(new SearchRequest { Q = q, PageSize = 100 })).Items.Select(i => i.Id).Order(StringComparer.Ordinal)]);
        }

        return results;
    }
}
