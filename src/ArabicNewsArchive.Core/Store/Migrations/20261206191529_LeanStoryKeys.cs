using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class LeanStoryKeys : Migration
    {
        private const string LeanTable = """
            CREATE TABLE "StoryKeys_lean" (
                "Key" TEXT NOT NULL,
                "Doc" INTEGER NOT NULL,
                CONSTRAINT "PK_StoryKeys" PRIMARY KEY ("Key", "Doc"),
                CONSTRAINT "FK_StoryKeys_SearchDocs_Doc" FOREIGN KEY ("Doc") REFERENCES "SearchDocs" ("RowId") ON DELETE CASCADE
            ) WITHOUT ROWID;
            """;

        private const string TextTable = """
            CREATE TABLE "StoryKeys_text" (
                "Key" TEXT NOT NULL,
                "ArticleId" TEXT NOT NULL,
                CONSTRAINT "PK_StoryKeys" PRIMARY KEY ("Key", "ArticleId"),
                CONSTRAINT "FK_StoryKeys_Articles_ArticleId" FOREIGN KEY ("ArticleId") REFERENCES "Articles" ("Id") ON DELETE CASCADE
            ) WITHOUT ROWID;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Postings name the article by its SearchDocs row (an integer of 1–3 bytes) instead of its text id, in
            // the table and in its index by article. The table is rebuilt by hand, WITHOUT ROWID as before
            // (CompactStoryTables), rows kept; the foreign key goes to SearchDocs, which cascades from Articles. An
            // article without a SearchDocs row (never the case for an ingested one) loses its postings until the
            // next full regroup.
            migrationBuilder.Sql(LeanTable);
            migrationBuilder.Sql("""
                INSERT INTO "StoryKeys_lean" ("Key", "Doc")
                SELECT k."Key", d."RowId" FROM "StoryKeys" k JOIN "SearchDocs" d ON d."ArticleId" = k."ArticleId";
                """);
            migrationBuilder.Sql("""DROP TABLE "StoryKeys";""");
            migrationBuilder.Sql("""ALTER TABLE "StoryKeys_lean" RENAME TO "StoryKeys";""");
            migrationBuilder.CreateIndex(
                name: "IX_StoryKeys_Doc",
                table: "StoryKeys",
                column: "Doc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TextTable);
            migrationBuilder.Sql("""
                INSERT INTO "StoryKeys_text" ("Key", "ArticleId")
                SELECT k."Key", d."ArticleId" FROM "StoryKeys" k JOIN "SearchDocs" d ON d."RowId" = k."Doc";
                """);
            migrationBuilder.Sql("""DROP TABLE "StoryKeys";""");
            migrationBuilder.Sql("""ALTER TABLE "StoryKeys_text" RENAME TO "StoryKeys";""");
            migrationBuilder.CreateIndex(
                name: "IX_StoryKeys_ArticleId",
                table: "StoryKeys",
                column: "ArticleId");
        }
    }
}
