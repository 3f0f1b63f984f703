namespace ArabicNewsArchive.Outlets;

/// <summary>A news outlet or agency named by the articles (الوقت، الشرق، الميادين، واس...).</summary>
public sealed class Outlet
{
    public required string Slug { get; set; }

    public required string NameAr { get; set; }

    public required string NameEn { get; set; }

    /// <summary>newspaper, channel, site, agency or radio; empty for an outlet the catalogue does not know.</summary>
    public string Kind { get; set; } = "";

    /// <summary>ISO 3166 alpha-2 (lower case) of where it is based, or "intl"; null when not known.</summary>
    public string? Country { get; set; }
}

/// <summary>The kinds of outlet the catalogue lists.</summary>
public static class OutletKinds
{
    public const string Newspaper = "newspaper";
    public const string Channel = "channel";
    public const string Site = "site";
    public const string Agency = "agency";
    public const string Radio = "radio";

    /// <summary>Every kind, in the order the catalogue documents them.</summary>
    public static IReadOnlyList<string> All { get; } = [Newspaper, Channel, Site, Agency, Radio];
}
