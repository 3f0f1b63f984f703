using System.Text.Json;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Topics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace ArabicNewsArchive.Web.Components.Pages.Topics;

public sealed record TopicInfo(string Slug, string NameAr, string NameEn, string? IptcCode, string? IptcLabel);

/// <summary>The phrases that most often triggered a topic, across the archive.</summary>
public sealed record TriggerPhrase(string Text, int Count);

public sealed class TopicPageModel(IDbContextFactory<ArchiveDbContext> dbFactory, IMemoryCache cache)
{
    /// <summary>The tag (a SQL comment) on the topic's query, run once per read of the page: tests count reads by it.</summary>
    public const string ReadTag = "topic page read";

    /// <summary>The topic and its trigger phrases in one context; null when there is no such topic.</summary>
    public async Task<(TopicInfo Topic, IReadOnlyList<TriggerPhrase> Triggers)?> GetAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await GetTopicAsync(db, slug, ct) is not { } topic)
        {
            return null;
        }

        // Counting the phrases reads every evidence row of the topic (tens of thousands for a broad one at 100k
        // articles): most of the page's time at 50 views/s, for the same answer until the store changes. The search
        // index's version moves with every write of articles or their topics. Topics are few: each is kept.
        var version = await db.Database.SqlQueryRaw<long>("SELECT Version AS Value FROM SearchMeta WHERE Id = 1").FirstOrDefaultAsync(ct);
        var key = (nameof(TopicPageModel), slug, version);
        if (!cache.TryGetValue(key, out IReadOnlyList<TriggerPhrase>? triggers) || triggers is null)
        {
            triggers = await GetTriggersAsync(db, slug, ct);
            cache.Set(key, triggers, TimeSpan.FromMinutes(10));
        }

        return (topic, triggers);
    }

    private static Task<TopicInfo?> GetTopicAsync(ArchiveDbContext db, string slug, CancellationToken ct) =>
        db.Topics.AsNoTracking().TagWith(ReadTag).Where(t => t.Slug == slug)
            .Select(t => new TopicInfo(t.Slug, t.NameAr, t.NameEn, t.IptcCode, t.IptcLabel)).FirstOrDefaultAsync(ct);

    private static async Task<IReadOnlyList<TriggerPhrase>> GetTriggersAsync(ArchiveDbContext db, string slug, CancellationToken ct)
    {
        // Each TopicRows row holds its evidence as varints (TopicEvidenceBlob, migration CompactTopicEvidence): the
        // phrases are counted by number here, then SQLite names and orders the top ones as it did when it counted them.
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        var counts = new Dictionary<int, int>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT Evidence FROM TopicRows WHERE Topic = (SELECT No FROM TopicNumbers WHERE Slug = $slug)";
            AddSlug(command, slug);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                TopicEvidenceBlob.CountPhrases((byte[])reader.GetValue(0), counts);
            }
        }

        var rows = new List<TriggerPhrase>();
        if (counts.Count == 0)
        {
            return rows;
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT p.Text, j.value ->> 1 FROM json_each($counts) j
                JOIN EvidencePhrases p ON p.No = j.value ->> 0
                ORDER BY 2 DESC, 1 LIMIT 30
                """;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "$counts";
            parameter.Value = JsonSerializer.Serialize(counts.Select(c => new[] { c.Key, c.Value }));
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new TriggerPhrase(reader.GetString(0), reader.GetInt32(1)));
            }
        }

        return rows;
    }

    private static void AddSlug(System.Data.Common.DbCommand command, string slug)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$slug";
        parameter.Value = slug;
        command.Parameters.Add(parameter);
    }
}
