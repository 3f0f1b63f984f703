using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Store;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ArabicNewsArchive.Web.Tests.Pages;

/// <summary>A store file with the seeds and the people a test class adds before the app starts, and the app on it.</summary>
public abstract class PeopleStore : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ana-people-" + Guid.NewGuid().ToString("N"));

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "archive.db")};Pooling=False";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var options = new DbContextOptionsBuilder<ArchiveDbContext>().UseSqlite(ConnectionString).Options;
        await ArchiveStartup.PrepareStoreAsync(new PooledDbContextFactory<ArchiveDbContext>(options),
            ArchiveStartup.FindSeedsPath(AppContext.BaseDirectory));
        await using (var db = new ArchiveDbContext(options))
        {
            AddPeople(db);
            await db.SaveChangesAsync();
        }

        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Archive", ConnectionString));
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Adds the class's people to the seeded store (saved after).</summary>
    protected abstract void AddPeople(ArchiveDbContext db);
}
