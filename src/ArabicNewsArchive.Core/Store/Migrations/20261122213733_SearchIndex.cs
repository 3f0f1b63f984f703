using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class SearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // FTS5 is outside EF's model: the DDL lives with the search code (Search/SearchIndexSchema.cs).
            migrationBuilder.Sql(ArabicNewsArchive.Search.SearchIndexSchema.Sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ArabicNewsArchive.Search.SearchIndexSchema.DropSql);
        }
    }
}
