using ArabicNewsArchive.Store;
using ArabicNewsArchive.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ArabicNewsArchive.Tests.Store;

/// <summary>
/// The digest is looked up through an index on its first 8 bytes, and spellings keep no index by normalised form or
/// phonetic key (migration LeanLookups).
/// </summary>
public sealed class LeanLookupsTests : IDisposable
{
    private const string BeforeLeanLookups = "20261207055047_StoryPostedKeyLists";

    private const string TwinQuery = "SELECT Id AS Value FROM Articles WHERE substr(Sha256, 1, 8) = substr(unhex({0}), 1, 8) AND +Sha256 = unhex({0}) LIMIT 1";

    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task SameBytes_AreFoundThroughThePrefixIndex()
    {
        await _store.Service().IngestAsync([Seeds.Folder]);
        await using var db = _store.Db();
        var article = await db.Articles.AsNoTracking().OrderBy(a => a.Id).FirstAsync();
        Assert.Equal(article.Id, await db.Database.SqlQueryRaw<string>(TwinQuery, article.Sha256).SingleAsync());
        // Same first 8 bytes, another digest: not a twin.
        var other = article.Sha256[..16] + new string('0', 48);
        Assert.Empty(await db.Database.SqlQueryRaw<string>(TwinQuery, other).ToListAsync());

        await db.Database.OpenConnectionAsync();
        await using var explain = db.Database.GetDbConnection().CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + TwinQuery.Replace("{0}", "'00'", StringComparison.Ordinal);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(plan, p => p.Contains("USING INDEX IX_Articles_ShaPrefix", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Migration_LeanLookups_KeepsEveryRow_AndBackAgain()
    {
        await _store.Service().IngestAsync([Seeds.Folder]);
        await using var db = _store.Db();
        var articles = await RowsAsync(db, "SELECT Id || ' ' || hex(Sha256) AS Value FROM Articles ORDER BY Id");
        var aliases = await RowsAsync(db, "SELECT Id || ' ' || PersonSlug || ' ' || Text || ' ' || Normalized || ' ' || PhoneticKey || ' ' || Origin AS Value FROM PersonAliases ORDER BY Id");
        Assert.NotEmpty(articles);
        Assert.NotEmpty(aliases);
        Assert.Equal(["IX_Articles_ShaPrefix"], await IndexesAsync(db));

        await db.GetService<IMigrator>().MigrateAsync(BeforeLeanLookups);
        Assert.Equal(["IX_Articles_Sha256", "IX_PersonAliases_Normalized", "IX_PersonAliases_PhoneticKey"], await IndexesAsync(db));
        Assert.Equal(articles, await RowsAsync(db, "SELECT Id || ' ' || hex(Sha256) AS Value FROM Articles ORDER BY Id"));
        Assert.Equal(aliases, await RowsAsync(db, "SELECT Id || ' ' || PersonSlug || ' ' || Text || ' ' || Normalized || ' ' || PhoneticKey || ' ' || Origin AS Value FROM PersonAliases ORDER BY Id"));

        await db.GetService<IMigrator>().MigrateAsync();
        Assert.Equal(["IX_Articles_ShaPrefix"], await IndexesAsync(db));
        Assert.Equal(articles, await RowsAsync(db, "SELECT Id || ' ' || hex(Sha256) AS Value FROM Articles ORDER BY Id"));
        Assert.Equal(aliases, await RowsAsync(db, "SELECT Id || ' ' || PersonSlug || ' ' || Text || ' ' || Normalized || ' ' || PhoneticKey || ' ' || Origin AS Value FROM PersonAliases ORDER BY Id"));
        Assert.Equal("ok", await db.Database.SqlQueryRaw<string>("SELECT integrity_check AS Value FROM pragma_integrity_check").SingleAsync());
    }

    private static Task<List<string>> IndexesAsync(ArchiveDbContext db) =>
        db.Database.SqlQueryRaw<string>("""
            SELECT name AS Value FROM sqlite_master WHERE type = 'index'
            AND name IN ('IX_Articles_ShaPrefix', 'IX_Articles_Sha256', 'IX_PersonAliases_Normalized', 'IX_PersonAliases_PhoneticKey') ORDER BY name
            """).ToListAsync();

    private static Task<List<string>> RowsAsync(ArchiveDbContext db, string sql) => db.Database.SqlQueryRaw<string>(sql).ToListAsync();
}
