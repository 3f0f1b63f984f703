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
}

public enum PersonStatus
{
    /// <summary>From the curated list under seeds/.</summary>
    Curated = 0,

    /// <summary>Found in the articles by the recogniser; a curator can confirm it.</summary>
    Discovered = 1,

    /// <summary>Discovered, then confirmed by a curator.</summary>
    Confirmed = 2,
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

    /// <summary>Where the spelling came from: "curated", "seen" (found in an article), "latin".</summary>
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

    public required string Text { get; set; }

    /// <summary>Offsets of the attribution phrase (verb + speaker).</summary>
    public int CueStart { get; set; }

    public int CueEnd { get; set; }
}
