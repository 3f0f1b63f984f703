namespace ArabicNewsArchive.People;

/// <summary>A public figure the archive tracks: curated, or discovered in the articles (and maybe confirmed).</summary>
public sealed class Person
{
    public required string Slug { get; set; }

    public required string NameAr { get; set; }

    public required string NameEn { get; set; }

    /// <summary>The role in English (the API's <c>role</c>); for a discovered person, the Arabic title it was named with.</summary>
    public string Role { get; set; } = "";

    /// <summary>The role in Arabic, for the Arabic interface; empty falls back to <see cref="Role"/>.</summary>
    public string RoleAr { get; set; } = "";

    public PersonStatus Status { get; set; }

    /// <summary>ISO 3166 alpha-2 code in lower case ("sa", "ru"), or an organisation's code ("un", "fifa"); empty when unknown.</summary>
    public string Country { get; set; } = "";

    /// <summary>
    /// How sure the archive is that a discovered person is a person (0..1): 1 − Π(1 − c) over the articles naming
    /// them, c being an article's confidence (<see cref="Analysis.DiscoveredPersonFact.Confidence"/>). Lists and
    /// facets show a discovered person from <see cref="ListedConfidence"/>. 1 for curated people.
    /// </summary>
    public double Confidence { get; set; } = 1;

    /// <summary>The name's identity key (<see cref="NameKey.Identity"/>), by which articles' names join this person; empty for curated people.</summary>
    public string IdentityKey { get; set; } = "";

    /// <summary>True when <see cref="NameEn"/> was transliterated letter by letter (no word in the name lexicon): a guess to check.</summary>
    public bool NameEnTransliterated { get; set; }

    /// <summary>The confidence from which a discovered person is listed in facets, /people and the API (docs/arabic-text.md).</summary>
    public const double ListedConfidence = 0.8;

    public List<PersonAlias> Aliases { get; set; } = [];

    /// <summary>
    /// One-word forms (سلمان, عباس) that are also common words or given names: they name the person only where the
    /// article also names them in full or with a title. Also among <see cref="Aliases"/> with origin "short". Not stored.
    /// </summary>
    public List<string> ShortForms { get; set; } = [];

    /// <summary>Phrases that name exactly one person at a time (الرئيس الروسي), with the dates this person held them. Not stored.</summary>
    public List<PersonTitle> Titles { get; set; } = [];

    /// <summary>Where the curated facts come from (Wikipedia pages). Not stored.</summary>
    public List<string> Sources { get; set; } = [];
}

/// <summary>A title that names one person at a time, held from <paramref name="From"/> up to <paramref name="To"/>.</summary>
/// <param name="Ar">The title as written in Arabic (خادم الحرمين الشريفين).</param>
/// <param name="From">First day held, or null if held since before the archive's period.</param>
/// <param name="To">The day the successor took it (not held that day), or null if still held.</param>
public sealed record PersonTitle(string Ar, DateOnly? From, DateOnly? To)
{
    /// <summary>Whether the person held the title on <paramref name="day"/>.</summary>
    public bool HeldOn(DateOnly day) => (From is null || From <= day) && (To is null || day < To);
}

public enum PersonStatus
{
    /// <summary>From the curated list under seeds/.</summary>
    Curated = 0,

    /// <summary>Found in the articles by the recogniser; a curator can confirm it.</summary>
    Discovered = 1,

    /// <summary>Discovered, then confirmed by a curator.</summary>
    Confirmed = 2,

    /// <summary>Rejected by a curator (not a person, or a wrong one): kept so its name is recognised and dropped, listed nowhere.</summary>
    Rejected = 3,
}

/// <summary>A spelling of a person's name (Arabic or Latin), with the keys the recogniser matches on.</summary>
public sealed class PersonAlias
{
    public int Id { get; set; }

    public required string PersonSlug { get; set; }

    /// <summary>The spelling as written ("شي جين بينج", "Xi Jinping").</summary>
    public required string Text { get; set; }

    /// <summary>Normalised form (Text.ArabicNormalizer) used for exact matching and search.</summary>
    public string Normalized { get; set; } = "";

    /// <summary>Phonetic key (names only) that folds transliteration swaps.</summary>
    public string PhoneticKey { get; set; } = "";

    /// <summary>Where the spelling came from: "curated", "seen" (found in an article), "latin", "short" (a curated short form).</summary>
    public string Origin { get; set; } = "curated";
}

/// <summary>One mention of a person in an article, with offsets into <c>Article.SourceText</c>.</summary>
public sealed class Mention
{
    public int Id { get; set; }

    public required string ArticleId { get; set; }

    public required string PersonSlug { get; set; }

    public int Start { get; set; }

    public int End { get; set; }

    /// <summary>The text as it stands in the source, particles included ("لوانغ يي").</summary>
    public required string Text { get; set; }
}

/// <summary>A statement attributed to a person (قال/أكد/صرّح + person + إن/أن + quotation).</summary>
public sealed class Quote
{
    public int Id { get; set; }

    public required string ArticleId { get; set; }

    public required string PersonSlug { get; set; }

    /// <summary>Offsets of the quoted statement in the source text.</summary>
    public int Start { get; set; }

    public int End { get; set; }

    /// <summary>
    /// The statement: the source text between <see cref="Start"/> and <see cref="End"/>. Not stored (migration
    /// LeanFacts): read from the store it is empty, and readers take it from the source (<c>ArticleText.Slice</c>).
    /// </summary>
    public required string Text { get; set; }

    /// <summary>Offsets of the attribution phrase (verb + speaker).</summary>
    public int CueStart { get; set; }

    public int CueEnd { get; set; }
}
