using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>Hands out the configured provider's context (<typeparamref name="TContext"/>) as a <see cref="BreakoutBotDbContext"/>.</summary>
internal sealed class ProviderDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<BreakoutBotDbContext>
    where TContext : BreakoutBotDbContext
{
    public BreakoutBotDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<BreakoutBotDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
