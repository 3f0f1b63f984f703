using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ArabicNewsArchive.Store;

/// <summary>Lets <c>dotnet ef</c> build the context from Core alone, without starting the web host.</summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<ArchiveDbContext>
{
    public ArchiveDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ArchiveDbContext>().UseSqlite("Data Source=design.db").Options);
}
