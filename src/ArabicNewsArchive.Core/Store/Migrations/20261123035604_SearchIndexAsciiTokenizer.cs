using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class SearchIndexAsciiTokenizer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A tokenizer is fixed when an FTS5 table is created: replace the table (SearchDocs and its rowids stay)
            // and leave the mark that makes start-up re-index the stored articles (their terms need the analyser).
            migrationBuilder.Sql("DROP TABLE ArticleSearch;");
            migrationBuilder.Sql(ArabicNewsArchive.Search.SearchIndexSchema.TableSql);
            migrationBuilder.Sql(RebuildMark);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE ArticleSearch;");
            migrationBuilder.Sql(ArabicNewsArchive.Search.SearchIndexSchema.Unicode61TableSql);
            migrationBuilder.Sql(RebuildMark);
        }

        private const string RebuildMark =
            "INSERT OR REPLACE INTO ArchiveSettings (Key, Value) VALUES ('" + ArabicNewsArchive.Ingestion.ArchiveSetting.SearchIndexRebuildKey + "', 'tokenizer changed');";
    }
}
