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

            // Topic evidence loses its field names (TopicEvidenceJson): [start, end, weight, text]. The weight is copied
            // as the JSON number it was written as, so it reads back as the same double.
            migrationBuilder.Sql("""
                UPDATE ArticleTopics SET Evidence = coalesce((
                    SELECT '[' || group_concat('[' || (e.value ->> '$.Start') || ',' || (e.value ->> '$.End') || ','
                        || (e.value -> '$.Weight') || ',' || json_quote(e.value ->> '$.Text') || ']', ',' ORDER BY e.key) || ']'
                    FROM json_each(ArticleTopics.Evidence) e), '[]');
                """);

            // The FTS5 index keeps its 2- and 3-letter prefix indexes: without the 3-letter one a 3-letter prefix
            // query merged every term starting so, p95 39 ms at 100k ANT (docs/search.md).
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE ArticleTopics SET Evidence = coalesce((
                    SELECT '[' || group_concat('{"Start":' || (e.value ->> 0) || ',"End":' || (e.value ->> 1) || ',"Text":'
                        || json_quote(e.value ->> 3) || ',"Weight":' || (e.value -> 2) || '}', ',' ORDER BY e.key) || ']'
                    FROM json_each(ArticleTopics.Evidence) e), '[]');
                """);
            // SQL cannot inflate either: texts compressed since stay compressed, which the previous code cannot read.
            // Going back below this migration needs a store the previous code wrote (or re-ingesting its files).
            migrationBuilder.Sql("DELETE FROM ArchiveSettings WHERE Key = '" + ArabicNewsArchive.Ingestion.ArchiveSetting.SourceTextCompressKey + "';");
        }
    }
}
