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

        private static readonly string EvidenceAsRead = $$"""
            coalesce((SELECT '[' || group_concat('[' || (e.value ->> 0) || ',' || coalesce(e.value ->> 3, (e.value ->> 0) + {{PhraseLength}}) || ','
                || (e.value -> 1) || ',' || json_quote((SELECT p."Text" FROM "EvidencePhrases" p WHERE p."No" = e.value ->> 2)) || ']', ',') || ']'
                FROM json_each({0}) e), '[]')
            """;

        private const string EvidenceAsStored = """
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

        private static string TopicsView(string asRead, string asStored) => $$"""
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

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The view's triggers go with it.
            migrationBuilder.Sql("""DROP VIEW "ArticleTopics";""");
            migrationBuilder.Sql($"""UPDATE "TopicRows" SET "Evidence" = {LeanFromFull};""");
            migrationBuilder.Sql(TopicsView(EvidenceAsRead, EvidenceAsStored));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP VIEW "ArticleTopics";""");
            migrationBuilder.Sql($"""UPDATE "TopicRows" SET "Evidence" = {FullFromLean};""");
            migrationBuilder.Sql(TopicsView(FullAsRead, FullAsStored));
        }
    }
}
