using System.ComponentModel.DataAnnotations;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>
/// Growing delays after failed log-ins (section <c>LogInThrottle</c>). Failures are counted per entered account name
/// (known or not, so the throttle tells nothing about which accounts exist) and per client address; past the free
/// failures every further failure doubles the wait before the next attempt, up to the cap. Nothing is locked.
/// </summary>
public sealed class LogInThrottleOptions
{
    public const string SectionName = "LogInThrottle";

    /// <summary>Failures for one account name before a wait is imposed.</summary>
    [Range(1, 100)]
    public int FreeFailuresPerAccount { get; set; } = 5;

    /// <summary>Failures from one client address (any account names) before a wait is imposed.</summary>
    [Range(1, 1000)]
    public int FreeFailuresPerAddress { get; set; } = 10;

    /// <summary>The first wait; each further failure doubles it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest wait for an account: short, because anyone can trigger it, and the owner must still get in soon.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxAccountDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for a client address (only that address's own failures lead here).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan MaxAddressDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures older than this (counted from the latest one) are forgotten.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Log-in form posts per client address per minute (ASP.NET rate limiter; more get 429 with Retry-After).</summary>
    [Range(1, 10_000)]
    public int PostsPerAddressPerMinute { get; set; } = 30;
}
