namespace BreakoutBot.Domain.Constants;

/// <summary>The portal's roles. Admin: users, every engine, system pages. Trader: own engines and presets. Viewer: read-only.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Trader = "Trader";
    public const string Viewer = "Viewer";

    /// <summary>Roles that may control an engine (Admin any engine, Trader their own).</summary>
    public const string Controllers = Admin + "," + Trader;

    public static readonly IReadOnlyList<string> All = [Admin, Trader, Viewer];
}
