using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BreakoutBot.Infrastructure.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EngineId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Time = table.Column<long>(type: "bigint", nullable: false),
                    Bar = table.Column<long>(type: "bigint", nullable: true),
                    InstrumentId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Rank = table.Column<int>(type: "integer", nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    DetailJson = table.Column<string>(type: "text", nullable: false),
                    WrittenAt = table.Column<long>(type: "bigint", nullable: false)
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
