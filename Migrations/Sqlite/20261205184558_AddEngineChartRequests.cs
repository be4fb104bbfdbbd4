using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreakoutBot.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddEngineChartRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "InstrumentId",
                table: "EngineCommandRequests",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Payload",
                table: "EngineCommandRequests",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "InstrumentId",
                table: "EngineCommandRequests");

            migrationBuilder.DropColumn(
                name: "Payload",
                table: "EngineCommandRequests");
        }
    }
}
