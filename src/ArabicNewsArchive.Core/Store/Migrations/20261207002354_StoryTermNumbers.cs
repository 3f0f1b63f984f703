using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class StoryTermNumbers : Migration
    {
        private const string NumberedTerms = """
            CREATE TABLE "StoryTerms_numbered" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_StoryTerms" PRIMARY KEY AUTOINCREMENT,
                "Key" TEXT NOT NULL,
                "Df" INTEGER NOT NULL,
                "Posted" INTEGER NOT NULL
            );
            """;

        private const string NumberedKeys = """
            CREATE TABLE "StoryKeys_numbered" (
                "Term" INTEGER NOT NULL,
                "Doc" INTEGER NOT NULL,
                CONSTRAINT "PK_StoryKeys" PRIMARY KEY ("Term", "Doc"),
                CONSTRAINT "FK_StoryKeys_SearchDocs_Doc" FOREIGN KEY ("Doc") REFERENCES "SearchDocs" ("RowId") ON DELETE CASCADE
            ) WITHOUT ROWID;
            """;

        private const string TextTerms = """
            CREATE TABLE "StoryTerms_text" (
                "Key" TEXT NOT NULL CONSTRAINT "PK_StoryTerms" PRIMARY KEY,
                "Df" INTEGER NOT NULL,
                "Posted" INTEGER NOT NULL
            ) WITHOUT ROWID;
            """;

        private const string TextKeys = """
            CREATE TABLE "StoryKeys_text" (
                "Key" TEXT NOT NULL,
                "Doc" INTEGER NOT NULL,
                CONSTRAINT "PK_StoryKeys" PRIMARY KEY ("Key", "Doc"),
                CONSTRAINT "FK_StoryKeys_SearchDocs_Doc" FOREIGN KEY ("Doc") REFERENCES "SearchDocs" ("RowId") ON DELETE CASCADE
            ) WITHOUT ROWID;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Postings name their key by its number in StoryTerms (1–3 bytes) instead of its text (a stem of ~10
            // bytes of UTF-8), in the table and in its index by article: 1.6M postings at 100k articles. StoryTerms
            // becomes a rowid table whose rowid is the number, with no index on the key (the story steps hold the
            // whole table in memory when they look a key up: StoryFeaturesConfiguration). Both tables are rebuilt
            // by hand with their rows (StoryKeys WITHOUT ROWID as before, CompactStoryTables), keys numbered in key
            // order as a full regroup numbers them.
            migrationBuilder.Sql(NumberedTerms);
            migrationBuilder.Sql("""
                INSERT INTO "StoryTerms_numbered" ("Key", "Df", "Posted")
                SELECT "Key", "Df", "Posted" FROM "StoryTerms" ORDER BY "Key";
                """);
            migrationBuilder.Sql(NumberedKeys);
            migrationBuilder.Sql("""
                INSERT INTO "StoryKeys_numbered" ("Term", "Doc")
                SELECT t."Id", k."Doc" FROM "StoryKeys" k JOIN "StoryTerms_numbered" t ON t."Key" = k."Key" ORDER BY t."Id", k."Doc";
                """);
            migrationBuilder.Sql("""DROP TABLE "StoryKeys";""");
            migrationBuilder.Sql("""DROP TABLE "StoryTerms";""");
            migrationBuilder.Sql("""ALTER TABLE "StoryTerms_numbered" RENAME TO "StoryTerms";""");
            migrationBuilder.Sql("""ALTER TABLE "StoryKeys_numbered" RENAME TO "StoryKeys";""");
            migrationBuilder.CreateIndex(
                name: "IX_StoryKeys_Doc",
                table: "StoryKeys",
                column: "Doc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TextTerms);
            migrationBuilder.Sql("""
                INSERT INTO "StoryTerms_text" ("Key", "Df", "Posted")
                SELECT "Key", "Df", "Posted" FROM "StoryTerms";
                """);
            migrationBuilder.Sql(TextKeys);
            migrationBuilder.Sql("""
                INSERT INTO "StoryKeys_text" ("Key", "Doc")
                SELECT t."Key", k."Doc" FROM "StoryKeys" k JOIN "StoryTerms" t ON t."Id" = k."Term";
                """);
            migrationBuilder.Sql("""DROP TABLE "StoryKeys";""");
            migrationBuilder.Sql("""DROP TABLE "StoryTerms";""");
            migrationBuilder.Sql("""ALTER TABLE "StoryTerms_text" RENAME TO "StoryTerms";""");
            migrationBuilder.Sql("""ALTER TABLE "StoryKeys_text" RENAME TO "StoryKeys";""");
            migrationBuilder.CreateIndex(
                name: "IX_StoryKeys_Doc",
                table: "StoryKeys",
                column: "Doc");
        }
    }
}
