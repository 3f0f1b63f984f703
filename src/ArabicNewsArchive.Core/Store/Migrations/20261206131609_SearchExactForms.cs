using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class SearchExactForms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Two more columns (each word's exact form beside its stem): an FTS5 table's columns are fixed when it is
            // created, so the table is replaced (SearchDocs and its rowids stay) and start-up re-indexes the articles.
            migrationBuilder.Sql("DROP TABLE ArticleSearch;");
            migrationBuilder.Sql(ArabicNewsArchive.Search.SearchIndexSchema.ExactFormsTableSql);
            migrationBuilder.Sql(RebuildMark);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE ArticleSearch;");
            migrationBuilder.Sql(ArabicNewsArchive.Search.SearchIndexSchema.TableSql);
            migrationBuilder.Sql(RebuildMark);
        }

        private const string RebuildMark =
            "INSERT OR REPLACE INTO ArchiveSettings (Key, Value) VALUES ('" + ArabicNewsArchive.Ingestion.ArchiveSetting.SearchIndexRebuildKey + "', 'exact forms indexed');";
    }
}
