using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Store;

/// <summary>
/// Bulk deletes and moves of mentions, quotes, topics and date evidence, written to the tables under the views the
/// model maps (migrations LeanFacts and LeanStoryTables): <c>MentionRows</c>, <c>QuoteRows</c>, <c>TopicRows</c> and
/// <c>DateRows</c> name the article by its <c>SearchDocs.RowId</c>, the person by <c>PersonNumbers.No</c>, the topic by
/// <c>TopicNumbers.No</c> and a date's meaning by <c>DateMeanings.No</c>.
/// </summary>
/// <remarks>
/// EF's <c>ExecuteDelete</c>/<c>ExecuteUpdate</c> write <c>DELETE FROM "Mentions" AS "m" WHERE "m"...</c>, and SQLite
/// cannot resolve an alias of a view in DELETE or UPDATE; SaveChanges reads back a row that an INSTEAD OF trigger
/// never returns. Reads go through the views; inserts through them too (<c>RowInserter</c>, whose statements name
/// no alias and read nothing back).
/// </remarks>
internal static class LeanFacts
{
    private const string DocOf = "(SELECT RowId FROM SearchDocs WHERE ArticleId = {0})";

    private const string PersonOf = "(SELECT No FROM PersonNumbers WHERE Slug = {0})";

    private const string PersonInto = "(SELECT No FROM PersonNumbers WHERE Slug = {1})";

    /// <summary>Deletes an article's mentions, quotes, topics and date evidence.</summary>
    public static async Task DeleteOfArticleAsync(ArchiveDbContext db, string articleId, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync($"DELETE FROM MentionRows WHERE Doc = {DocOf}", [articleId], ct);
        await db.Database.ExecuteSqlRawAsync($"DELETE FROM QuoteRows WHERE Doc = {DocOf}", [articleId], ct);
        await db.Database.ExecuteSqlRawAsync($"DELETE FROM TopicRows WHERE Doc = {DocOf}", [articleId], ct);
        await db.Database.ExecuteSqlRawAsync($"DELETE FROM DateRows WHERE Doc = {DocOf}", [articleId], ct);
    }

    /// <summary>Deletes the date evidence of some articles (a re-dating).</summary>
    public static Task DeleteDatesAsync(ArchiveDbContext db, IReadOnlyCollection<string> articleIds, CancellationToken ct) =>
        articleIds.Count == 0 ? Task.CompletedTask
            : db.Database.ExecuteSqlRawAsync(
                "DELETE FROM DateRows WHERE Doc IN (SELECT d.RowId FROM json_each({0}) j JOIN SearchDocs d ON d.ArticleId = j.value)", [JsonSerializer.Serialize(articleIds)], ct);

    /// <summary>Deletes a person's mentions and quotes.</summary>
    public static async Task DeleteOfPersonAsync(ArchiveDbContext db, string slug, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync($"DELETE FROM MentionRows WHERE Person = {PersonOf}", [slug], ct);
        await db.Database.ExecuteSqlRawAsync($"DELETE FROM QuoteRows WHERE Person = {PersonOf}", [slug], ct);
    }

    /// <summary>Moves a person's mentions and quotes to another person (a merge).</summary>
    public static async Task MovePersonAsync(ArchiveDbContext db, string from, string into, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync("INSERT OR IGNORE INTO PersonNumbers (Slug) VALUES ({0})", [into], ct);
        await db.Database.ExecuteSqlRawAsync($"UPDATE MentionRows SET Person = {PersonInto} WHERE Person = {PersonOf}", [from, into], ct);
        await db.Database.ExecuteSqlRawAsync($"UPDATE QuoteRows SET Person = {PersonInto} WHERE Person = {PersonOf}", [from, into], ct);
    }

    /// <summary>Deletes mentions by id.</summary>
    public static Task DeleteMentionsAsync(ArchiveDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        ids.Count == 0 ? Task.CompletedTask
            : db.Database.ExecuteSqlRawAsync("DELETE FROM MentionRows WHERE Id IN (SELECT value FROM json_each({0}))", [JsonSerializer.Serialize(ids)], ct);

    /// <summary>Deletes quotes by id.</summary>
    public static Task DeleteQuotesAsync(ArchiveDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        ids.Count == 0 ? Task.CompletedTask
            : db.Database.ExecuteSqlRawAsync("DELETE FROM QuoteRows WHERE Id IN (SELECT value FROM json_each({0}))", [JsonSerializer.Serialize(ids)], ct);

    /// <summary>Deletes some of an article's topics.</summary>
    public static Task DeleteTopicsAsync(ArchiveDbContext db, string articleId, IReadOnlyCollection<string> topics, CancellationToken ct) =>
        topics.Count == 0 ? Task.CompletedTask
            : db.Database.ExecuteSqlRawAsync(
                $"DELETE FROM TopicRows WHERE Doc = {DocOf} AND Topic IN (SELECT n.No FROM json_each({{1}}) j JOIN TopicNumbers n ON n.Slug = j.value)", [articleId, JsonSerializer.Serialize(topics)], ct);
}
