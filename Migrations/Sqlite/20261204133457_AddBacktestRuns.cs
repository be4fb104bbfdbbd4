using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreakoutBot.Infrastructure.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    OwnerName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    PresetName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    PresetVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    DataSource = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Instruments = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Seed = table.Column<int>(type: "INTEGER", nullable: false),
                    GeneratedInstruments = table.Column<int>(type: "INTEGER", nullable: false),
                    GeneratedBars = table.Column<int>(type: "INTEGER", nullable: false),
                    From = table.Column<long>(type: "INTEGER", nullable: true),
                    To = table.Column<long>(type: "INTEGER", nullable: true),
                    StartingBalance = table.Column<decimal>(type: "TEXT", nullable: false),
                    TakerFeeBps = table.Column<decimal>(type: "TEXT", nullable: true),
                    MakerFeeBps = table.Column<decimal>(type: "TEXT", nullable: true),
                    SlippageBps = table.Column<decimal>(type: "TEXT", nullable: false),
                    FundingRateBps = table.Column<decimal>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    BarsDone = table.Column<int>(type: "INTEGER", nullable: false),
                    BarsTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    CancelRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    HangfireJobId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    QueuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Trades = table.Column<int>(type: "INTEGER", nullable: true),
                    NetPnl = table.Column<decimal>(type: "TEXT", nullable: true),
                    MaxDrawdownPct = table.Column<double>(type: "REAL", nullable: true),
                    ProfitFactor = table.Column<double>(type: "REAL", nullable: true),
                    AverageR = table.Column<double>(type: "REAL", nullable: true),
                    ReportJson = table.Column<string>(type: "TEXT", nullable: true)
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
