namespace ArabicNewsArchive.Outlets;

/// <summary>A news outlet named by the articles (الوقت، الشرق، الميادين...).</summary>
public sealed class Outlet
{
    public required string Slug { get; set; }

    public required string NameAr { get; set; }

    public required string NameEn { get; set; }
}
