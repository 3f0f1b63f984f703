namespace ArabicNewsArchive.Web.Accounts;

/// <summary>
/// The two roles an account can hold (docs/curation.md). A signed-in account with neither is a reader: it may read
/// when <c>Archive:RequireSignIn</c> is on, and write nothing.
/// </summary>
public static class ArchiveRoles
{
    /// <summary>Corrects the archive and uploads files.</summary>
    public const string Curator = "curator";

    /// <summary>Everything a curator does, plus the correction history of everyone.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Curator, Admin];
}
