using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreakoutBot.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StoreBacktestReportsCompressed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReportJson",
                table: "BacktestRuns");

            migrationBuilder.AddColumn<byte[]>(
                name: "ReportGzip",
                table: "BacktestRuns",
                type: "BLOB",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReportGzip",
                table: "BacktestRuns");

            migrationBuilder.AddColumn<string>(
                name: "ReportJson",
                table: "BacktestRuns",
                type: "TEXT",
                nullable: true);
        }
    }
}
