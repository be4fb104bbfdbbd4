using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreakoutBot.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PersistEngineKillSwitch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "KillSwitchFiredAt",
                table: "Engines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "KillSwitchReason",
                table: "Engines",
                type: "TEXT",
                nullable: true);

            // Engines stored before this column: the latest kill-switch transition that no reset (a transition to
            // Idle) followed is the kill switch still fired ("kill switch: " + the engine's reason, at its time).
            migrationBuilder.Sql("""
                UPDATE "Engines" SET
                    "KillSwitchReason" = (SELECT substr(k."Reason", 14) FROM "StateTransitions" k WHERE k."Id" =
                        (SELECT MAX(m."Id") FROM "StateTransitions" m WHERE m."EngineId" = "Engines"."Id" AND m."To" = 'Emergency' AND m."Reason" LIKE 'kill switch: %')),
                    "KillSwitchFiredAt" = (SELECT k."Time" FROM "StateTransitions" k WHERE k."Id" =
                        (SELECT MAX(m."Id") FROM "StateTransitions" m WHERE m."EngineId" = "Engines"."Id" AND m."To" = 'Emergency' AND m."Reason" LIKE 'kill switch: %'))
                WHERE EXISTS (SELECT 1 FROM "StateTransitions" m WHERE m."EngineId" = "Engines"."Id" AND m."To" = 'Emergency' AND m."Reason" LIKE 'kill switch: %'
                    AND NOT EXISTS (SELECT 1 FROM "StateTransitions" i WHERE i."EngineId" = m."EngineId" AND i."To" = 'Idle' AND i."Id" > m."Id"));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "KillSwitchFiredAt",
                table: "Engines");

            migrationBuilder.DropColumn(
                name: "KillSwitchReason",
                table: "Engines");
        }
    }
}
