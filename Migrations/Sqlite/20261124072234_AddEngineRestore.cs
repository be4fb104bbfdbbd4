using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreakoutBot.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddEngineRestore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Generation",
                table: "Engines",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "OptionsJson",
                table: "Engines",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Generation",
                table: "Engines");

            migrationBuilder.DropColumn(
                name: "OptionsJson",
                table: "Engines");
        }
    }
}
