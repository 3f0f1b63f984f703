using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class CompactStoryTables : Migration
    {
        /// <summary>The tables made WITHOUT ROWID: their columns and constraints as EF created them, and their indexes.</summary>
        private static readonly (string Table, string Columns, string Create, string[] Indexes)[] s_compacted =
        [
            ("StoryKeys", "\"Key\", \"ArticleId\"",
                """
                "Key" TEXT NOT NULL,
                "ArticleId" TEXT NOT NULL,
                CONSTRAINT "PK_StoryKeys" PRIMARY KEY ("Key", "ArticleId"),
                CONSTRAINT "FK_StoryKeys_Articles_ArticleId" FOREIGN KEY ("ArticleId") REFERENCES "Articles" ("Id") ON DELETE CASCADE
                """,
                ["""CREATE INDEX "IX_StoryKeys_ArticleId" ON "StoryKeys" ("ArticleId");"""]),
            ("StoryTerms", "\"Key\", \"Df\", \"Posted\"",
                """
                "Key" TEXT NOT NULL CONSTRAINT "PK_StoryTerms" PRIMARY KEY,
                "Df" INTEGER NOT NULL,
                "Posted" INTEGER NOT NULL
                """,
                []),
            ("ArticleRelations", "\"ArticleId\", \"RelatedId\", \"Score\", \"SameStory\"",
                """
                "ArticleId" TEXT NOT NULL,
                "RelatedId" TEXT NOT NULL,
                "Score" REAL NOT NULL,
                "SameStory" INTEGER NOT NULL,
                CONSTRAINT "PK_ArticleRelations" PRIMARY KEY ("ArticleId", "RelatedId"),
                CONSTRAINT "FK_ArticleRelations_Articles_ArticleId" FOREIGN KEY ("ArticleId") REFERENCES "Articles" ("Id") ON DELETE CASCADE,
                CONSTRAINT "FK_ArticleRelations_Articles_RelatedId" FOREIGN KEY ("RelatedId") REFERENCES "Articles" ("Id") ON DELETE CASCADE
                """,
                ["""CREATE INDEX "IX_ArticleRelations_RelatedId" ON "ArticleRelations" ("RelatedId");"""]),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The terms as a compact blob (StoredTerms). SQL cannot encode them: the rows are copied as they are, stay
            // readable as text, and take the compact form when next written (a revision) or at the next full regroup.
            migrationBuilder.AlterColumn<byte[]>(
                name: "Terms",
                table: "ArticleStoryFeatures",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<byte[]>(
                name: "CountedTerms",
                table: "ArticleStoryFeatures",
                type: "BLOB",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);

            // The story index and the relations as WITHOUT ROWID tables: a rowid table with a composite (or text)
            // primary key stores every row twice, once in the table and once in the key's index (at 10k real articles
            // 8.0 + 9.3 MB for StoryKeys, 5.1 + 4.6 MB for ArticleRelations, 1.8 + 1.8 MB for StoryTerms). EF Core has no
            // switch for it and the model is unchanged (same keys, same indexes): the tables are rebuilt here, rows kept.
            foreach (var (table, columns, create, indexes) in s_compacted)
            {
                migrationBuilder.Sql($"""CREATE TABLE "{table}_compact" ({create}) WITHOUT ROWID;""");
                migrationBuilder.Sql($"""INSERT INTO "{table}_compact" ({columns}) SELECT {columns} FROM "{table}";""");
                migrationBuilder.Sql($"""DROP TABLE "{table}";""");
                migrationBuilder.Sql($"""ALTER TABLE "{table}_compact" RENAME TO "{table}";""");
                foreach (var index in indexes)
                {
                    migrationBuilder.Sql(index);
                }
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Older code reads the terms as text only: rows in the compact form go, and its next story step computes
            // them again from the stored articles (a full regroup, as for articles stored before features existed).
            migrationBuilder.Sql("""DELETE FROM "ArticleStoryFeatures" WHERE typeof("Terms") = 'blob';""");
            foreach (var (table, columns, create, indexes) in s_compacted)
            {
                migrationBuilder.Sql($"""CREATE TABLE "{table}_rowid" ({create});""");
                migrationBuilder.Sql($"""INSERT INTO "{table}_rowid" ({columns}) SELECT {columns} FROM "{table}";""");
                migrationBuilder.Sql($"""DROP TABLE "{table}";""");
                migrationBuilder.Sql($"""ALTER TABLE "{table}_rowid" RENAME TO "{table}";""");
                foreach (var index in indexes)
                {
                    migrationBuilder.Sql(index);
                }
            }

            migrationBuilder.AlterColumn<string>(
                name: "Terms",
                table: "ArticleStoryFeatures",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");

            migrationBuilder.AlterColumn<string>(
                name: "CountedTerms",
                table: "ArticleStoryFeatures",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "BLOB",
                oldNullable: true);
        }
    }
}
