using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.ApiTokens;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>Tokens are shown once and stored hashed; revoked, expired and locked-out tokens stop working; every change is audit-logged.</summary>
public sealed class ApiTokenLifecycleTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingAuditLog _audit = new();
    private readonly ApiPortal _portal;

    public ApiTokenLifecycleTests()
    {
        _portal = ApiPortal.With(new Dictionary<string, string?> { ["ApiTokens:CacheSeconds"] = "0" }, services =>
        {
            services.AddSingleton<TimeProvider>(_time);
            services.AddSingleton<IAuditLog>(_audit);
        });
    }

    public ValueTask InitializeAsync() => _portal.InitializeAsync();

    public ValueTask DisposeAsync() => _portal.DisposeAsync();

    private ApiTokenService Tokens => _portal.Factory.Services.GetRequiredService<ApiTokenService>();

    private async Task<HttpStatusCode> StatusWithAsync(string token)
    {
        using var response = await _portal.Factory.ApiClient(token).GetAsync("/api/v1/engines", Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task ATokenIsReturnedOnceAndOnlyItsSha256HashIsStored()
    {
        var created = await Tokens.CreateAsync(_portal.Owner, "ci script", ApiTokenScope.Read, 7, Ct);

        created.Success.ShouldBeTrue();
        created.Token!.ShouldStartWith("bbt_");
        created.Token.Length.ShouldBe(ApiTokenRules.TokenLength);
        ApiTokenRules.LooksLikeToken(created.Token).ShouldBeTrue();
        await using var db = await _portal.Factory.Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>().CreateDbContextAsync(Ct);
        var row = await db.Set<ApiTokenEntity>().SingleAsync(t => t.Id == created.Summary!.Id, Ct);
        row.TokenHash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(created.Token))));
        var secretPart = created.Token.Substring(4, 12);
        new[] { row.Name, row.OwnerName, row.OwnerUserId, row.TokenHash }.ShouldAllBe(v => !v.Contains(secretPart, StringComparison.Ordinal));
        row.ExpiresAt.ShouldBe(_time.GetUtcNow().AddDays(7));
        var listed = (await Tokens.ListOwnAsync(_portal.Owner, Ct)).Single(t => t.Id == row.Id);
        listed.ToString().ShouldNotContain(created.Token);
        _audit.Entries.ShouldContain(e => e.Action == ApiTokenAuditActions.Created && e.Success && e.Target == row.Id.ToString());
        var token = created.Token;
        _audit.Entries.ShouldAllBe(e => e.Details == null || !e.Details.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoTokensAreNeverTheSame()
    {
        var first = await Tokens.CreateAsync(_portal.Owner, "a", ApiTokenScope.Read, 1, Ct);
        var second = await Tokens.CreateAsync(_portal.Owner, "b", ApiTokenScope.Read, 1, Ct);

        first.Token.ShouldNotBe(second.Token);
    }

    [Fact]
    public async Task ARevokedTokenIsRefusedAtOnce()
    {
        var created = await Tokens.CreateAsync(_portal.Owner, "to revoke", ApiTokenScope.Control, 30, Ct);
        (await StatusWithAsync(created.Token!)).ShouldBe(HttpStatusCode.OK);

        (await Tokens.RevokeAsync(_portal.Owner, created.Summary!.Id, Ct)).ShouldBeNull();

        (await StatusWithAsync(created.Token!)).ShouldBe(HttpStatusCode.Unauthorized);
        _audit.Entries.ShouldContain(e => e.Action == ApiTokenAuditActions.Revoked && e.Success);
    }

    [Fact]
    public async Task ARevocationTakesEffectAtOnceEvenWithTheCacheOn()
    {
        await using var cached = ApiPortal.With(new Dictionary<string, string?> { ["ApiTokens:CacheSeconds"] = "300" });
        await cached.InitializeAsync();
        var service = cached.Factory.Services.GetRequiredService<ApiTokenService>();
        var created = await service.CreateAsync(cached.Owner, "cached", ApiTokenScope.Read, 30, Ct);
        using (var before = await cached.Factory.ApiClient(created.Token).GetAsync("/api/v1/engines", Ct))
        {
            before.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await service.RevokeAsync(cached.Owner, created.Summary!.Id, Ct);

        using var after = await cached.Factory.ApiClient(created.Token).GetAsync("/api/v1/engines", Ct);
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnExpiredTokenIsRefused()
    {
        var created = await Tokens.CreateAsync(_portal.Owner, "short", ApiTokenScope.Read, 1, Ct);
        _time.Advance(TimeSpan.FromHours(23));
        (await StatusWithAsync(created.Token!)).ShouldBe(HttpStatusCode.OK);

        _time.Advance(TimeSpan.FromHours(1));

        (await StatusWithAsync(created.Token!)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Tokens.ListOwnAsync(_portal.Owner, Ct)).Single(t => t.Id == created.Summary!.Id).StateAt(_time.GetUtcNow()).ShouldBe("expired");
    }

    [Fact]
    public async Task ATokenOfALockedUserIsRefused()
    {
        var token = _portal.Tokens[Caller.OtherTrader]!;
        (await StatusWithAsync(token)).ShouldBe(HttpStatusCode.OK);
        await using (var scope = _portal.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(ApiPortal.OtherEmail))!;
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        }

        (await StatusWithAsync(token)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnUnknownOrMalformedTokenGets401WithABearerChallenge()
    {
        foreach (var token in new[] { ApiTokenRules.NewToken(), "bbt_short", "not-a-token" })
        {
            using var response = await _portal.Factory.ApiClient(token).GetAsync("/api/v1/engines", Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
        }
    }

    [Fact]
    public async Task AnAdminListsAndRevokesAnyonesTokensButATraderOnlyTheirOwn()
    {
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "admin-id"), new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));
        var other = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, _portal.OtherId), new Claim(ClaimTypes.Role, Roles.Trader)], "test"));
        var created = await Tokens.CreateAsync(_portal.Owner, "owned", ApiTokenScope.Read, 30, Ct);

        (await Tokens.ListAllAsync(admin, Ct)).ShouldContain(t => t.Id == created.Summary!.Id && t.OwnerName == ApiPortal.OwnerEmail);
        (await Tokens.ListAllAsync(other, Ct)).ShouldBeEmpty();
        (await Tokens.ListOwnAsync(other, Ct)).ShouldNotContain(t => t.Id == created.Summary!.Id);
        (await Tokens.RevokeAsync(other, created.Summary!.Id, Ct)).ShouldBe("No such token.");
        (await StatusWithAsync(created.Token!)).ShouldBe(HttpStatusCode.OK);

        (await Tokens.RevokeAsync(admin, created.Summary.Id, Ct)).ShouldBeNull();

        (await StatusWithAsync(created.Token!)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Tokens.ListOwnAsync(_portal.Owner, Ct)).Single(t => t.Id == created.Summary.Id).RevokedBy.ShouldBe("admin");
        _audit.Entries.ShouldContain(e => e.Action == ApiTokenAuditActions.Revoked && !e.Success && e.UserId == _portal.OtherId);
    }

    [Fact]
    public async Task BadCreateRequestsNameTheField()
    {
        var result = await Tokens.CreateAsync(_portal.Owner, "  ", ApiTokenScope.Read, 0, Ct);

        result.Success.ShouldBeFalse();
        result.Errors.Select(e => e.Field).ShouldBe([ApiTokenRules.NameField, ApiTokenRules.DaysField], ignoreOrder: true);
        (await Tokens.CreateAsync(_portal.Owner, "dup", ApiTokenScope.Read, 1, Ct)).Success.ShouldBeTrue();
        (await Tokens.CreateAsync(_portal.Owner, "dup", ApiTokenScope.Read, 1, Ct)).Errors.Single().Field.ShouldBe(ApiTokenRules.NameField);
    }
}
