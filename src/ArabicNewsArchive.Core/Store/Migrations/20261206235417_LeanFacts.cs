using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class LeanFacts : Migration
    {
        // Mentions, quotes and topics name their article by its SearchDocs row and their person or topic by a number
        // (PersonNumbers, TopicNumbers): 1–3 bytes instead of a text id of ~12 and a slug of ~13, in each row and again
        // in each index. A mention's text is a number too: 42,518 spellings for 530,687 mentions at 100k ANT
        // (MentionTexts; the person page groups a person's mentions by it).
        // The tables the EF model maps keep their names as views with INSTEAD OF triggers (as ArticleRelations since
        // LeanRelationIds), so every query reads them as before. A fact's article must have a SearchDocs row: the insert
        // triggers add it when missing (ingestion writes it before the facts), and deleting it deletes the facts.
        private const string LeanTables = """
            CREATE TABLE "PersonNumbers" (
                "No" INTEGER NOT NULL CONSTRAINT "PK_PersonNumbers" PRIMARY KEY,
                "Slug" TEXT NOT NULL CONSTRAINT "AK_PersonNumbers_Slug" UNIQUE,
                CONSTRAINT "FK_PersonNumbers_People_Slug" FOREIGN KEY ("Slug") REFERENCES "People" ("Slug") ON DELETE CASCADE ON UPDATE CASCADE
            );

            CREATE TABLE "TopicNumbers" (
                "No" INTEGER NOT NULL CONSTRAINT "PK_TopicNumbers" PRIMARY KEY,
                "Slug" TEXT NOT NULL CONSTRAINT "AK_TopicNumbers_Slug" UNIQUE,
                CONSTRAINT "FK_TopicNumbers_Topics_Slug" FOREIGN KEY ("Slug") REFERENCES "Topics" ("Slug") ON DELETE CASCADE ON UPDATE CASCADE
            );

            CREATE TABLE "MentionTexts" (
                "No" INTEGER NOT NULL CONSTRAINT "PK_MentionTexts" PRIMARY KEY,
                "Text" TEXT NOT NULL CONSTRAINT "AK_MentionTexts_Text" UNIQUE
            );

            CREATE TABLE "MentionRows" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_MentionRows" PRIMARY KEY,
                "Doc" INTEGER NOT NULL,
                "Person" INTEGER NOT NULL,
                "Start" INTEGER NOT NULL,
                "End" INTEGER NOT NULL,
                "Text" INTEGER NOT NULL,
                CONSTRAINT "FK_MentionRows_SearchDocs_Doc" FOREIGN KEY ("Doc") REFERENCES "SearchDocs" ("RowId") ON DELETE CASCADE,
                CONSTRAINT "FK_MentionRows_PersonNumbers_Person" FOREIGN KEY ("Person") REFERENCES "PersonNumbers" ("No") ON DELETE CASCADE,
                CONSTRAINT "FK_MentionRows_MentionTexts_Text" FOREIGN KEY ("Text") REFERENCES "MentionTexts" ("No")
            );

            CREATE TABLE "QuoteRows" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_QuoteRows" PRIMARY KEY,
                "Doc" INTEGER NOT NULL,
                "Person" INTEGER NOT NULL,
                "Start" INTEGER NOT NULL,
                "End" INTEGER NOT NULL,
                "CueStart" INTEGER NOT NULL,
                "CueEnd" INTEGER NOT NULL,
                CONSTRAINT "FK_QuoteRows_SearchDocs_Doc" FOREIGN KEY ("Doc") REFERENCES "SearchDocs" ("RowId") ON DELETE CASCADE,
                CONSTRAINT "FK_QuoteRows_PersonNumbers_Person" FOREIGN KEY ("Person") REFERENCES "PersonNumbers" ("No") ON DELETE CASCADE
            );

            CREATE TABLE "EvidencePhrases" (
                "No" INTEGER NOT NULL CONSTRAINT "PK_EvidencePhrases" PRIMARY KEY,
                "Text" TEXT NOT NULL CONSTRAINT "AK_EvidencePhrases_Text" UNIQUE
            );

            CREATE TABLE "TopicRows" (
                "Doc" INTEGER NOT NULL,
                "Topic" INTEGER NOT NULL,
                "Score" REAL NOT NULL,
                "Evidence" TEXT NOT NULL,
                CONSTRAINT "PK_TopicRows" PRIMARY KEY ("Doc", "Topic"),
                CONSTRAINT "FK_TopicRows_SearchDocs_Doc" FOREIGN KEY ("Doc") REFERENCES "SearchDocs" ("RowId") ON DELETE CASCADE,
                CONSTRAINT "FK_TopicRows_TopicNumbers_Topic" FOREIGN KEY ("Topic") REFERENCES "TopicNumbers" ("No") ON DELETE CASCADE
            ) WITHOUT ROWID;
            """;

        private const string LeanIndexes = """
            CREATE INDEX "IX_MentionRows_Doc" ON "MentionRows" ("Doc");
            CREATE INDEX "IX_MentionRows_Person_Doc" ON "MentionRows" ("Person", "Doc");
            CREATE INDEX "IX_QuoteRows_Doc" ON "QuoteRows" ("Doc");
            CREATE INDEX "IX_QuoteRows_Person_Doc" ON "QuoteRows" ("Person", "Doc");
            CREATE INDEX "IX_TopicRows_Topic" ON "TopicRows" ("Topic");
            """;

        // A topic's evidence as stored, [start, end, weight, phrase number], and as read, [start, end, weight, "text"]
        // (TopicEvidenceJson). The weight is copied as the JSON number it was written as, so it reads back as the
        // same double. The phrases are few (7,396 for 1,025,120 pieces of evidence at 100k ANT).
        // One scan of json_each, which yields the array in order, with the phrase looked up per element: no ORDER BY
        // inside the aggregate, which SQLite before 3.44 cannot parse (a view or trigger holding one would make the
        // whole file unreadable to an older sqlite3 shell).
        private const string EvidenceAsStored = """
            coalesce((SELECT '[' || group_concat('[' || (e.value ->> 0) || ',' || (e.value ->> 1) || ',' || (e.value -> 2) || ','
                || (SELECT p."No" FROM "EvidencePhrases" p WHERE p."Text" = e.value ->> 3) || ']', ',') || ']'
                FROM json_each({0}) e), '[]')
            """;

        private const string EvidenceAsRead = """
            coalesce((SELECT '[' || group_concat('[' || (e.value ->> 0) || ',' || (e.value ->> 1) || ',' || (e.value -> 2) || ','
                || json_quote((SELECT p."Text" FROM "EvidencePhrases" p WHERE p."No" = e.value ->> 3)) || ']', ',') || ']'
                FROM json_each({0}) e), '[]')
            """;

        private static string Evidence(string form, string column) => form.Replace("{0}", column, System.StringComparison.Ordinal);

        // Every mention has its text: the LEFT JOIN only lets SQLite skip the lookup where a query reads no text (the
        // search snapshot's article-person pairs, the index's persons column).
        // A quote's text is the source's between its offsets, which the source text (compressed in Articles) holds:
        // the view answers "" and the readers slice the source (SearchService, the person page).
        private static readonly string Views = $$"""
            CREATE VIEW "Mentions" AS
            SELECT m."Id" AS "Id", d."ArticleId" AS "ArticleId", p."Slug" AS "PersonSlug", m."Start" AS "Start", m."End" AS "End", t."Text" AS "Text"
            FROM "MentionRows" m
            JOIN "SearchDocs" d ON d."RowId" = m."Doc"
            JOIN "PersonNumbers" p ON p."No" = m."Person"
            LEFT JOIN "MentionTexts" t ON t."No" = m."Text";

            CREATE TRIGGER "Mentions_Insert" INSTEAD OF INSERT ON "Mentions" BEGIN
                INSERT OR IGNORE INTO "SearchDocs" ("ArticleId") VALUES (NEW."ArticleId");
                INSERT OR IGNORE INTO "PersonNumbers" ("Slug") VALUES (NEW."PersonSlug");
                INSERT OR IGNORE INTO "MentionTexts" ("Text") VALUES (NEW."Text");
                INSERT INTO "MentionRows" ("Id", "Doc", "Person", "Start", "End", "Text")
                SELECT NEW."Id", d."RowId", p."No", NEW."Start", NEW."End", t."No"
                FROM "SearchDocs" d, "PersonNumbers" p, "MentionTexts" t
                WHERE d."ArticleId" = NEW."ArticleId" AND p."Slug" = NEW."PersonSlug" AND t."Text" = NEW."Text";
            END;

            CREATE TRIGGER "Mentions_Update" INSTEAD OF UPDATE ON "Mentions" BEGIN
                INSERT OR IGNORE INTO "SearchDocs" ("ArticleId") VALUES (NEW."ArticleId");
                INSERT OR IGNORE INTO "PersonNumbers" ("Slug") VALUES (NEW."PersonSlug");
                INSERT OR IGNORE INTO "MentionTexts" ("Text") VALUES (NEW."Text");
                UPDATE "MentionRows" SET
                    "Doc" = (SELECT "RowId" FROM "SearchDocs" WHERE "ArticleId" = NEW."ArticleId"),
                    "Person" = (SELECT "No" FROM "PersonNumbers" WHERE "Slug" = NEW."PersonSlug"),
                    "Start" = NEW."Start", "End" = NEW."End", "Text" = (SELECT "No" FROM "MentionTexts" WHERE "Text" = NEW."Text")
                WHERE "Id" = OLD."Id";
            END;

            CREATE TRIGGER "Mentions_Delete" INSTEAD OF DELETE ON "Mentions" BEGIN
                DELETE FROM "MentionRows" WHERE "Id" = OLD."Id";
            END;

            CREATE VIEW "Quotes" AS
            SELECT q."Id" AS "Id", d."ArticleId" AS "ArticleId", p."Slug" AS "PersonSlug", q."Start" AS "Start", q."End" AS "End", '' AS "Text",
                q."CueStart" AS "CueStart", q."CueEnd" AS "CueEnd"
            FROM "QuoteRows" q
            JOIN "SearchDocs" d ON d."RowId" = q."Doc"
            JOIN "PersonNumbers" p ON p."No" = q."Person";

            CREATE TRIGGER "Quotes_Insert" INSTEAD OF INSERT ON "Quotes" BEGIN
                INSERT OR IGNORE INTO "SearchDocs" ("ArticleId") VALUES (NEW."ArticleId");
                INSERT OR IGNORE INTO "PersonNumbers" ("Slug") VALUES (NEW."PersonSlug");
                INSERT INTO "QuoteRows" ("Id", "Doc", "Person", "Start", "End", "CueStart", "CueEnd")
                SELECT NEW."Id", d."RowId", p."No", NEW."Start", NEW."End", NEW."CueStart", NEW."CueEnd"
                FROM "SearchDocs" d, "PersonNumbers" p WHERE d."ArticleId" = NEW."ArticleId" AND p."Slug" = NEW."PersonSlug";
            END;

            CREATE TRIGGER "Quotes_Update" INSTEAD OF UPDATE ON "Quotes" BEGIN
                INSERT OR IGNORE INTO "SearchDocs" ("ArticleId") VALUES (NEW."ArticleId");
                INSERT OR IGNORE INTO "PersonNumbers" ("Slug") VALUES (NEW."PersonSlug");
                UPDATE "QuoteRows" SET
                    "Doc" = (SELECT "RowId" FROM "SearchDocs" WHERE "ArticleId" = NEW."ArticleId"),
                    "Person" = (SELECT "No" FROM "PersonNumbers" WHERE "Slug" = NEW."PersonSlug"),
                    "Start" = NEW."Start", "End" = NEW."End", "CueStart" = NEW."CueStart", "CueEnd" = NEW."CueEnd"
                WHERE "Id" = OLD."Id";
            END;

            CREATE TRIGGER "Quotes_Delete" INSTEAD OF DELETE ON "Quotes" BEGIN
                DELETE FROM "QuoteRows" WHERE "Id" = OLD."Id";
            END;

            CREATE VIEW "ArticleTopics" AS
            SELECT d."ArticleId" AS "ArticleId", n."Slug" AS "TopicSlug", t."Score" AS "Score",
                {{Evidence(EvidenceAsRead, "t.\"Evidence\"")}} AS "Evidence"
            FROM "TopicRows" t
            JOIN "SearchDocs" d ON d."RowId" = t."Doc"
            JOIN "TopicNumbers" n ON n."No" = t."Topic";

            CREATE TRIGGER "ArticleTopics_Insert" INSTEAD OF INSERT ON "ArticleTopics" BEGIN
                INSERT OR IGNORE INTO "SearchDocs" ("ArticleId") VALUES (NEW."ArticleId");
                INSERT OR IGNORE INTO "EvidencePhrases" ("Text") SELECT e.value ->> 3 FROM json_each(NEW."Evidence") e;
                INSERT OR IGNORE INTO "TopicNumbers" ("Slug") VALUES (NEW."TopicSlug");
                INSERT INTO "TopicRows" ("Doc", "Topic", "Score", "Evidence")
                SELECT d."RowId", n."No", NEW."Score", {{Evidence(EvidenceAsStored, "NEW.\"Evidence\"")}}
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
                SELECT d."RowId", n."No", NEW."Score", {{Evidence(EvidenceAsStored, "NEW.\"Evidence\"")}}
                FROM "SearchDocs" d, "TopicNumbers" n WHERE d."ArticleId" = NEW."ArticleId" AND n."Slug" = NEW."TopicSlug";
            END;

            CREATE TRIGGER "ArticleTopics_Delete" INSTEAD OF DELETE ON "ArticleTopics" BEGIN
                DELETE FROM "TopicRows"
                WHERE "Doc" = (SELECT "RowId" FROM "SearchDocs" WHERE "ArticleId" = OLD."ArticleId")
                  AND "Topic" = (SELECT "No" FROM "TopicNumbers" WHERE "Slug" = OLD."TopicSlug");
            END;

            CREATE TRIGGER SearchMeta_Mentions_Insert AFTER INSERT ON MentionRows BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
            CREATE TRIGGER SearchMeta_Mentions_Update AFTER UPDATE ON MentionRows BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
            CREATE TRIGGER SearchMeta_Mentions_Delete AFTER DELETE ON MentionRows BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
            CREATE TRIGGER SearchMeta_ArticleTopics_Insert AFTER INSERT ON TopicRows BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
            CREATE TRIGGER SearchMeta_ArticleTopics_Update AFTER UPDATE ON TopicRows BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
            CREATE TRIGGER SearchMeta_ArticleTopics_Delete AFTER DELETE ON TopicRows BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The digest as its 32 bytes (the model converts; the column keeps its declared type, as SourceText did in
            // CompressedText: altering it would rebuild Articles and lose its search triggers). A value that is not a
            // digest's hex stays as it is, and reads back as it was.
            migrationBuilder.Sql("""UPDATE "Articles" SET "Sha256" = unhex("Sha256") WHERE typeof("Sha256") = 'text' AND length("Sha256") = 64 AND unhex("Sha256") IS NOT NULL;""");
            migrationBuilder.Sql("""UPDATE "ArticleRevisions" SET "Sha256" = unhex("Sha256") WHERE typeof("Sha256") = 'text' AND length("Sha256") = 64 AND unhex("Sha256") IS NOT NULL;""");

            migrationBuilder.Sql(LeanTables);
            // Every ingested article has its SearchDocs row; this covers a store that somehow lacks one.
            migrationBuilder.Sql("""
                INSERT INTO "SearchDocs" ("ArticleId")
                SELECT "ArticleId" FROM "Mentions" UNION SELECT "ArticleId" FROM "Quotes" UNION SELECT "ArticleId" FROM "ArticleTopics"
                EXCEPT SELECT "ArticleId" FROM "SearchDocs";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "PersonNumbers" ("Slug")
                SELECT "PersonSlug" FROM "Mentions" UNION SELECT "PersonSlug" FROM "Quotes" ORDER BY 1;
                """);
            migrationBuilder.Sql("""
                INSERT INTO "TopicNumbers" ("Slug") SELECT "Slug" FROM "Topics" ORDER BY 1;
                INSERT INTO "MentionTexts" ("Text") SELECT DISTINCT "Text" FROM "Mentions" ORDER BY 1;
                """);
            migrationBuilder.Sql("""
                INSERT INTO "MentionRows" ("Id", "Doc", "Person", "Start", "End", "Text")
                SELECT m."Id", d."RowId", p."No", m."Start", m."End", t."No"
                FROM "Mentions" m
                JOIN "SearchDocs" d ON d."ArticleId" = m."ArticleId"
                JOIN "PersonNumbers" p ON p."Slug" = m."PersonSlug"
                JOIN "MentionTexts" t ON t."Text" = m."Text"
                ORDER BY m."Id";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "QuoteRows" ("Id", "Doc", "Person", "Start", "End", "CueStart", "CueEnd")
                SELECT q."Id", d."RowId", p."No", q."Start", q."End", q."CueStart", q."CueEnd"
                FROM "Quotes" q JOIN "SearchDocs" d ON d."ArticleId" = q."ArticleId" JOIN "PersonNumbers" p ON p."Slug" = q."PersonSlug"
                ORDER BY q."Id";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "EvidencePhrases" ("Text")
                SELECT DISTINCT e.value ->> 3 FROM "ArticleTopics" t, json_each(t."Evidence") e ORDER BY 1;
                """);
            migrationBuilder.Sql($"""
                INSERT INTO "TopicRows" ("Doc", "Topic", "Score", "Evidence")
                SELECT d."RowId", n."No", t."Score", {Evidence(EvidenceAsStored, "t.\"Evidence\"")}
                FROM "ArticleTopics" t JOIN "SearchDocs" d ON d."ArticleId" = t."ArticleId" JOIN "TopicNumbers" n ON n."Slug" = t."TopicSlug"
                ORDER BY 1, 2;
                """);
            migrationBuilder.Sql(LeanIndexes);
            // Their indexes and version triggers go with them; the triggers come back on the lean tables.
            migrationBuilder.Sql("""DROP TABLE "Mentions";""");
            migrationBuilder.Sql("""DROP TABLE "Quotes";""");
            migrationBuilder.Sql("""DROP TABLE "ArticleTopics";""");
            migrationBuilder.Sql(Views);
        }

        private const string TextTables = """
            CREATE TABLE "Mentions_text" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_Mentions" PRIMARY KEY AUTOINCREMENT,
                "ArticleId" TEXT NOT NULL,
                "PersonSlug" TEXT NOT NULL,
                "Start" INTEGER NOT NULL,
                "End" INTEGER NOT NULL,
                "Text" TEXT NOT NULL,
                CONSTRAINT "FK_Mentions_Articles_ArticleId" FOREIGN KEY ("ArticleId") REFERENCES "Articles" ("Id") ON DELETE CASCADE,
                CONSTRAINT "FK_Mentions_People_PersonSlug" FOREIGN KEY ("PersonSlug") REFERENCES "People" ("Slug") ON DELETE CASCADE
            );

            CREATE TABLE "Quotes_text" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_Quotes" PRIMARY KEY AUTOINCREMENT,
                "ArticleId" TEXT NOT NULL,
                "PersonSlug" TEXT NOT NULL,
                "Start" INTEGER NOT NULL,
                "End" INTEGER NOT NULL,
                "Text" TEXT NOT NULL,
                "CueStart" INTEGER NOT NULL,
                "CueEnd" INTEGER NOT NULL,
                CONSTRAINT "FK_Quotes_Articles_ArticleId" FOREIGN KEY ("ArticleId") REFERENCES "Articles" ("Id") ON DELETE CASCADE,
                CONSTRAINT "FK_Quotes_People_PersonSlug" FOREIGN KEY ("PersonSlug") REFERENCES "People" ("Slug") ON DELETE CASCADE
            );

            CREATE TABLE "ArticleTopics_text" (
                "ArticleId" TEXT NOT NULL,
                "TopicSlug" TEXT NOT NULL,
                "Score" REAL NOT NULL,
                "Evidence" TEXT NOT NULL DEFAULT '[]',
                CONSTRAINT "PK_ArticleTopics" PRIMARY KEY ("ArticleId", "TopicSlug"),
                CONSTRAINT "FK_ArticleTopics_Articles_ArticleId" FOREIGN KEY ("ArticleId") REFERENCES "Articles" ("Id") ON DELETE CASCADE,
                CONSTRAINT "FK_ArticleTopics_Topics_TopicSlug" FOREIGN KEY ("TopicSlug") REFERENCES "Topics" ("Slug") ON DELETE CASCADE
            );
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TextTables);
            // SQL cannot inflate the source texts, so a quote's text comes back empty: going below this migration
            // keeps every other value, and a re-analysis writes the quotes again.
            migrationBuilder.Sql("""
                INSERT INTO "Mentions_text" ("Id", "ArticleId", "PersonSlug", "Start", "End", "Text")
                SELECT "Id", "ArticleId", "PersonSlug", "Start", "End", "Text" FROM "Mentions" ORDER BY "Id";
                INSERT INTO "Quotes_text" ("Id", "ArticleId", "PersonSlug", "Start", "End", "Text", "CueStart", "CueEnd")
                SELECT "Id", "ArticleId", "PersonSlug", "Start", "End", '', "CueStart", "CueEnd" FROM "Quotes" ORDER BY "Id";
                INSERT INTO "ArticleTopics_text" ("ArticleId", "TopicSlug", "Score", "Evidence")
                SELECT "ArticleId", "TopicSlug", "Score", "Evidence" FROM "ArticleTopics" ORDER BY 1, 2;
                """);
            migrationBuilder.Sql("""
                DROP VIEW "Mentions";
                DROP VIEW "Quotes";
                DROP VIEW "ArticleTopics";
                DROP TABLE "MentionRows";
                DROP TABLE "QuoteRows";
                DROP TABLE "TopicRows";
                DROP TABLE "EvidencePhrases";
                DROP TABLE "PersonNumbers";
                DROP TABLE "TopicNumbers";
                DROP TABLE "MentionTexts";
                ALTER TABLE "Mentions_text" RENAME TO "Mentions";
                ALTER TABLE "Quotes_text" RENAME TO "Quotes";
                ALTER TABLE "ArticleTopics_text" RENAME TO "ArticleTopics";
                CREATE INDEX "IX_Mentions_ArticleId" ON "Mentions" ("ArticleId");
                CREATE INDEX "IX_Mentions_PersonSlug_ArticleId" ON "Mentions" ("PersonSlug", "ArticleId");
                CREATE INDEX "IX_Quotes_ArticleId" ON "Quotes" ("ArticleId");
                CREATE INDEX "IX_Quotes_PersonSlug_ArticleId" ON "Quotes" ("PersonSlug", "ArticleId");
                CREATE INDEX "IX_ArticleTopics_TopicSlug" ON "ArticleTopics" ("TopicSlug");
                CREATE TRIGGER SearchMeta_Mentions_Insert AFTER INSERT ON Mentions BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
                CREATE TRIGGER SearchMeta_Mentions_Update AFTER UPDATE ON Mentions BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
                CREATE TRIGGER SearchMeta_Mentions_Delete AFTER DELETE ON Mentions BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
                CREATE TRIGGER SearchMeta_ArticleTopics_Insert AFTER INSERT ON ArticleTopics BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
                CREATE TRIGGER SearchMeta_ArticleTopics_Update AFTER UPDATE ON ArticleTopics BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
                CREATE TRIGGER SearchMeta_ArticleTopics_Delete AFTER DELETE ON ArticleTopics BEGIN UPDATE SearchMeta SET Version = Version + 1; END;
                """);
            migrationBuilder.Sql("""UPDATE "Articles" SET "Sha256" = CASE WHEN length("Sha256") = 32 THEN lower(hex("Sha256")) ELSE CAST("Sha256" AS TEXT) END WHERE typeof("Sha256") = 'blob';""");
            migrationBuilder.Sql("""UPDATE "ArticleRevisions" SET "Sha256" = CASE WHEN length("Sha256") = 32 THEN lower(hex("Sha256")) ELSE CAST("Sha256" AS TEXT) END WHERE typeof("Sha256") = 'blob';""");
        }
    }
}
