using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreakoutBot.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddDecisionJournal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DecisionJournal",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EngineId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Time = table.Column<long>(type: "INTEGER", nullable: false),
                    Bar = table.Column<long>(type: "INTEGER", nullable: true),
                    InstrumentId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Rank = table.Column<int>(type: "INTEGER", nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DetailJson = table.Column<string>(type: "TEXT", nullable: false),
                    WrittenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DecisionJournal", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DecisionJournal_EngineId_InstrumentId_Time",
                table: "DecisionJournal",
                columns: new[] { "EngineId", "InstrumentId", "Time" });

            migrationBuilder.CreateIndex(
                name: "IX_DecisionJournal_EngineId_Time",
                table: "DecisionJournal",
                columns: new[] { "EngineId", "Time" });

            migrationBuilder.CreateIndex(
                name: "IX_DecisionJournal_WrittenAt",
                table: "DecisionJournal",
                column: "WrittenAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DecisionJournal");
        }
    }
}
