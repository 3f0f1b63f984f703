namespace ArabicNewsArchive.Web.Ingestion;

/// <summary>Where the store and the seeds are, from configuration, with the defaults the contract promises.</summary>
internal static class ArchiveConfiguration
{
    /// <summary>
    /// <c>ConnectionStrings:Archive</c>, or an embedded SQLite file under the content root's App_Data when it is not set.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration.GetConnectionString("Archive");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var dataDir = Path.Combine(contentRoot, "App_Data");
        Directory.CreateDirectory(dataDir);
        return $"Data Source={Path.Combine(dataDir, "archive.db")}";
    }

    /// <summary><c>Archive:SeedsPath</c>, or the seeds/ beside ArabicNewsArchive.sln above the content root.</summary>
    public static string? SeedsPath(IConfiguration configuration, string contentRoot) =>
        ArabicNewsArchive.Ingestion.ArchiveStartup.FindSeedsPath(contentRoot, configuration["Archive:SeedsPath"]);
}
