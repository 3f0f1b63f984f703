using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class LeanRelationIds : Migration
    {
        // Both ends by their SearchDocs row (1–3 bytes instead of a text id of ~12), the score in ten-thousandths
        // (it is rounded to 4 decimals: 1–2 bytes instead of 8). Both foreign keys cascade, as the text ids' did.
        private const string LeanTable = """
            CREATE TABLE "StoryRelations" (
                "Doc" INTEGER NOT NULL,
                "RelatedDoc" INTEGER NOT NULL,
                "Score" INTEGER NOT NULL,
                "SameStory" INTEGER NOT NULL,
                CONSTRAINT "PK_StoryRelations" PRIMARY KEY ("Doc", "RelatedDoc"),
                CONSTRAINT "FK_StoryRelations_SearchDocs_Doc" FOREIGN KEY ("Doc") REFERENCES "SearchDocs" ("RowId") ON DELETE CASCADE,
                CONSTRAINT "FK_StoryRelations_SearchDocs_RelatedDoc" FOREIGN KEY ("RelatedDoc") REFERENCES "SearchDocs" ("RowId") ON DELETE CASCADE
            ) WITHOUT ROWID;
            """;

        // What EF and every query read: the rows with text ids and the score as the double it was. k / 10000.0 is the
        // double Math.Round(score, 4) gave, and round(score * 10000) gives k back.
        private const string View = """
            CREATE VIEW "ArticleRelations" AS
            SELECT a."ArticleId" AS "ArticleId", b."ArticleId" AS "RelatedId", r."Score" / 10000.0 AS "Score", r."SameStory" AS "SameStory"
            FROM "StoryRelations" r
            JOIN "SearchDocs" a ON a."RowId" = r."Doc"
            JOIN "SearchDocs" b ON b."RowId" = r."RelatedDoc";

            CREATE TRIGGER "ArticleRelations_Insert" INSTEAD OF INSERT ON "ArticleRelations" BEGIN
                INSERT OR REPLACE INTO "StoryRelations" ("Doc", "RelatedDoc", "Score", "SameStory")
                SELECT a."RowId", b."RowId", CAST(round(NEW."Score" * 10000) AS INTEGER), NEW."SameStory"
                FROM "SearchDocs" a, "SearchDocs" b WHERE a."ArticleId" = NEW."ArticleId" AND b."ArticleId" = NEW."RelatedId";
            END;

            CREATE TRIGGER "ArticleRelations_Update" INSTEAD OF UPDATE ON "ArticleRelations" BEGIN
                UPDATE "StoryRelations" SET "Score" = CAST(round(NEW."Score" * 10000) AS INTEGER), "SameStory" = NEW."SameStory"
                WHERE "Doc" = (SELECT "RowId" FROM "SearchDocs" WHERE "ArticleId" = OLD."ArticleId")
                  AND "RelatedDoc" = (SELECT "RowId" FROM "SearchDocs" WHERE "ArticleId" = OLD."RelatedId");
            END;

            CREATE TRIGGER "ArticleRelations_Delete" INSTEAD OF DELETE ON "ArticleRelations" BEGIN
                DELETE FROM "StoryRelations"
                WHERE "Doc" = (SELECT "RowId" FROM "SearchDocs" WHERE "ArticleId" = OLD."ArticleId")
                  AND "RelatedDoc" = (SELECT "RowId" FROM "SearchDocs" WHERE "ArticleId" = OLD."RelatedId");
            END;
            """;

        private const string TextTable = """
            CREATE TABLE "ArticleRelations_text" (
                "ArticleId" TEXT NOT NULL,
                "RelatedId" TEXT NOT NULL,
                "Score" REAL NOT NULL,
                "SameStory" INTEGER NOT NULL,
                CONSTRAINT "PK_ArticleRelations" PRIMARY KEY ("ArticleId", "RelatedId"),
                CONSTRAINT "FK_ArticleRelations_Articles_ArticleId" FOREIGN KEY ("ArticleId") REFERENCES "Articles" ("Id") ON DELETE CASCADE,
                CONSTRAINT "FK_ArticleRelations_Articles_RelatedId" FOREIGN KEY ("RelatedId") REFERENCES "Articles" ("Id") ON DELETE CASCADE
            ) WITHOUT ROWID;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // ArticleRelations becomes a view over StoryRelations (rows keyed by integers), with triggers for writes
            // through it; the EF model is unchanged (EF cannot tell a view from a table when it queries). The bulk
            // writers of the story step write StoryRelations directly. A row whose article has no SearchDocs row
            // (never the case for an ingested one) goes, until the next story step relates it again.
            migrationBuilder.Sql(LeanTable);
            migrationBuilder.Sql("""
                INSERT INTO "StoryRelations" ("Doc", "RelatedDoc", "Score", "SameStory")
                SELECT a."RowId", b."RowId", CAST(round(r."Score" * 10000) AS INTEGER), r."SameStory"
                FROM "ArticleRelations" r
                JOIN "SearchDocs" a ON a."ArticleId" = r."ArticleId"
                JOIN "SearchDocs" b ON b."ArticleId" = r."RelatedId"
                ORDER BY 1, 2;
                """);
            migrationBuilder.Sql("""DROP TABLE "ArticleRelations";""");
            migrationBuilder.Sql(View);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TextTable);
            migrationBuilder.Sql("""
                INSERT INTO "ArticleRelations_text" ("ArticleId", "RelatedId", "Score", "SameStory")
                SELECT "ArticleId", "RelatedId", "Score", "SameStory" FROM "ArticleRelations" ORDER BY 1, 2;
                """);
            migrationBuilder.Sql("""DROP VIEW "ArticleRelations";""");
            migrationBuilder.Sql("""DROP TABLE "StoryRelations";""");
            migrationBuilder.Sql("""ALTER TABLE "ArticleRelations_text" RENAME TO "ArticleRelations";""");
        }
    }
}
