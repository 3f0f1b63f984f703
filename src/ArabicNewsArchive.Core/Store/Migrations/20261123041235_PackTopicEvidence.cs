using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class PackTopicEvidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Evidence",
                table: "ArticleTopics",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            // Each topic's evidence rows become its JSON array, in the order they were written (Id). The weight is
            // written with 17 significant digits, so it reads back as exactly the same double.
            migrationBuilder.Sql("""
                UPDATE ArticleTopics SET Evidence = coalesce((
                    SELECT '[' || group_concat(
                        '{"Start":' || e.Start || ',"End":' || e."End" || ',"Text":' || json_quote(e.Text)
                            || ',"Weight":' || printf('%!.17g', e.Weight) || '}', ',' ORDER BY e.Id) || ']'
                    FROM TopicEvidence e
                    WHERE e.ArticleId = ArticleTopics.ArticleId AND e.TopicSlug = ArticleTopics.TopicSlug), '[]');
                """);

            migrationBuilder.DropTable(
                name: "TopicEvidence");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TopicEvidence",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ArticleId = table.Column<string>(type: "TEXT", nullable: false),
                    End = table.Column<int>(type: "INTEGER", nullable: false),
                    Start = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    TopicSlug = table.Column<string>(type: "TEXT", nullable: false),
                    Weight = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TopicEvidence", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TopicEvidence_ArticleTopics_ArticleId_TopicSlug",
                        columns: x => new { x.ArticleId, x.TopicSlug },
                        principalTable: "ArticleTopics",
                        principalColumns: new[] { "ArticleId", "TopicSlug" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TopicEvidence_ArticleId_TopicSlug",
                table: "TopicEvidence",
                columns: new[] { "ArticleId", "TopicSlug" });

            migrationBuilder.Sql("""
                INSERT INTO TopicEvidence (ArticleId, TopicSlug, Start, "End", Text, Weight)
                SELECT t.ArticleId, t.TopicSlug, e.value ->> '$.Start', e.value ->> '$.End', e.value ->> '$.Text', e.value ->> '$.Weight'
                FROM ArticleTopics t, json_each(t.Evidence) e
                ORDER BY t.ArticleId, t.TopicSlug, e.key;
                """);

            // SQLite's own DROP COLUMN keeps the table, and with it the SearchMeta triggers EF's table rebuild would lose.
            migrationBuilder.Sql("ALTER TABLE ArticleTopics DROP COLUMN Evidence;");
        }
    }
}
