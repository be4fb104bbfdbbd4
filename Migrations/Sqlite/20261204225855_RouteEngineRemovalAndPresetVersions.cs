using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreakoutBot.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RouteEngineRemovalAndPresetVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Command",
                table: "EngineCommandRequests",
                type: "TEXT",
                maxLength: 32,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 32);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "EngineCommandRequests",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Command");

            migrationBuilder.AddColumn<int>(
                name: "PresetVersion",
                table: "EngineCommandRequests",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Kind",
                table: "EngineCommandRequests");

            migrationBuilder.DropColumn(
                name: "PresetVersion",
                table: "EngineCommandRequests");

            migrationBuilder.AlterColumn<string>(
                name: "Command",
                table: "EngineCommandRequests",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 32,
                oldNullable: true);
        }
    }
}
