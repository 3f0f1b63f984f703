using ArabicNewsArchive.Store;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ArabicNewsArchive.Web.Tests.Api;

/// <summary>The web app over a temporary SQLite file holding the five seeds (ingested by the app at start-up).</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"archive-api-{Guid.NewGuid():N}.db");
    private WebApplicationFactory<Program>? _factory;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The app itself, for <c>Fixture.Factory.SignedInClientAsync("cur", ArchiveRoles.Curator)</c> (Accounts/SignedInClients.cs).</summary>
    public WebApplicationFactory<Program> Factory => _factory!;

    public IDbContextFactory<ArchiveDbContext> Db => _factory!.Services.GetRequiredService<IDbContextFactory<ArchiveDbContext>>();

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            b.UseSetting("ConnectionStrings:Archive", $"Data Source={_path};Pooling=False"));
        // Creating the client starts the app, which migrates and ingests seeds/ as it does for a user.
        Client = _factory.CreateClient();
        await using var db = await Db.CreateDbContextAsync();
        if (await db.Articles.CountAsync() != 5)
        {
            throw new InvalidOperationException("the app did not ingest the five seeds at start-up");
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
