using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreakoutBot.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddEngineStatusSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EngineStatusSnapshots",
                columns: table => new
                {
                    EngineId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Node = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Token = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EngineStatusSnapshots", x => x.EngineId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EngineStatusSnapshots");
        }
    }
}
