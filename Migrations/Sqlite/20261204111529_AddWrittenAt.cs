using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreakoutBot.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddWrittenAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "WrittenAt",
                table: "StateTransitions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "WrittenAt",
                table: "EquitySnapshots",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_StateTransitions_WrittenAt",
                table: "StateTransitions",
                column: "WrittenAt");

            migrationBuilder.CreateIndex(
                name: "IX_EquitySnapshots_WrittenAt",
                table: "EquitySnapshots",
                column: "WrittenAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StateTransitions_WrittenAt",
                table: "StateTransitions");

            migrationBuilder.DropIndex(
                name: "IX_EquitySnapshots_WrittenAt",
                table: "EquitySnapshots");

            migrationBuilder.DropColumn(
                name: "WrittenAt",
                table: "StateTransitions");

            migrationBuilder.DropColumn(
                name: "WrittenAt",
                table: "EquitySnapshots");
        }
    }
}
