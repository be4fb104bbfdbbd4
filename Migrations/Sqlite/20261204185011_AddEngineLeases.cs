using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreakoutBot.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddEngineLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ClusterNodes",
                columns: table => new
                {
                    NodeId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastHeartbeatAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClusterNodes", x => x.NodeId);
                });

            migrationBuilder.CreateTable(
                name: "EngineCommandRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EngineId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Command = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PresetName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    RequestedOn = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RunOn = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Success = table.Column<bool>(type: "INTEGER", nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EngineCommandRequests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EngineLeases",
                columns: table => new
                {
                    EngineId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    OwnerNode = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Token = table.Column<long>(type: "INTEGER", nullable: false),
                    AcquiredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RenewedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EngineLeases", x => x.EngineId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EngineCommandRequests_EngineId_CompletedAt",
                table: "EngineCommandRequests",
                columns: new[] { "EngineId", "CompletedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EngineLeases_OwnerNode",
                table: "EngineLeases",
                column: "OwnerNode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClusterNodes");

            migrationBuilder.DropTable(
                name: "EngineCommandRequests");

            migrationBuilder.DropTable(
                name: "EngineLeases");
        }
    }
}
