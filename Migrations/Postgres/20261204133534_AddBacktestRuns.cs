using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BreakoutBot.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddBacktestRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BacktestRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OwnerId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    OwnerName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    PresetName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    PresetVersion = table.Column<int>(type: "integer", nullable: false),
                    DataSource = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Instruments = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Seed = table.Column<int>(type: "integer", nullable: false),
                    GeneratedInstruments = table.Column<int>(type: "integer", nullable: false),
                    GeneratedBars = table.Column<int>(type: "integer", nullable: false),
                    From = table.Column<long>(type: "bigint", nullable: true),
                    To = table.Column<long>(type: "bigint", nullable: true),
                    StartingBalance = table.Column<decimal>(type: "numeric", nullable: false),
                    TakerFeeBps = table.Column<decimal>(type: "numeric", nullable: true),
                    MakerFeeBps = table.Column<decimal>(type: "numeric", nullable: true),
                    SlippageBps = table.Column<decimal>(type: "numeric", nullable: false),
                    FundingRateBps = table.Column<decimal>(type: "numeric", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    BarsDone = table.Column<int>(type: "integer", nullable: false),
                    BarsTotal = table.Column<int>(type: "integer", nullable: false),
                    CancelRequested = table.Column<bool>(type: "boolean", nullable: false),
                    HangfireJobId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    QueuedAt = table.Column<long>(type: "bigint", nullable: false),
                    StartedAt = table.Column<long>(type: "bigint", nullable: true),
                    FinishedAt = table.Column<long>(type: "bigint", nullable: true),
                    Message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Trades = table.Column<int>(type: "integer", nullable: true),
                    NetPnl = table.Column<decimal>(type: "numeric", nullable: true),
                    MaxDrawdownPct = table.Column<double>(type: "double precision", nullable: true),
                    ProfitFactor = table.Column<double>(type: "double precision", nullable: true),
                    AverageR = table.Column<double>(type: "double precision", nullable: true),
                    ReportJson = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BacktestRuns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BacktestRuns_OwnerId_Status",
                table: "BacktestRuns",
                columns: new[] { "OwnerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_BacktestRuns_QueuedAt",
                table: "BacktestRuns",
                column: "QueuedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BacktestRuns");
        }
    }
}
