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

        /// <summary>
        /// The maps decoded back into rows, in SQL: a recursive query reads one value at a time off each map's hex
        /// digits (field 0 the header, 1–4 the zigzag deltas, 5 the reason and 6 the stored text when the header says
        /// so), then each paragraph's fields are gathered and its ranges summed up from the deltas.
        /// </summary>
        private static readonly string s_decode = $$"""
            WITH RECURSIVE token(ArticleId, h, pos, f, flags, ordinal, value, text) AS (
                SELECT Id, hex(ParagraphMap), 0, 6, 0, -1, NULL, NULL FROM Articles WHERE length(ParagraphMap) > 0
                UNION ALL
                SELECT ArticleId, h,
                    CASE WHEN (f + 1) % 7 < 5 THEN pos + {{Length("pos")}}
                         WHEN flags & (CASE (f + 1) % 7 WHEN 5 THEN 2 ELSE 1 END) = 0 THEN pos
                         ELSE pos + {{Length("pos")}} + {{Value("pos")}} END,
                    (f + 1) % 7,
                    CASE WHEN (f + 1) % 7 = 0 THEN {{Value("pos")}} & 3 ELSE flags END,
                    ordinal + ((f + 1) % 7 = 0),
                    CASE WHEN (f + 1) % 7 < 5 THEN {{Value("pos")}} END,
                    CASE WHEN (f + 1) % 7 < 5 OR flags & (CASE (f + 1) % 7 WHEN 5 THEN 2 ELSE 1 END) = 0 THEN NULL
                         WHEN {{Value("pos")}} = 0 THEN ''
                         ELSE CAST(unhex(substr(h, 2 * (pos + {{Length("pos")}}) + 1, 2 * {{Value("pos")}})) AS TEXT) END
                FROM token
                WHERE NOT ((f + 1) % 7 = 0 AND 2 * pos >= length(h)))
            INSERT INTO Paragraphs (ArticleId, Ordinal, Kind, Reason, SourceStart, SourceEnd, FirstLine, LastLine, StoredText)
            SELECT ArticleId, ordinal, header >> 2, reason, ends - length, ends, lines - span, lines, stored
            FROM (
                SELECT *, sum(gap + length) OVER w AS ends, sum(step + span) OVER w AS lines
                FROM (
                    SELECT ArticleId, ordinal,
                        max(CASE WHEN f = 0 THEN value END) AS header,
                        max(CASE WHEN f = 1 THEN {{Zigzag("value")}} END) AS gap,
                        max(CASE WHEN f = 2 THEN {{Zigzag("value")}} END) AS length,
                        max(CASE WHEN f = 3 THEN {{Zigzag("value")}} END) AS step,
                        max(CASE WHEN f = 4 THEN {{Zigzag("value")}} END) AS span,
                        max(CASE WHEN f = 5 THEN text END) AS reason,
                        max(CASE WHEN f = 6 THEN text END) AS stored
                    FROM token WHERE ordinal >= 0
                    GROUP BY ArticleId, ordinal)
                WINDOW w AS (PARTITION BY ArticleId ORDER BY ordinal));
            """;

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

            migrationBuilder.Sql(s_decode);

            // ALTER TABLE DROP COLUMN, not EF's DropColumn, which rebuilds Articles and so drops its search triggers.
            migrationBuilder.Sql("ALTER TABLE Articles DROP COLUMN ParagraphMap;");
        }

        /// <summary>The byte at byte offset <paramref name="at"/> of the hex digits <c>h</c>.</summary>
        private static string Byte(string at) =>
            $"((instr('0123456789ABCDEF', substr(h, 2 * ({at}) + 1, 1)) - 1) * 16 + instr('0123456789ABCDEF', substr(h, 2 * ({at}) + 2, 1)) - 1)";

        /// <summary>The LEB128 varint at byte offset <paramref name="at"/> (up to 5 bytes).</summary>
        private static string Value(string at)
        {
            var value = "0";
            for (var k = 4; k >= 0; k--)
            {
                var b = Byte($"{at} + {k}");
                value = $"(({b} & 127) << {7 * k}) + CASE WHEN {b} >= 128 THEN {value} ELSE 0 END";
            }

            return $"({value})";
        }

        /// <summary>How many bytes the varint at byte offset <paramref name="at"/> takes.</summary>
        private static string Length(string at)
        {
            var length = "0";
            for (var k = 4; k >= 0; k--)
            {
                length = $"1 + CASE WHEN {Byte($"{at} + {k}")} >= 128 THEN {length} ELSE 0 END";
            }

            return $"({length})";
        }

        private static string Zigzag(string value) => $"CASE WHEN ({value}) % 2 = 0 THEN ({value}) / 2 ELSE -(({value}) + 1) / 2 END";
    }
}
