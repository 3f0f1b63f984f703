using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ArabicNewsArchive.Web.Accounts;

/// <summary>
/// Identity's tables (AspNetUsers, AspNetRoles, ...) in the archive's own SQLite file, with their own migrations and
/// history table (<see cref="MigrationsHistoryTable"/>). A context of its own rather than ArchiveDbContext deriving
/// from IdentityDbContext: Core stays free of ASP.NET, the archive's migrations and model snapshot stay as they are,
/// and nothing in the archive's tables refers to an account (a correction records the user name, which outlives
/// the account).
/// </summary>
/// <remarks>
/// <c>dotnet ef migrations add NAME --project src/ArabicNewsArchive.Web --context AccountsDbContext --output-dir Accounts/Migrations</c>
/// </remarks>
public sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options) : IdentityDbContext<IdentityUser>(options)
{
    /// <summary>Not EF's default <c>__EFMigrationsHistory</c>, which holds the archive's own migrations.</summary>
    public const string MigrationsHistoryTable = "__AccountsMigrationsHistory";

    /// <summary>The options every user of the accounts store passes (the web host, the <c>users</c> command, the tests).</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, o => o.MigrationsHistoryTable(MigrationsHistoryTable));
}

/// <summary>Lets <c>dotnet ef</c> build the context without starting the web host (which would migrate and seed).</summary>
internal sealed class AccountsDesignTimeFactory : IDesignTimeDbContextFactory<AccountsDbContext>
{
    public AccountsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AccountsDbContext>();
        AccountsDbContext.Configure(options, "Data Source=design.db");
        return new AccountsDbContext(options.Options);
    }
}
