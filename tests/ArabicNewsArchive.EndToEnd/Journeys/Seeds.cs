namespace ArabicNewsArchive.EndToEnd.Journeys;

/// <summary>The five seed articles and what a reader can check in their text by eye.</summary>
public static class Seeds
{
    /// <summary>Al-Waght, February 2022: Ushakov on the coming joint statement; mentions the Olympics and Lavrov.</summary>
    public const string UshakovStatement = "000_222e9e8ff3339bbc";

    /// <summary>February 2022: Putin meets Xi in Beijing at the Winter Olympics.</summary>
    public const string PutinXiBeijing = "001_115f144be502b13d";

    /// <summary>Asharq: Patrushev's security consultations in China.</summary>
    public const string PatrushevConsultations = "002_beaccfc0902c3d0e";

    /// <summary>February 2023: Wang Yi meets Patrushev in Moscow; mentions Lavrov.</summary>
    public const string WangYiPatrushev = "003_b3014ee5dfb3bcc9";

    /// <summary>February 2023: Putin receives Wang Yi in Moscow; mentions Lavrov.</summary>
    public const string PutinWangYi = "004_4e31ff7a3868a69f";

    public static IReadOnlyList<string> All { get; } =
        [UshakovStatement, PutinXiBeijing, PatrushevConsultations, WangYiPatrushev, PutinWangYi];

    /// <summary>The file's lines exactly as a reader sees them in an editor.</summary>
    public static string[] SourceLines(string id) =>
        File.ReadAllText(Path.Combine(ArchiveApp.SeedsDirectory, id + ".txt")).TrimStart('\uFEFF').Replace("\r\n", "\n").Split('\n');
}
