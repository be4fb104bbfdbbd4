using BreakoutBot.Infrastructure.ApiTokens;

namespace BreakoutBot.Tests.Infrastructure.ApiTokens;

/// <summary>A token verified while its owner's roles change is not kept with the roles it read before the change.</summary>
public sealed class ApiTokenCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static ApiTokenIdentity Identity(params string[] roles) =>
        new(Guid.NewGuid(), ApiTokenScope.Control, Now.AddDays(30), "u1", "trader@test.local", roles);

    [Fact]
    public void ALoadThatBeganBeforeTheOwnersRolesChangedIsUsedOnceButNotKept()
    {
        var cache = new ApiTokenCache();
        var loadedFrom = cache.Generation;
        // Meanwhile an administrator removes the role: the user's tokens are forgotten.
        cache.ForgetUser("u1");

        var entry = cache.Put("hash", Identity("Trader"), Now, loadedFrom);

        entry.Identity.Roles.ShouldBe(["Trader"]);
        cache.Get("hash", Now, TimeSpan.FromSeconds(5)).ShouldBeNull("the next request reads the roles again");
    }

    [Fact]
    public void ALoadWithNothingForgottenMeanwhileIsKeptForTheCacheTime()
    {
        var cache = new ApiTokenCache();

        cache.Put("hash", Identity("Trader"), Now, cache.Generation);

        cache.Get("hash", Now.AddSeconds(4), TimeSpan.FromSeconds(5)).ShouldNotBeNull();
        cache.Get("hash", Now.AddSeconds(5), TimeSpan.FromSeconds(5)).ShouldBeNull();
    }
}
