using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>The PostgreSQL flavour of the context; its migrations are in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresBreakoutBotDbContext(DbContextOptions<PostgresBreakoutBotDbContext> options) : BreakoutBotDbContext(options);
