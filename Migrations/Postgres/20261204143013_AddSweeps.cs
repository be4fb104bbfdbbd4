using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BreakoutBot.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddSweeps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsTestRun",
                table: "BacktestRuns",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Overrides",
                table: "BacktestRuns",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SweepId",
                table: "BacktestRuns",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Sweeps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OwnerId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    OwnerName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    PresetName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    PresetVersion = table.Column<int>(type: "integer", nullable: false),
                    Fields = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    TestFrom = table.Column<long>(type: "bigint", nullable: true),
                    TestTo = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sweeps", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BacktestRuns_SweepId",
                table: "BacktestRuns",
                column: "SweepId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Sweeps");

            migrationBuilder.DropIndex(
                name: "IX_BacktestRuns_SweepId",
                table: "BacktestRuns");

            migrationBuilder.DropColumn(
                name: "IsTestRun",
                table: "BacktestRuns");

            migrationBuilder.DropColumn(
                name: "Overrides",
                table: "BacktestRuns");

            migrationBuilder.DropColumn(
                name: "SweepId",
                table: "BacktestRuns");
        }
    }
}
