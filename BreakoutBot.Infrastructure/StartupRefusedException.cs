namespace BreakoutBot.Infrastructure;

/// <summary>
/// The portal refuses to start because of its configuration (e.g. a configured first-admin password that breaks the
/// password policy). The message names the setting and what is wrong; it never holds a secret.
/// </summary>
public sealed class StartupRefusedException(string message) : InvalidOperationException(message);
