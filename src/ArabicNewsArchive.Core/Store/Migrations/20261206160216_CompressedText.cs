using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class CompressedText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SourceText now holds compressed UTF-8 (Articles.SourceTextCodec) as a BLOB. The column keeps its declared
            // type: SQLite stores a BLOB as it is in a TEXT column, and EF's AlterColumn would rebuild Articles, losing
            // its search triggers (SearchIndexSchema). SQL cannot deflate, so the texts already stored are compressed at
            // the next start (SourceTextCompaction, under the writer lock); until then they read as they are.
            migrationBuilder.Sql(
                "INSERT OR REPLACE INTO ArchiveSettings (Key, Value) SELECT '" + ArabicNewsArchive.Ingestion.ArchiveSetting.SourceTextCompressKey
                + "', 'source texts stored as TEXT' WHERE EXISTS (SELECT 1 FROM Articles) OR EXISTS (SELECT 1 FROM ArticleRevisions);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQL cannot inflate either: texts compressed since stay compressed, which the previous code cannot read.
            // Going back below this migration needs a store the previous code wrote (or re-ingesting its files).
            migrationBuilder.Sql("DELETE FROM ArchiveSettings WHERE Key = '" + ArabicNewsArchive.Ingestion.ArchiveSetting.SourceTextCompressKey + "';");
        }
    }
}
