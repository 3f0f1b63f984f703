using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class DiscoveredPeople : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "Confidence",
                table: "People",
                type: "REAL",
                nullable: false,
                defaultValue: 1.0);

            migrationBuilder.AddColumn<string>(
                name: "IdentityKey",
                table: "People",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "NameEnTransliterated",
                table: "People",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQLite drops a column in place (3.35+): EF's table rebuild would drop and re-create People, whose
            // mentions, quotes and aliases cascade from it.
            migrationBuilder.Sql("ALTER TABLE People DROP COLUMN Confidence");
            migrationBuilder.Sql("ALTER TABLE People DROP COLUMN IdentityKey");
            migrationBuilder.Sql("ALTER TABLE People DROP COLUMN NameEnTransliterated");
        }
    }
}
