using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ArabicNewsArchive.Tests.Articles;

/// <summary>The source text is stored compressed, still the one copy: it reads back exactly, in new and migrated stores.</summary>
public sealed class SourceTextCodecTests : IDisposable
{
    private const string PreviousMigration = "20261206131817_Corrections";

    // Made-up text: Arabic with harakat, CRLF line ends, emoji (surrogate pairs, a skin-tone modifier), Latin.
    private const string Text = "قمة إقليمية في عمّان 😀\r\n\r\nعمّان- الشرق: اجتمعَ الوزراءُ في عمّان أمس لبحث التجارة 👍🏽 والنقل.\r\n\r\n"
        + "وقال المتحدث إن القمة المقبلة في الرباط (Rabat) في شباط/فبراير.\r\n";

    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("😀")]
    [InlineData("Short Latin text, long enough to be compressed.")]
    [InlineData("عاجل: قمة في عمّان")]
    [InlineData(Text)]
    public void Codec_RoundTripsArabicEmojiAndEmpty(string text)
    {
        foreach (var t in new[] { text, string.Concat(Enumerable.Repeat(text, 40)) })
        {
            var stored = SourceTextCodec.Encode(t);
            Assert.Equal(t, SourceTextCodec.Decode(stored));
            // Deterministic: the same text, the same bytes.
            Assert.Equal(stored, SourceTextCodec.Encode(t));
        }
    }

    [Fact]
    public void Codec_CompressesLongTextAndReadsPlainUtf8()
    {
        var text = string.Concat(Enumerable.Repeat(Text, 10));
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        var stored = SourceTextCodec.Encode(text);
        Assert.Equal(SourceTextCodec.ZstdMarker, stored[0]);
        Assert.True(stored.Length < utf8.Length / 3, $"{stored.Length} of {utf8.Length} bytes");
        // A row written before the migration (TEXT read as bytes: its UTF-8) reads as it is.
        Assert.Equal(text, SourceTextCodec.Decode(utf8));
    }

    [Fact]
    public void Codec_DictionaryShrinksAShortArticleBelowDeflate()
    {
        // A single short article: where Deflate, with nothing learnt beforehand, pays to learn the language.
        var stored = SourceTextCodec.Encode(Text);
        var deflate = SourceTextCodec.EncodeDeflate(Text);
        Assert.Equal(SourceTextCodec.ZstdMarker, stored[0]);
        Assert.True(stored.Length < deflate.Length * 0.9, $"zstd {stored.Length} bytes, Deflate {deflate.Length}");
    }

    [Fact]
    public void Codec_ReadsDeflateValuesOfOlderStores()
    {
        // What the previous codec stored (marker, varint length 175, raw Deflate at zlib's level 6), byte for byte.
        var old = Convert.FromHexString(
            "ffaf015d8dd1098030104357e904ee685111d71069ad8a683fc44d926d4c3dbffc3948ee25a14760e3ca618b840d3b16878880ccd6fc1ea7e481d96162f77ad22b921201f717a6472c4d99036e89ddb1e660f4f1165e26466491fd3fa84fd4fc625052bf6d8a2c5847cfa67a00");
        Assert.Equal("قال المتحدث باسم الوزارة إن الاجتماع المقبل سيعقد في الرباط الأسبوع المقبل لبحث التجارة والنقل.", SourceTextCodec.Decode(old));
        var longer = string.Concat(Enumerable.Repeat(Text, 7));
        Assert.Equal(longer, SourceTextCodec.Decode(SourceTextCodec.EncodeDeflate(longer)));
    }

    [Fact]
    public void Dictionary_IsTheShippedOne()
    {
        // Values written with a dictionary read back only with the same bytes: a rebuilt dictionary must come with a
        // new marker, never replace this one (Articles/README.md).
        Assert.Equal("CFBDDD2246B509FB7000E6958A129F52950E5BF15E0FA6569342B034A8806062",
            Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(SourceTextDictionary.Load())));
    }

    [Fact]
    public void Dictionary_TrainingIsDeterministic()
    {
        var first = SourceTextDictionary.Train(Samples(1), 4096);
        Assert.InRange(first.Length, 1024, 4096);
        Assert.Equal(first, SourceTextDictionary.Train(Samples(1), 4096));
        // and it learns from its samples: other samples, another dictionary.
        Assert.NotEqual(first, SourceTextDictionary.Train(Samples(2), 4096));
    }

    // Made-up sentences from a small Arabic vocabulary, seeded.
    private static List<string> Samples(int seed)
    {
        string[] words = ["قال", "الوزير", "إن", "الحكومة", "ستعقد", "اجتماعا", "في", "عمّان", "الرباط", "تونس", "مع", "وفد",
            "من", "الاتحاد", "الأوروبي", "لبحث", "التجارة", "والنقل", "والطاقة", "يوم", "الأربعاء", "المقبل", "وأضاف", "أن",
            "المفاوضات", "تتناول", "الاستثمار", "والزراعة", "والمياه", "بين", "البلدين"];
        var random = new Random(seed);
        return Enumerable.Range(0, 300)
            .Select(_ => string.Join(' ', Enumerable.Range(0, 60).Select(_ => words[random.Next(words.Length)])) + ".")
            .ToList();
    }

    [Fact]
    public async Task Ingestion_StoresTheSourceCompressedAndReadsItBack()
    {
        _store.Write("headed.txt", string.Concat(Enumerable.Repeat(Text, 5)));
        await _store.Service().IngestAsync([Path.Combine(_store.Folder, "in")]);
        await using var db = _store.Db();
        Assert.Equal("blob", await db.Database.SqlQueryRaw<string>("SELECT typeof(SourceText) AS Value FROM Articles").SingleAsync());
        Assert.Equal("FE", await db.Database.SqlQueryRaw<string>("SELECT hex(substr(SourceText, 1, 1)) AS Value FROM Articles").SingleAsync());
        var bytes = await db.Database.SqlQueryRaw<long>("SELECT length(SourceText) AS Value FROM Articles").SingleAsync();
        Assert.True(bytes < System.Text.Encoding.UTF8.GetByteCount(Text) * 2, $"{bytes} bytes stored");
        Assert.Equal(string.Concat(Enumerable.Repeat(Text, 5)), (await db.Articles.AsNoTracking().SingleAsync()).SourceText);
        var hit = Assert.Single((await new SearchService(_store.Contexts).SearchAsync(new SearchRequest { Q = "الرباط" })).Items);
        Assert.Contains("<mark>الرباط</mark>", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migration_CompressedText_ReadsAnOldStoreAsItWasAndCompressesItAtStartup()
    {
        var (search, before) = await IngestSeedsAndTextAsync();
        Dictionary<string, string> texts;
        await using (var db = _store.Db())
        {
            texts = await db.Articles.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.SourceText);
            // The previous schema, holding what the previous code wrote: the text as TEXT.
            await db.GetService<IMigrator>().MigrateAsync(PreviousMigration);
            foreach (var (id, text) in texts)
            {
                await db.Database.ExecuteSqlRawAsync("UPDATE Articles SET SourceText = {0} WHERE Id = {1}", text, id);
            }

            await db.GetService<IMigrator>().MigrateAsync();
            Assert.Equal(texts.Count, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM Articles WHERE typeof(SourceText) = 'text'").SingleAsync());
            Assert.NotNull(await db.Set<ArchiveSetting>().FindAsync(ArchiveSetting.SourceTextCompressKey));
        }

        // Before start-up compresses them, the TEXT rows read as they are (the index is re-built at start-up too).
        await AssertSameAsync(texts, null, search);

        await ArchiveStartup.PrepareStoreAsync(_store.Contexts, Seeds.Folder);
        await using (var db = _store.Db())
        {
            Assert.Equal(texts.Count, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM Articles WHERE typeof(SourceText) = 'blob'").SingleAsync());
            Assert.Null(await db.Set<ArchiveSetting>().FindAsync(ArchiveSetting.SourceTextCompressKey));
            Assert.Equal(3, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Articles'").SingleAsync());
        }

        await AssertSameAsync(texts, before, search);
    }

    [Fact]
    public async Task Store_ReadsDeflateRowsOfAnOlderStoreBesideNewOnes()
    {
        var (search, before) = await IngestSeedsAndTextAsync();
        Dictionary<string, string> texts;
        await using (var db = _store.Db())
        {
            texts = await db.Articles.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.SourceText);
            // Half the rows as the previous codec wrote them, Deflate, the others as written now.
            foreach (var (id, text) in texts.Where((_, i) => i % 2 == 0))
            {
                await db.Database.ExecuteSqlRawAsync("UPDATE Articles SET SourceText = {0} WHERE Id = {1}", SourceTextCodec.EncodeDeflate(text), id);
            }

            Assert.Equal((texts.Count + 1) / 2, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM Articles WHERE hex(substr(SourceText, 1, 1)) = 'FF'").SingleAsync());
            Assert.Equal(texts.Count / 2, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM Articles WHERE hex(substr(SourceText, 1, 1)) = 'FE'").SingleAsync());
        }

        await AssertSameAsync(texts, before, search);
    }

    /// <summary>The seeds and <see cref="Text"/> stored as the codec writes them today, and a search over them.</summary>
    private async Task<(SearchService Search, SearchResponse Before)> IngestSeedsAndTextAsync()
    {
        _store.Write("headed.txt", Text);
        foreach (var file in Seeds.Files)
        {
            File.Copy(file, Path.Combine(_store.Folder, "in", Path.GetFileName(file)));
        }

        await _store.Service().IngestAsync([Path.Combine(_store.Folder, "in")]);
        var search = new SearchService(_store.Contexts);
        var before = await search.SearchAsync(new SearchRequest { Q = "الرباط OR بوتين" });
        return (search, before);
    }

    private async Task AssertSameAsync(Dictionary<string, string> texts, SearchResponse? before, SearchService search)
    {
        await using var db = _store.Db();
        Assert.Equal(texts, await db.Articles.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.SourceText));
        foreach (var (id, text) in texts)
        {
            Assert.Equal(text, (await search.GetArticleAsync(id))!.SourceText);
        }

        if (before is null)
        {
            return;
        }

        var after = await search.SearchAsync(new SearchRequest { Q = "الرباط OR بوتين" });
        Assert.True(before.Items.Count > 1);
        Assert.Equal(before.Items.Select(i => (i.Id, i.Snippet)), after.Items.Select(i => (i.Id, i.Snippet)));
    }
}
