using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArabicNewsArchive.Store.Migrations
{
    /// <inheritdoc />
    public partial class PersonCountry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Country",
                table: "People",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Country",
                table: "People");
        }
    }
}
