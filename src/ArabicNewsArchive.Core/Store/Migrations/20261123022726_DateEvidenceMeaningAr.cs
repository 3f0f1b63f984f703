using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class DateEvidenceMeaningAr : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MeaningAr",
                table: "DateEvidence",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MeaningAr",
                table: "DateEvidence");
        }
    }
}
