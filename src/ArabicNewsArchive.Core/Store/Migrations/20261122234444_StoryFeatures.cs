using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class StoryFeatures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ArticleStoryFeatures",
                columns: table => new
                {
                    ArticleId = table.Column<string>(type: "TEXT", nullable: false),
                    Earliest = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Latest = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Terms = table.Column<string>(type: "TEXT", nullable: false),
                    Persons = table.Column<string>(type: "TEXT", nullable: false),
                    Counted = table.Column<bool>(type: "INTEGER", nullable: false),
                    CountedTerms = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArticleStoryFeatures", x => x.ArticleId);
                    table.ForeignKey(
                        name: "FK_ArticleStoryFeatures_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StoryKeys",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", nullable: false),
                    ArticleId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoryKeys", x => new { x.Key, x.ArticleId });
                    table.ForeignKey(
                        name: "FK_StoryKeys_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StoryTerms",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", nullable: false),
                    Df = table.Column<int>(type: "INTEGER", nullable: false),
                    Posted = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoryTerms", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArticleStoryFeatures_Counted",
                table: "ArticleStoryFeatures",
                column: "Counted",
                filter: "\"Counted\" = 0");

            migrationBuilder.CreateIndex(
                name: "IX_StoryKeys_ArticleId",
                table: "StoryKeys",
                column: "ArticleId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArticleStoryFeatures");

            migrationBuilder.DropTable(
                name: "StoryKeys");

            migrationBuilder.DropTable(
                name: "StoryTerms");
        }
    }
}
