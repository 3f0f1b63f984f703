using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class TextStoredOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "StoredText",
                table: "Paragraphs",
                type: "TEXT",
                nullable: true);

            // A paragraph keeps its text only where its source range does not give it back (ArticleText.ParagraphText):
            // headings without their '#', the first paragraph after an outlet cue, front matter with CRLF. SQL cannot
            // normalise, so this keeps every text that differs from the range trimmed of ASCII blanks: a text kept
            // needlessly costs bytes, never a wrong reading (substr counts code points where C# counts UTF-16 units,
            // so a range after a non-BMP character compares unequal and is kept too).
            migrationBuilder.Sql("""
                UPDATE Paragraphs SET StoredText = Text
                WHERE Text <> trim(substr((SELECT a.SourceText FROM Articles a WHERE a.Id = Paragraphs.ArticleId),
                                          SourceStart + 1, SourceEnd - SourceStart), ' ' || char(9, 10, 13))
                   OR Kind = 4;
                """);

            // SQLite drops a column in place (3.35+), where EF's DropColumn would rebuild the table: a rebuilt Articles
            // would lose its search triggers (SearchIndexSchema).
            migrationBuilder.Sql("""ALTER TABLE "Paragraphs" DROP COLUMN "Text";""");
            migrationBuilder.Sql("""ALTER TABLE "Articles" DROP COLUMN "BodyMarkdown";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Text",
                table: "Paragraphs",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "BodyMarkdown",
                table: "Articles",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // Back down, the reading text comes from the source range as well as SQL can (no NFC); the Markdown body
            // stays empty until the article is ingested or re-analysed again.
            migrationBuilder.Sql("""
                UPDATE Paragraphs SET Text = coalesce(StoredText,
                    trim(substr((SELECT a.SourceText FROM Articles a WHERE a.Id = Paragraphs.ArticleId),
                                SourceStart + 1, SourceEnd - SourceStart), ' ' || char(9, 10, 13)));
                """);

            migrationBuilder.Sql("""ALTER TABLE "Paragraphs" DROP COLUMN "StoredText";""");
        }
    }
}
