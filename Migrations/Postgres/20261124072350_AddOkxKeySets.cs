using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BreakoutBot.Infrastructure.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerUserId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Label = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ApiKey = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    SecretKey = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Passphrase = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ApiKeyHint = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    IsDemo = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    LastTestedAt = table.Column<long>(type: "bigint", nullable: true),
                    LastTestOk = table.Column<bool>(type: "boolean", nullable: true),
                    LastTestMessage = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
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
