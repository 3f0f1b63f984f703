using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class LeanStoryTables : Migration
    {
        // A topic's evidence was stored as [start, end, weight, phrase number] (LeanFacts); the end is the start plus
        // the phrase's length (a piece of evidence is the source's slice between its offsets, and the phrase is that
        // slice: true of all 1,023,489 at 100k ANT), so it is stored as [start, weight, phrase number], with the end as
        // a fourth element only where it is not that (a character outside the BMP counts once in SQLite's length(),
        // twice in .NET's). 4.2 MB of the 19.6 MB of evidence at 100k ANT. The view reads the same JSON as before
        // ([start, end, weight, "text"], TopicEvidenceJson): the weight is copied as the JSON number it was written
        // as, and the end computed as an integer prints as the one stored did.
        // One scan of json_each with the phrase looked up per element, no ORDER BY in the aggregate (see LeanFacts).
        private const string PhraseLength = """(SELECT length(p."Text") FROM "EvidencePhrases" p WHERE p."No" = e.value ->> 2)""";

        internal static readonly string EvidenceAsRead = $$"""
            coalesce((SELECT '[' || group_concat('[' || (e.value ->> 0) || ',' || coalesce(e.value ->> 3, (e.value ->> 0) + {{PhraseLength}}) || ','
                || (e.value -> 1) || ',' || json_quote((SELECT p."Text" FROM "EvidencePhrases" p WHERE p."No" = e.value ->> 2)) || ']', ',') || ']'
                FROM json_each({0}) e), '[]')
            """;

        internal const string EvidenceAsStored = """
            coalesce((SELECT '[' || group_concat('[' || (e.value ->> 0) || ',' || (e.value -> 2) || ','
                || (SELECT p."No" FROM "EvidencePhrases" p WHERE p."Text" = e.value ->> 3)
                || CASE WHEN (e.value ->> 1) = (e.value ->> 0) + length(e.value ->> 3) THEN '' ELSE ',' || (e.value ->> 1) END || ']', ',') || ']'
                FROM json_each({0}) e), '[]')
            """;

        // From LeanFacts' stored form ([start, end, weight, phrase number]) and back to it.
        private const string LeanFromFull = """
            coalesce((SELECT '[' || group_concat('[' || (e.value ->> 0) || ',' || (e.value -> 2) || ',' || (e.value ->> 3)
                || CASE WHEN (e.value ->> 1) = (e.value ->> 0) + (SELECT length(p."Text") FROM "EvidencePhrases" p WHERE p."No" = e.value ->> 3)
                    THEN '' ELSE ',' || (e.value ->> 1) END || ']', ',') || ']'
                FROM json_each("Evidence") e), '[]')
            """;

        private static readonly string FullFromLean = $$"""
            coalesce((SELECT '[' || group_concat('[' || (e.value ->> 0) || ',' || coalesce(e.value ->> 3, (e.value ->> 0) + {{PhraseLength}}) || ','
                || (e.value -> 1) || ',' || (e.value ->> 2) || ']', ',') || ']'
                FROM json_each("Evidence") e), '[]')
            """;

        // LeanFacts' forms, for Down.
        private const string FullAsRead = """
            coalesce((SELECT '[' || group_concat('[' || (e.value ->> 0) || ',' || (e.value ->> 1) || ',' || (e.value -> 2) || ','
                || json_quote((SELECT p."Text" FROM "EvidencePhrases" p WHERE p."No" = e.value ->> 3)) || ']', ',') || ']'
                FROM json_each({0}) e), '[]')
            """;

        private const string FullAsStored = """
            coalesce((SELECT '[' || group_concat('[' || (e.value ->> 0) || ',' || (e.value ->> 1) || ',' || (e.value -> 2) || ','
                || (SELECT p."No" FROM "EvidencePhrases" p WHERE p."Text" = e.value ->> 3) || ']', ',') || ']'
                FROM json_each({0}) e), '[]')
            """;

        private static string Evidence(string form, string column) => form.Replace("{0}", column, System.StringComparison.Ordinal);

        internal static string TopicsView(string asRead, string asStored) => $$"""
            CREATE VIEW "ArticleTopics" AS
            SELECT d."ArticleId" AS "ArticleId", n."Slug" AS "TopicSlug", t."Score" AS "Score",
                {{Evidence(asRead, "t.\"Evidence\"")}} AS "Evidence"
            FROM "TopicRows" t
            JOIN "SearchDocs" d ON d."RowId" = t."Doc"
            JOIN "TopicNumbers" n ON n."No" = t."Topic";

            CREATE TRIGGER "ArticleTopics_Insert" INSTEAD OF INSERT ON "ArticleTopics" BEGIN
                INSERT OR IGNORE INTO "SearchDocs" ("ArticleId") VALUES (NEW."ArticleId");
                INSERT OR IGNORE INTO "EvidencePhrases" ("Text") SELECT e.value ->> 3 FROM json_each(NEW."Evidence") e;
                INSERT OR IGNORE INTO "TopicNumbers" ("Slug") VALUES (NEW."TopicSlug");
                INSERT INTO "TopicRows" ("Doc", "Topic", "Score", "Evidence")
                SELECT d."RowId", n."No", NEW."Score", {{Evidence(asStored, "NEW.\"Evidence\"")}}
                FROM "SearchDocs" d, "TopicNumbers" n WHERE d."ArticleId" = NEW."ArticleId" AND n."Slug" = NEW."TopicSlug";
            END;

            CREATE TRIGGER "ArticleTopics_Update" INSTEAD OF UPDATE ON "ArticleTopics" BEGIN
                INSERT OR IGNORE INTO "EvidencePhrases" ("Text") SELECT e.value ->> 3 FROM json_each(NEW."Evidence") e;
                DELETE FROM "TopicRows"
                WHERE "Doc" = (SELECT "RowId" FROM "SearchDocs" WHERE "ArticleId" = OLD."ArticleId")
                  AND "Topic" = (SELECT "No" FROM "TopicNumbers" WHERE "Slug" = OLD."TopicSlug");
                INSERT OR IGNORE INTO "SearchDocs" ("ArticleId") VALUES (NEW."ArticleId");
                INSERT OR IGNORE INTO "TopicNumbers" ("Slug") VALUES (NEW."TopicSlug");
                INSERT INTO "TopicRows" ("Doc", "Topic", "Score", "Evidence")
                SELECT d."RowId", n."No", NEW."Score", {{Evidence(asStored, "NEW.\"Evidence\"")}}
                FROM "SearchDocs" d, "TopicNumbers" n WHERE d."ArticleId" = NEW."ArticleId" AND n."Slug" = NEW."TopicSlug";
            END;

            CREATE TRIGGER "ArticleTopics_Delete" INSTEAD OF DELETE ON "ArticleTopics" BEGIN
                DELETE FROM "TopicRows"
                WHERE "Doc" = (SELECT "RowId" FROM "SearchDocs" WHERE "ArticleId" = OLD."ArticleId")
                  AND "Topic" = (SELECT "No" FROM "TopicNumbers" WHERE "Slug" = OLD."TopicSlug");
            END;
            """;

        // Date evidence names its article by its SearchDocs row and its meaning (English and Arabic, 1,825 distinct for
        // 40,670 pieces at 100k ANT, ~80 bytes a piece) by its number in DateMeanings, under a view of the old name
        // (as LeanFacts did for mentions): 7.6 → 3.1 MB there with the indexes. The text stays (11 bytes a piece).
        private const string LeanDates = """
            CREATE TABLE "DateMeanings" (
                "No" INTEGER NOT NULL CONSTRAINT "PK_DateMeanings" PRIMARY KEY,
                "Meaning" TEXT NOT NULL,
                "MeaningAr" TEXT NOT NULL,
                CONSTRAINT "AK_DateMeanings_Meaning_MeaningAr" UNIQUE ("Meaning", "MeaningAr")
            );

            CREATE TABLE "DateRows" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_DateRows" PRIMARY KEY AUTOINCREMENT,
                "Doc" INTEGER NOT NULL,
                "Start" INTEGER NOT NULL,
                "End" INTEGER NOT NULL,
                "Text" TEXT NOT NULL,
                "Meaning" INTEGER NOT NULL,
                CONSTRAINT "FK_DateRows_SearchDocs_Doc" FOREIGN KEY ("Doc") REFERENCES "SearchDocs" ("RowId") ON DELETE CASCADE,
                CONSTRAINT "FK_DateRows_DateMeanings_Meaning" FOREIGN KEY ("Meaning") REFERENCES "DateMeanings" ("No")
            );
            """;

        private const string DatesView = """
            CREATE VIEW "DateEvidence" AS
            SELECT r."Id" AS "Id", d."ArticleId" AS "ArticleId", r."Start" AS "Start", r."End" AS "End", r."Text" AS "Text",
                m."Meaning" AS "Meaning", m."MeaningAr" AS "MeaningAr"
            FROM "DateRows" r
            JOIN "SearchDocs" d ON d."RowId" = r."Doc"
            JOIN "DateMeanings" m ON m."No" = r."Meaning";

            CREATE TRIGGER "DateEvidence_Insert" INSTEAD OF INSERT ON "DateEvidence" BEGIN
                INSERT OR IGNORE INTO "SearchDocs" ("ArticleId") VALUES (NEW."ArticleId");
                INSERT OR IGNORE INTO "DateMeanings" ("Meaning", "MeaningAr") VALUES (NEW."Meaning", coalesce(NEW."MeaningAr", ''));
                INSERT INTO "DateRows" ("Id", "Doc", "Start", "End", "Text", "Meaning")
                SELECT NEW."Id", d."RowId", NEW."Start", NEW."End", NEW."Text", m."No"
                FROM "SearchDocs" d, "DateMeanings" m
                WHERE d."ArticleId" = NEW."ArticleId" AND m."Meaning" = NEW."Meaning" AND m."MeaningAr" = coalesce(NEW."MeaningAr", '');
            END;

            CREATE TRIGGER "DateEvidence_Update" INSTEAD OF UPDATE ON "DateEvidence" BEGIN
                INSERT OR IGNORE INTO "SearchDocs" ("ArticleId") VALUES (NEW."ArticleId");
                INSERT OR IGNORE INTO "DateMeanings" ("Meaning", "MeaningAr") VALUES (NEW."Meaning", coalesce(NEW."MeaningAr", ''));
                UPDATE "DateRows" SET
                    "Doc" = (SELECT "RowId" FROM "SearchDocs" WHERE "ArticleId" = NEW."ArticleId"),
                    "Start" = NEW."Start", "End" = NEW."End", "Text" = NEW."Text",
                    "Meaning" = (SELECT "No" FROM "DateMeanings" WHERE "Meaning" = NEW."Meaning" AND "MeaningAr" = coalesce(NEW."MeaningAr", ''))
                WHERE "Id" = OLD."Id";
            END;

            CREATE TRIGGER "DateEvidence_Delete" INSTEAD OF DELETE ON "DateEvidence" BEGIN
                DELETE FROM "DateRows" WHERE "Id" = OLD."Id";
            END;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The view's triggers go with it.
            migrationBuilder.Sql("""DROP VIEW "ArticleTopics";""");
            migrationBuilder.Sql($"""UPDATE "TopicRows" SET "Evidence" = {LeanFromFull};""");
            migrationBuilder.Sql(TopicsView(EvidenceAsRead, EvidenceAsStored));

            migrationBuilder.Sql(LeanDates);
            // Every ingested article has its SearchDocs row; this covers a store that somehow lacks one.
            migrationBuilder.Sql("""
                INSERT INTO "SearchDocs" ("ArticleId")
                SELECT DISTINCT "ArticleId" FROM "DateEvidence" EXCEPT SELECT "ArticleId" FROM "SearchDocs";
                INSERT INTO "DateMeanings" ("Meaning", "MeaningAr") SELECT DISTINCT "Meaning", "MeaningAr" FROM "DateEvidence" ORDER BY 1, 2;
                INSERT INTO "DateRows" ("Id", "Doc", "Start", "End", "Text", "Meaning")
                SELECT e."Id", d."RowId", e."Start", e."End", e."Text", m."No"
                FROM "DateEvidence" e
                JOIN "SearchDocs" d ON d."ArticleId" = e."ArticleId"
                JOIN "DateMeanings" m ON m."Meaning" = e."Meaning" AND m."MeaningAr" = e."MeaningAr"
                ORDER BY e."Id";
                CREATE INDEX "IX_DateRows_Doc" ON "DateRows" ("Doc");
                """);
            // Its index goes with it.
            migrationBuilder.Sql("""DROP TABLE "DateEvidence";""");
            migrationBuilder.Sql(DatesView);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP VIEW "ArticleTopics";""");
            migrationBuilder.Sql($"""UPDATE "TopicRows" SET "Evidence" = {FullFromLean};""");
            migrationBuilder.Sql(TopicsView(FullAsRead, FullAsStored));

            migrationBuilder.Sql("""
                CREATE TABLE "DateEvidence_text" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_DateEvidence" PRIMARY KEY AUTOINCREMENT,
                    "ArticleId" TEXT NOT NULL,
                    "Start" INTEGER NOT NULL,
                    "End" INTEGER NOT NULL,
                    "Text" TEXT NOT NULL,
                    "Meaning" TEXT NOT NULL,
                    "MeaningAr" TEXT NOT NULL DEFAULT '',
                    CONSTRAINT "FK_DateEvidence_Articles_ArticleId" FOREIGN KEY ("ArticleId") REFERENCES "Articles" ("Id") ON DELETE CASCADE
                );
                INSERT INTO "DateEvidence_text" ("Id", "ArticleId", "Start", "End", "Text", "Meaning", "MeaningAr")
                SELECT "Id", "ArticleId", "Start", "End", "Text", "Meaning", "MeaningAr" FROM "DateEvidence" ORDER BY "Id";
                """);
            // The view's triggers go with it.
            migrationBuilder.Sql("""DROP VIEW "DateEvidence";""");
            migrationBuilder.Sql("""DROP TABLE "DateRows";""");
            migrationBuilder.Sql("""DROP TABLE "DateMeanings";""");
            migrationBuilder.Sql("""
                ALTER TABLE "DateEvidence_text" RENAME TO "DateEvidence";
                CREATE INDEX "IX_DateEvidence_ArticleId" ON "DateEvidence" ("ArticleId");
                """);
        }
    }
}
