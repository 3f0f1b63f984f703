using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class StoryPostedKeyLists : Migration
    {
        private const string Lists = """
            CREATE TABLE "StoryPostedKeys" (
                "Doc" INTEGER NOT NULL CONSTRAINT "PK_StoryPostedKeys" PRIMARY KEY,
                "Keys" BLOB NOT NULL
            );
            """;

        // StoredPostedKeys' blob: a width byte (3, or 4 when a number needs it), then each number big-endian.
        private const string FillLists = """
            INSERT INTO "StoryPostedKeys" ("Doc", "Keys")
            SELECT "Doc", CASE WHEN MAX("Term") < 16777216
                THEN unhex('03' || group_concat(printf('%06X', "Term"), '' ORDER BY "Term"))
                ELSE unhex('04' || group_concat(printf('%08X', "Term"), '' ORDER BY "Term")) END
            FROM "StoryKeys" GROUP BY "Doc" ORDER BY "Doc";
            """;

        // An article's deletion (its SearchDocs row) takes its postings out through its list, decoded here: the
        // foreign key's cascade would scan the whole table per article without an index by Doc.
        private const string DeleteTrigger = """
            CREATE TRIGGER "StoryPostedKeys_SearchDocs_Delete" AFTER DELETE ON "SearchDocs" BEGIN
                DELETE FROM "StoryKeys" WHERE "Doc" = old."RowId" AND "Term" IN (
                    WITH RECURSIVE
                        list(x, w) AS (
                            SELECT hex("Keys"), CASE WHEN substr(hex("Keys"), 1, 2) = '04' THEN 8 ELSE 6 END
                            FROM "StoryPostedKeys" WHERE "Doc" = old."RowId"),
                        n(i) AS (
                            SELECT 0 FROM list WHERE w + 2 <= length(x)
                            UNION ALL
                            SELECT i + 1 FROM n, list WHERE (i + 2) * w + 2 <= length(x)),
                        chunk(c) AS (SELECT substr('00' || substr(x, 3 + i * w, w), -8) FROM n, list)
                    SELECT ((instr('0123456789ABCDEF', substr(c, 1, 1)) - 1) << 28)
                        | ((instr('0123456789ABCDEF', substr(c, 2, 1)) - 1) << 24)
                        | ((instr('0123456789ABCDEF', substr(c, 3, 1)) - 1) << 20)
                        | ((instr('0123456789ABCDEF', substr(c, 4, 1)) - 1) << 16)
                        | ((instr('0123456789ABCDEF', substr(c, 5, 1)) - 1) << 12)
                        | ((instr('0123456789ABCDEF', substr(c, 6, 1)) - 1) << 8)
                        | ((instr('0123456789ABCDEF', substr(c, 7, 1)) - 1) << 4)
                        | (instr('0123456789ABCDEF', substr(c, 8, 1)) - 1)
                    FROM chunk);
                DELETE FROM "StoryPostedKeys" WHERE "Doc" = old."RowId";
            END;
            """;

        private const string LeanKeys = """
            CREATE TABLE "StoryKeys_lean" (
                "Term" INTEGER NOT NULL,
                "Doc" INTEGER NOT NULL,
                CONSTRAINT "PK_StoryKeys" PRIMARY KEY ("Term", "Doc")
            ) WITHOUT ROWID;
            """;

        private const string CascadingKeys = """
            CREATE TABLE "StoryKeys_cascading" (
                "Term" INTEGER NOT NULL,
                "Doc" INTEGER NOT NULL,
                CONSTRAINT "PK_StoryKeys" PRIMARY KEY ("Term", "Doc"),
                CONSTRAINT "FK_StoryKeys_SearchDocs_Doc" FOREIGN KEY ("Doc") REFERENCES "SearchDocs" ("RowId") ON DELETE CASCADE
            ) WITHOUT ROWID;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // StoryKeys' index by article (17.9 MiB at 100k ANT articles) gives way to a list of each article's
            // posted key numbers (StoredPostedKeys, ~6 MiB). The table is rebuilt without its foreign key to
            // SearchDocs (whose cascade needs that index), and a trigger deletes a deleted article's postings.
            migrationBuilder.Sql(Lists);
            migrationBuilder.Sql(FillLists);
            migrationBuilder.Sql(LeanKeys);
            migrationBuilder.Sql("""
                INSERT INTO "StoryKeys_lean" ("Term", "Doc") SELECT "Term", "Doc" FROM "StoryKeys" ORDER BY "Term", "Doc";
                """);
            migrationBuilder.Sql("""DROP TABLE "StoryKeys";""");
            migrationBuilder.Sql("""ALTER TABLE "StoryKeys_lean" RENAME TO "StoryKeys";""");
            migrationBuilder.Sql(DeleteTrigger);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "StoryPostedKeys_SearchDocs_Delete";""");
            migrationBuilder.Sql(CascadingKeys);
            migrationBuilder.Sql("""
                INSERT INTO "StoryKeys_cascading" ("Term", "Doc") SELECT "Term", "Doc" FROM "StoryKeys" ORDER BY "Term", "Doc";
                """);
            migrationBuilder.Sql("""DROP TABLE "StoryKeys";""");
            migrationBuilder.Sql("""ALTER TABLE "StoryKeys_cascading" RENAME TO "StoryKeys";""");
            migrationBuilder.Sql("""DROP TABLE "StoryPostedKeys";""");
            migrationBuilder.CreateIndex(
                name: "IX_StoryKeys_Doc",
                table: "StoryKeys",
                column: "Doc");
        }
    }
}
