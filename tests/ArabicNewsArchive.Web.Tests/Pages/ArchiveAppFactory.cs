using ArabicNewsArchive.Store;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ArabicNewsArchive.Web.Tests.Pages;

/// <summary>The real app over a temp SQLite file, migrated by the app's own start-up and filled with the seeds.</summary>
public sealed class ArchiveAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _dbPath = Path.Combine(Path.GetTempPath(), $"archive-ui-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Pooling=False so the file can be deleted afterwards.
        builder.UseSetting("ConnectionStrings:Archive", $"Data Source={_dbPath};Pooling=False");
        builder.UseEnvironment("Development");
    }

    public async Task InitializeAsync()
    {
        using var scope = Services.CreateScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ArchiveDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        // Reaching Services started the app, which migrated the store and ingested seeds/ as it does for a user.
        if (await db.Articles.CountAsync() != 5)
        {
            throw new InvalidOperationException("the app did not ingest the five seeds at start-up");
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        File.Delete(_dbPath);
    }
}
