using ArabicNewsArchive.Articles;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class CompactParagraphs : Migration
    {
        /// <summary>
        /// One paragraph's bytes as <see cref="ParagraphCodec.Encode"/> writes them, as hex digits, from a row of
        /// <c>Paragraphs</c> with the previous paragraph's end and last line beside it.
        /// </summary>
        private static readonly string s_paragraphHex = string.Join(" || ",
            ParagraphCodec.SqlVarint("Kind * 4 + (Reason IS NOT NULL) * 2 + (StoredText IS NOT NULL)"),
            ParagraphCodec.SqlSigned("SourceStart - PreviousEnd"),
            ParagraphCodec.SqlSigned("SourceEnd - SourceStart"),
            ParagraphCodec.SqlSigned("FirstLine - PreviousLine"),
            ParagraphCodec.SqlSigned("LastLine - FirstLine"),
            $"CASE WHEN Reason IS NULL THEN '' ELSE {ParagraphCodec.SqlVarint("length(CAST(Reason AS BLOB))")} || hex(Reason) END",
            $"CASE WHEN StoredText IS NULL THEN '' ELSE {ParagraphCodec.SqlVarint("length(CAST(StoredText AS BLOB))")} || hex(StoredText) END");

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A column added, not a rebuild: rebuilding Articles would drop its search triggers (SearchIndexSchema).
            migrationBuilder.AddColumn<byte[]>(
                name: "ParagraphMap",
                table: "Articles",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0]);

            // Each article's rows encoded in SQL, in one pass over the table (hex() of a text is its UTF-8 bytes).
            migrationBuilder.Sql($"""
                CREATE TEMP TABLE paragraph_maps AS
                SELECT ArticleId, unhex(group_concat(Part, '' ORDER BY Ordinal)) AS Map
                FROM (
                    SELECT ArticleId, Ordinal, {s_paragraphHex} AS Part
                    FROM (
                        SELECT *, lag(SourceEnd, 1, 0) OVER w AS PreviousEnd, lag(LastLine, 1, 0) OVER w AS PreviousLine
                        FROM Paragraphs
                        WINDOW w AS (PARTITION BY ArticleId ORDER BY Ordinal)))
                GROUP BY ArticleId;
                """);
            migrationBuilder.Sql("""UPDATE Articles SET ParagraphMap = m.Map FROM temp.paragraph_maps m WHERE m.ArticleId = Articles.Id;""");
            migrationBuilder.Sql("DROP TABLE temp.paragraph_maps;");

            migrationBuilder.DropTable(
                name: "Paragraphs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Paragraphs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ArticleId = table.Column<string>(type: "TEXT", nullable: false),
                    FirstLine = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    LastLine = table.Column<int>(type: "INTEGER", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    SourceEnd = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceStart = table.Column<int>(type: "INTEGER", nullable: false),
                    StoredText = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Paragraphs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Paragraphs_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Paragraphs_ArticleId_Ordinal",
                table: "Paragraphs",
                columns: new[] { "ArticleId", "Ordinal" },
                unique: true);

            // SQL does not decode the map back into rows: the previous code then reads articles without paragraphs
            // (their reading view is the source text) until they are ingested again. ALTER TABLE DROP COLUMN, not
            // EF's DropColumn, which rebuilds Articles and so drops its search triggers.
            migrationBuilder.Sql("ALTER TABLE Articles DROP COLUMN ParagraphMap;");
        }
    }
}
