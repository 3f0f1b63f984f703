using System.Text.Json;
using System.Text.Json.Serialization;
using ArabicNewsArchive.Articles;
using ArabicNewsArchive.People;

namespace ArabicNewsArchive.Curation;

/// <summary>What a correction states (<see cref="Correction.After"/>): only the fields its action uses are set.</summary>
public sealed record CorrectionValues
{
    /// <summary>A merge's target slug.</summary>
    public string? Into { get; init; }

    public string? NameAr { get; init; }

    public string? NameEn { get; init; }

    /// <summary>A spelling added to a person, or a mention's text.</summary>
    public string? Text { get; init; }

    public string? Role { get; init; }

    public string? RoleAr { get; init; }

    /// <summary>A mention's offsets in the source text.</summary>
    public int? Start { get; init; }

    public int? End { get; init; }

    /// <summary>The person an added mention names.</summary>
    public string? Person { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public string? Outlet { get; init; }

    public string? Title { get; init; }

    public string? Topic { get; init; }

    /// <summary>The other article of a story join.</summary>
    public string? With { get; init; }

    internal static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    internal string ToJson() => JsonSerializer.Serialize(this, s_json);

    internal static CorrectionValues FromJson(string json) => JsonSerializer.Deserialize<CorrectionValues>(json, s_json) ?? new();

    /// <summary>Reads a correction's stored values (<see cref="Correction.After"/>).</summary>
    public static CorrectionValues FromJsonPublic(string json) => FromJson(json);
}

/// <summary>What the corrected facts were before a correction (<see cref="Correction.Before"/>), for undo.</summary>
public sealed record CorrectionBefore
{
    public string? NameAr { get; init; }

    public string? NameEn { get; init; }

    /// <summary>Whether the English name was a transliteration's guess (null in corrections recorded before this was kept).</summary>
    public bool? NameEnTransliterated { get; init; }

    public string? Role { get; init; }

    public string? RoleAr { get; init; }

    public PersonStatus? Status { get; init; }

    /// <summary>A merged person as it was (its aliases included).</summary>
    public PersonSnapshot? Person { get; init; }

    /// <summary>Spellings a merge moved onto the target (the target did not have them).</summary>
    public List<string>? MovedAliases { get; init; }

    /// <summary>The articles whose facts the correction changed (analysed again on undo).</summary>
    public List<string>? Articles { get; init; }

    public DateOnly? Published { get; init; }

    public DateOnly? PublishedTo { get; init; }

    public DatePrecision? Precision { get; init; }

    public FactSource? DateSource { get; init; }

    public string? Title { get; init; }

    public FactSource? TitleSource { get; init; }

    public string? Outlet { get; init; }

    public FactSource? OutletSource { get; init; }

    /// <summary>Each article's story before a split or a join.</summary>
    public Dictionary<string, int?>? Stories { get; init; }

    internal string ToJson() => JsonSerializer.Serialize(this, CorrectionValues.s_json);

    internal static CorrectionBefore FromJson(string json) => JsonSerializer.Deserialize<CorrectionBefore>(json, CorrectionValues.s_json) ?? new();
}

/// <summary>A person row as it was, to restore on the undo of a merge.</summary>
public sealed record PersonSnapshot(
    string Slug, string NameAr, string NameEn, string Role, string RoleAr, PersonStatus Status, string Country, double Confidence,
    string IdentityKey, bool NameEnTransliterated, List<AliasSnapshot> Aliases);

/// <summary>A spelling as it was.</summary>
public sealed record AliasSnapshot(string Text, string Normalized, string PhoneticKey, string Origin);
