using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class LeanRelations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Relations are stored both ways and read by ArticleId: the rows naming an article as RelatedId are found
            // as the mirrors of its own, so the index on RelatedId goes. Only the index: the foreign key (out of the
            // model, which would index it) stays in the table, as dropping it would rebuild the WITHOUT ROWID table
            // (CompactStoryTables); its cascade scans the table, and articles are not deleted.
            migrationBuilder.DropIndex(
                name: "IX_ArticleRelations_RelatedId",
                table: "ArticleRelations");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The foreign key was never dropped.
            migrationBuilder.CreateIndex(
                name: "IX_ArticleRelations_RelatedId",
                table: "ArticleRelations",
                column: "RelatedId");
        }
    }
}
