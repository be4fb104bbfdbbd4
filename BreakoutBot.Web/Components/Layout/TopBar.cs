using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Web.Components.Layout;

/// <summary>
/// What the open page puts in the top bar instead of the portal's summary of modes: an engine page shows its own engine's
/// mode and market. One per circuit (scoped); <see cref="MainLayout"/> renders it. Plain state and an event rather than
/// Blazor's sections: a section costs an outlet and a content component per open page (README, Performance).
/// </summary>
public sealed class TopBar
{
    private object? _owner;

    /// <summary>The mode and words the page asked for, or null for the portal's summary.</summary>
    public TopBarMode? Mode { get; private set; }

    /// <summary>Raised when <see cref="Mode"/> changes.</summary>
    public event Action? Changed;

    /// <summary>Shows <paramref name="mode"/> for as long as <paramref name="owner"/> (the page) does not clear it.</summary>
    public void Show(object owner, TopBarMode mode)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (ReferenceEquals(_owner, owner) && Mode == mode)
        {
            return;
        }
        _owner = owner;
        Mode = mode;
        Changed?.Invoke();
    }

    /// <summary>Back to the portal's summary, unless another page has taken the top bar since.</summary>
    public void Clear(object owner)
    {
        if (!ReferenceEquals(_owner, owner))
        {
            return;
        }
        _owner = null;
        Mode = null;
        Changed?.Invoke();
    }
}

/// <summary>An engine's mode and its description for the top bar, e.g. (Paper, "Default engine: Paper trading on …").</summary>
public sealed record TopBarMode(TradingMode Mode, string Text);
