using ArabicNewsArchive.Ingestion;

namespace ArabicNewsArchive.Tests.Ingestion;

/// <summary>Files written to break the archive: ids that are not names, front matter that says two things.</summary>
public sealed class HostileInputTests : IDisposable
{
    private const string Body = "عنوان الخبر\nنص الخبر وفيه تفاصيل كافية عن الحدث.\n";

    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Theory]
    [InlineData(".", "front matter: id '.' is not a name (only dots)")]
    [InlineData("..", "front matter: id '..' is not a name (only dots)")]
    [InlineData("...", "front matter: id '...' is not a name (only dots)")]
    [InlineData("a/b", "front matter: id 'a/b' may hold only")]
    [InlineData("\"a\\tb\"", "front matter: id 'a\tb' may hold only")]
    public async Task FrontMatter_IdThatCannotAddressAnArticle_IsRejected(string id, string reason)
    {
        var run = await _store.Service().IngestAsync([_store.Write("x.md", $"---\nid: {id}\n---\n{Body}")]);

        Assert.Equal(IngestOutcome.Rejected, run.Files[0].Outcome);
        Assert.StartsWith(reason, run.Files[0].Detail);
    }

    [Theory]
    [InlineData("..txt", "id '.' (from the file name) is not a name (only dots)")]
    [InlineData("a\nb.txt", "id 'a\nb' (from the file name) holds a control character")]
    public async Task FileName_IdThatCannotAddressAnArticle_IsRejected(string name, string reason)
    {
        var run = await _store.Service().IngestAsync([_store.Write(name, Body)]);

        Assert.Equal(IngestOutcome.Rejected, run.Files[0].Outcome);
        Assert.Equal(reason, run.Files[0].Detail);
    }

    [Fact]
    public async Task FrontMatter_DuplicateKey_IsRejectedWithTheKey()
    {
        var run = await _store.Service().IngestAsync([_store.Write("dup.md", $"---\ntitle: أول\nid: one\ntitle: ثان\n---\n{Body}")]);

        Assert.Equal(IngestOutcome.Rejected, run.Files[0].Outcome);
        Assert.Equal("front matter: 'title' is given twice (line 4); state each key once", run.Files[0].Detail);
    }

    [Fact]
    public async Task FrontMatter_HugeStatedTitle_IsCapped()
    {
        var title = string.Concat(Enumerable.Repeat("عنوان طويل جدا ", 20_000));
        var run = await _store.Service().IngestAsync([_store.Write("long.md", $"---\ntitle: {title}\n---\n{Body}")]);

        Assert.Equal(IngestOutcome.Imported, run.Files[0].Outcome);
        await using var db = _store.Db();
        var stored = db.Articles.Single().Title;
        Assert.True(stored.Length <= ArticleParser.MaxStatedTitleLength, $"{stored.Length} characters");
        Assert.EndsWith("جدا…", stored);
    }

    [Fact]
    public async Task Emoji_OpeningTheBody_IsImported()
    {
        // The first body line is matched against outlet names at every word boundary; a cut between an emoji's two
        // halves reached ICU as a lone surrogate and its exception stopped the whole ingest (seen at 100k ANT).
        var run = await _store.Service().IngestAsync([_store.Write("emoji.txt", "عنوان الخبر\n😀😀 🇸🇦 نص الخبر وفيه تفاصيل كافية عن الحدث.\n")]);

        Assert.Equal(IngestOutcome.Imported, run.Files[0].Outcome);
    }
}
