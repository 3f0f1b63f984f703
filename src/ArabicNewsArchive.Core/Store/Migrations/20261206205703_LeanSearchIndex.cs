using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class LeanSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // No FTS5 prefix indexes (the page reader reads prefixes off the terms' own leaves): an FTS5 table's
            // options are fixed when it is created, so the table is replaced (SearchDocs and its rowids stay) and
            // start-up re-indexes the articles, as SearchExactForms did.
            migrationBuilder.Sql("DROP TABLE ArticleSearch;");
            migrationBuilder.Sql(ArabicNewsArchive.Search.SearchIndexSchema.LeanTableSql);
            migrationBuilder.Sql(RebuildMark);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE ArticleSearch;");
            migrationBuilder.Sql(ArabicNewsArchive.Search.SearchIndexSchema.ExactFormsTableSql);
            migrationBuilder.Sql(RebuildMark);
        }

        private const string RebuildMark =
            "INSERT OR REPLACE INTO ArchiveSettings (Key, Value) VALUES ('" + ArabicNewsArchive.Ingestion.ArchiveSetting.SearchIndexRebuildKey + "', 'prefix indexes dropped');";
    }
}
