using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreakoutBot.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddOkxKeySets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OkxKeySets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerUserId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ApiKey = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    SecretKey = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Passphrase = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ApiKeyHint = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    IsDemo = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastTestedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastTestOk = table.Column<bool>(type: "INTEGER", nullable: true),
                    LastTestMessage = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OkxKeySets", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OkxKeySets_OwnerUserId_Label",
                table: "OkxKeySets",
                columns: new[] { "OwnerUserId", "Label" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OkxKeySets");
        }
    }
}
