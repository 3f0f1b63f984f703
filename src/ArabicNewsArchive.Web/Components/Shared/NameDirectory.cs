using ArabicNewsArchive.Web.Localization;
using ArabicNewsArchive.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace ArabicNewsArchive.Web.Components.Shared;

/// <summary>Display names of people, topics and outlets: result rows carry slugs only.</summary>
public sealed record Names(
    IReadOnlyDictionary<string, (string Ar, string En)> People,
    IReadOnlyDictionary<string, (string Ar, string En)> Topics,
    IReadOnlyDictionary<string, (string Ar, string En)> Outlets)
{
    public static Names Empty { get; } = new(
        new Dictionary<string, (string, string)>(), new Dictionary<string, (string, string)>(), new Dictionary<string, (string, string)>());

    public (string Ar, string En) Person(string slug) => People.TryGetValue(slug, out var n) ? n : (slug, slug);

    public (string Ar, string En) Topic(string slug) => Topics.TryGetValue(slug, out var n) ? n : (slug, slug);

    /// <summary>Each topic's kind ("iptc" or "dossier"), so the topic facet can group them.</summary>
    public IReadOnlyDictionary<string, string> TopicKinds { get; init; } = new Dictionary<string, string>();

    /// <summary>People's roles in both languages (the API carries the English one only).</summary>
    public IReadOnlyDictionary<string, (string Ar, string En)> Roles { get; init; } = new Dictionary<string, (string, string)>();

    /// <summary>People whose English name the archive spelled out itself (shown as a guess: <see cref="LatinName"/>).</summary>
    public IReadOnlySet<string> GuessedEnglish { get; init; } = new HashSet<string>();

    /// <summary>A person's role in the interface language; <paramref name="fallback"/> for a person the table lacks.</summary>
    public string RoleOf(string slug, UiLanguage lang, string fallback) =>
        Roles.TryGetValue(slug, out var r) && (r.Ar.Length > 0 || r.En.Length > 0) ? lang.Name(r.Ar, r.En) : fallback;
}

/// <summary>
/// The name tables are small (people, topics, outlets, not articles) and read on every page, so they are cached
/// briefly; a minute is short enough for newly ingested people to show up without a restart. One load at a time:
/// when the entry expired under load, every request in flight read all the people into a copy of its own.
/// </summary>
public sealed class NameDirectory(IDbContextFactory<ArchiveDbContext> dbFactory, IMemoryCache cache)
{
    private const string Key = "ui:names";

    // Static: the directory is scoped (one per circuit or request), the cache it fills is the process's.
    private static readonly SemaphoreSlim s_loading = new(1, 1);

    public async Task<Names> GetAsync(CancellationToken ct = default)
    {
        if (cache.TryGetValue(Key, out Names? names) && names is not null)
        {
            return names;
        }

        await s_loading.WaitAsync(ct);
        try
        {
            // Another request may have loaded it while this one waited.
            if (cache.TryGetValue(Key, out names) && names is not null)
            {
                return names;
            }

            names = await LoadAsync(ct);
            cache.Set(Key, names, TimeSpan.FromMinutes(1));
            return names;
        }
        finally
        {
            s_loading.Release();
        }
    }

    private async Task<Names> LoadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var people = await db.People.AsNoTracking().Select(p => new { p.Slug, p.NameAr, p.NameEn, p.Role, p.RoleAr, p.NameEnTransliterated }).ToListAsync(ct);
        var topics = await db.Topics.AsNoTracking().Select(p => new { p.Slug, p.NameAr, p.NameEn, p.Kind }).ToListAsync(ct);
        var outlets = await db.Outlets.AsNoTracking().Select(p => new { p.Slug, p.NameAr, p.NameEn }).ToListAsync(ct);
        return new Names(
            people.ToDictionary(p => p.Slug, p => (p.NameAr, p.NameEn)),
            topics.ToDictionary(p => p.Slug, p => (p.NameAr, p.NameEn)),
            outlets.ToDictionary(p => p.Slug, p => (p.NameAr, p.NameEn)))
        {
            Roles = people.ToDictionary(p => p.Slug, p => (p.RoleAr, p.Role)),
            TopicKinds = topics.ToDictionary(p => p.Slug, p => p.Kind),
            GuessedEnglish = people.Where(p => p.NameEnTransliterated).Select(p => p.Slug).ToHashSet(StringComparer.Ordinal),
        };
    }
}
