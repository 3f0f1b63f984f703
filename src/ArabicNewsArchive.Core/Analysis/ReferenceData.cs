using System.Security.Cryptography;
using System.Text;
using ArabicNewsArchive.Dates;
using ArabicNewsArchive.Outlets;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Text;
using ArabicNewsArchive.Topics;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Analysis;

/// <summary>
/// The curated data the archive is seeded with (seeds/reference/*.yaml): people and their spellings, the topic
/// taxonomy with its rules, and the known outlets. Loaded once, shared read-only by the analysis.
/// </summary>
public sealed class ReferenceData
{
    public IReadOnlyList<Person> People { get; init; } = [];

    /// <summary>The trained person tagger (people-model/person-tagger.bin.gz), or null: names then come from title cues.</summary>
    /// <remarks>
    /// Read from its file when first asked for (<see cref="Load"/>): only the analysis needs it, and a start-up whose
    /// seeds are stored already analyses nothing; read there anyway, its ~20 MB and the garbage of its reading stood
    /// in the web server's start-up.
    /// </remarks>
    public ArabicNewsArchive.People.Recognition.PersonTagger? Tagger
    {
        get => _taggerFile is { } file ? file.Value : _tagger;
        init => _tagger = value;
    }

    private readonly ArabicNewsArchive.People.Recognition.PersonTagger? _tagger;
    private Lazy<ArabicNewsArchive.People.Recognition.PersonTagger>? _taggerFile;
    private string? _taggerPath;

    /// <summary>
    /// Lets go of the tagger read from its file; it is read again when next asked for. A bulk run's story step has no
    /// use for it, and its weights and word cache stood under the step's peak.
    /// </summary>
    internal void ReleaseTagger()
    {
        if (_taggerPath is { } path && _taggerFile is { IsValueCreated: true })
        {
            _taggerFile = new(() => ArabicNewsArchive.People.Recognition.PersonTagger.Load(path));
        }
    }

    /// <summary>
    /// Person-name words with their Latin forms (name-latin.tsv), and the learned spelling of the words it lacks
    /// (name-transliteration.tsv.gz, read when first needed): English names of discovered people.
    /// </summary>
    public NameLexicon Names { get; init; } = NameLexicon.Empty;

    /// <summary>The topics to store; from <see cref="TopicCatalog"/> when loaded from files.</summary>
    public IReadOnlyList<Topic> Topics { get; init; } = [];

    /// <summary>The topic rules (weighted trigger phrases and thresholds).</summary>
    public TopicCatalog? TopicCatalog { get; init; }

    /// <summary>The trained model of the IPTC topics it scores (iptc-model.tsv), if shipped.</summary>
    public IptcModel? IptcModel { get; init; }

    /// <summary>Events with known dates that articles refer to ("بعد عام من غزو أوكرانيا").</summary>
    public DatedEventCatalog DatedEvents { get; init; } = DatedEventCatalog.Empty;

    public IReadOnlyList<Outlet> Outlets => OutletCatalog.Outlets;

    /// <summary>The outlets with the name forms articles use for them.</summary>
    public OutletCatalog OutletCatalog { get; init; } = OutletCatalog.Empty;

    /// <summary>SHA-256 over the reference files (names and bytes); empty when not loaded from files.</summary>
    public string Hash { get; init; } = "";

    /// <summary>Loads the reference files of <paramref name="referenceDir"/> (seeds/reference). Missing files load as empty.</summary>
    public static ReferenceData Load(string referenceDir)
    {
        var outletsPath = Path.Combine(referenceDir, "outlets.yaml");
        var peoplePath = Path.Combine(referenceDir, "people.yaml");
        var topicsPath = Path.Combine(referenceDir, "topics.yaml");
        var iptcPath = Path.Combine(referenceDir, "iptc-topics.yaml");
        var modelPath = Path.Combine(referenceDir, "iptc-model.tsv");
        var eventsPath = Path.Combine(referenceDir, "dated-events.yaml");
        var topicFiles = new[] { iptcPath, topicsPath }.Where(File.Exists).ToList();
        var topics = topicFiles.Count > 0 ? TopicCatalog.Load(topicFiles) : null;
        var namesPath = Path.Combine(referenceDir, "name-latin.tsv");
        var transliterationPath = Path.Combine(referenceDir, "name-transliteration.tsv.gz");
        var taggerPath = Path.Combine(referenceDir, "people-model", "person-tagger.bin.gz");
        return new ReferenceData
        {
            Topics = topics?.Topics ?? [],
            TopicCatalog = topics,
            IptcModel = File.Exists(modelPath) ? IptcModel.Load(modelPath) : null,
            DatedEvents = File.Exists(eventsPath) ? DatedEventCatalog.Load(eventsPath) : DatedEventCatalog.Empty,
            OutletCatalog = File.Exists(outletsPath) ? OutletCatalog.Load(outletsPath) : OutletCatalog.Empty,
            People = File.Exists(peoplePath) ? PeopleCatalog.Load(peoplePath) : [],
            Names = File.Exists(namesPath) ? NameLexicon.Load(namesPath, File.Exists(transliterationPath) ? transliterationPath : null) : NameLexicon.Empty,
            _taggerFile = File.Exists(taggerPath) ? new(() => ArabicNewsArchive.People.Recognition.PersonTagger.Load(taggerPath)) : null,
            _taggerPath = File.Exists(taggerPath) ? taggerPath : null,
            Hash = HashDirectory(referenceDir),
        };
    }

