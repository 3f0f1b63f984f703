namespace ArabicNewsArchive.Web.Accounts;

/// <summary>The authorization policies pages and endpoints name (registered by <see cref="AccountsSetup.AddArchiveAccounts"/>).</summary>
public static class ArchivePolicies
{
    /// <summary>A curator or an admin: corrections and uploads.</summary>
    public const string Curate = "curate";

    /// <summary>An admin only: the history of everyone's corrections.</summary>
    public const string Administer = "administer";
}
