using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class OutletKindCountryAndAgency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Country",
                table: "Outlets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Outlets",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "AgencyEvidence",
                table: "Articles",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AgencyEvidenceEnd",
                table: "Articles",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AgencyEvidenceStart",
                table: "Articles",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AgencySlug",
                table: "Articles",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Articles_AgencySlug",
                table: "Articles",
                column: "AgencySlug");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_AgencySlug",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "Country",
                table: "Outlets");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Outlets");

            migrationBuilder.DropColumn(
                name: "AgencyEvidence",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "AgencyEvidenceEnd",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "AgencyEvidenceStart",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "AgencySlug",
                table: "Articles");
        }
    }
}