    /// <summary>A hash of every file under <paramref name="dir"/> (relative names and bytes, in ordinal order).</summary>
    public static string HashDirectory(string dir)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (Directory.Exists(dir))
        {
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(dir, file).Replace('\\', '/') + "\n"));
                hash.AppendData(File.ReadAllBytes(file));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Brings the store's people (and their aliases), topics and outlets in line with this data. Idempotent.
    /// Curated aliases no longer listed are removed (aliases seen in articles stay); nothing is deleted otherwise:
    /// candidate people found in articles, and entries dropped from the files, keep their rows and their mentions.
    /// </summary>
    public async Task SyncAsync(ArchiveDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);

        var outlets = await db.Outlets.ToDictionaryAsync(o => o.Slug, ct);
        foreach (var o in Outlets)
        {
            if (outlets.TryGetValue(o.Slug, out var row))
            {
                (row.NameAr, row.NameEn, row.Kind, row.Country) = (o.NameAr, o.NameEn, o.Kind, o.Country);
            }
            else
            {
                db.Outlets.Add(new Outlet { Slug = o.Slug, NameAr = o.NameAr, NameEn = o.NameEn, Kind = o.Kind, Country = o.Country });
            }
        }

        var topics = await db.Topics.ToDictionaryAsync(t => t.Slug, ct);
        foreach (var t in Topics)
        {
            if (!topics.TryGetValue(t.Slug, out var row))
            {
                row = new Topic { Slug = t.Slug, NameAr = t.NameAr, NameEn = t.NameEn };
                db.Topics.Add(row);
            }

            (row.NameAr, row.NameEn, row.IptcCode, row.IptcLabel, row.Kind, row.Parent) = (t.NameAr, t.NameEn, t.IptcCode, t.IptcLabel, t.Kind, t.Parent);
        }

        // Only the listed people, not every person the archive found (~30,000 with their spellings at 100k articles):
        // tracking them all took the web server's start-up past its heap limit, and the sync touches no other row.
        var listedSlugs = People.Select(p => p.Slug).ToList();
        var people = await db.People.Include(p => p.Aliases).Where(p => listedSlugs.Contains(p.Slug)).ToDictionaryAsync(p => p.Slug, ct);
        foreach (var p in People)
        {
            if (!people.TryGetValue(p.Slug, out var row))
            {
                row = new Person { Slug = p.Slug, NameAr = p.NameAr, NameEn = p.NameEn };
                db.People.Add(row);
            }

            // A candidate found in articles becomes curated once the list names it.
            (row.NameAr, row.NameEn, row.Role, row.RoleAr, row.Status) = (p.NameAr, p.NameEn, p.Role, p.RoleAr, PersonStatus.Curated);
            (row.Confidence, row.NameEnTransliterated) = (1, false);
            row.Country = p.Country;

            var listed = p.Aliases.DistinctBy(a => a.Text).ToDictionary(a => a.Text, StringComparer.Ordinal);
            foreach (var stale in row.Aliases.Where(a => !listed.ContainsKey(a.Text) && a.Origin != "seen").ToList())
            {
                row.Aliases.Remove(stale);
                db.PersonAliases.Remove(stale);
            }

            foreach (var alias in listed.Values)
            {
                var existing = row.Aliases.FirstOrDefault(a => a.Text == alias.Text);
                if (existing is null)
                {
                    existing = new PersonAlias { PersonSlug = p.Slug, Text = alias.Text };
                    row.Aliases.Add(existing);
                }

                existing.Normalized = alias.Normalized.Length > 0 ? alias.Normalized : ArabicNormalizer.Normalize(alias.Text);
                existing.PhoneticKey = alias.PhoneticKey;
                existing.Origin = alias.Origin;
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
