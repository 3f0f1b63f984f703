using System.Text.Encodings.Web;
using System.Text.Unicode;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Web.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

// With no configuration the archive lives in an embedded SQLite file beside the app's content root.
var connectionString = builder.Configuration.GetConnectionString("Archive");
if (string.IsNullOrWhiteSpace(connectionString))
{
    var dataDir = Path.Combine(builder.Environment.ContentRootPath, "App_Data");
    Directory.CreateDirectory(dataDir);
    connectionString = $"Data Source={Path.Combine(dataDir, "archive.db")}";
}

// Blazor Server: one context per operation from the factory; a scoped context would live as long as the circuit.
builder.Services.AddDbContextFactory<ArchiveDbContext>(o => o.UseSqlite(connectionString));

// Without this, Razor writes every Arabic letter as an &#x6..; entity: harmless to browsers, not to curl or tests.
builder.Services.AddSingleton(HtmlEncoder.Create(
    UnicodeRanges.BasicLatin, UnicodeRanges.Latin1Supplement, UnicodeRanges.GeneralPunctuation,
    UnicodeRanges.Arabic, UnicodeRanges.ArabicSupplement, UnicodeRanges.ArabicExtendedA,
    UnicodeRanges.ArabicPresentationFormsA, UnicodeRanges.ArabicPresentationFormsB));

builder.Services.AddMudServices();
builder.Services.AddArchiveUi();
builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();

var app = builder.Build();

await using (var db = await app.Services.GetRequiredService<IDbContextFactory<ArchiveDbContext>>().CreateDbContextAsync())
{
    await db.Database.MigrateAsync();
}

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();

app.MapStaticAssets();
app.MapArchiveUi();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

app.Run();

/// <summary>Entry point; public so WebApplicationFactory can reach it from the tests.</summary>
public partial class Program;
