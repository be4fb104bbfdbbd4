using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>The SQLite flavour of the context; its migrations are in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteBreakoutBotDbContext(DbContextOptions<SqliteBreakoutBotDbContext> options) : BreakoutBotDbContext(options);
