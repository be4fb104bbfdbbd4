using System.Security.Claims;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Engines;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace BreakoutBot.Tests.TestSupport;

/// <summary>
/// The base of every bUnit test class: MudBlazor's services with no transitions and no popover-provider check, loose
/// JS interop, and a signed-in user through <see cref="SignIn"/>. A test class that owns more (a database, a registry)
/// releases it in an override of <see cref="BunitContext.DisposeAsyncCore"/> after calling the base.
/// </summary>
public abstract class BunitTest : BunitContext
{
    protected BunitTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.PopoverOptions.CheckForPopoverProvider = false;
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        Services.AddScoped<BreakoutBot.Web.Components.Layout.TopBar>();
        Services.AddSingleton(Clock);
    }

    /// <summary>The clock the rendered components are given (moved by the test, e.g. to make a polling timer fire).</summary>
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The rendered components see <paramref name="userId"/> (name identifier) in <paramref name="role"/>, named <paramref name="name"/> or the id.</summary>
    protected void SignIn(string userId, string role, string? name = null)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(name ?? userId);
        auth.SetRoles(role);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
    }

    /// <summary>The engine pages' services: the registry and its event broadcaster, an audit log (logging only unless given) and the command service.</summary>
    protected void AddEngineServices(EngineRegistry registry, IAuditLog? audit = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Services.AddSingleton(registry);
        Services.AddSingleton(registry.Broadcaster);
        Services.AddSingleton<IAuditLog>(audit ?? new LoggingAuditLog(NullLogger<LoggingAuditLog>.Instance));
        Services.AddSingleton<EngineCommandService>();
    }
}
