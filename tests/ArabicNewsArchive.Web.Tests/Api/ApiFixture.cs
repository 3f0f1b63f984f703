using ArabicNewsArchive.Store;
using ArabicNewsArchive.Tests.Search;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ArabicNewsArchive.Web.Tests.Api;

/// <summary>The web app over a temporary SQLite file holding the five seeds (see <see cref="SearchFixture"/>).</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"archive-api-{Guid.NewGuid():N}.db");
    private WebApplicationFactory<Program>? _factory;

    public HttpClient Client { get; private set; } = null!;

    public IDbContextFactory<ArchiveDbContext> Db => _factory!.Services.GetRequiredService<IDbContextFactory<ArchiveDbContext>>();

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            b.UseSetting("ConnectionStrings:Archive", $"Data Source={_path};Pooling=False"));
        Client = _factory.CreateClient();
        await using var db = await Db.CreateDbContextAsync();
        if (!await db.Articles.AnyAsync())
        {
            await SearchFixture.SeedAsync(db);
        }
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        File.Delete(_path);
    }
}
