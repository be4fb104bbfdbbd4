using System.Globalization;

namespace BreakoutBot.Web.Cli;

/// <summary>Parses "--name value" and "--flag" arguments; unknown or malformed options are errors that name the option.</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public CliArguments(IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2)
            {
                throw new CliException($"Unexpected argument '{a}'. Options look like --name value.");
            }
            var name = a[2..];
            string? value = null;
            if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = list[++i];
            }
            _values[name] = value;
        }
    }

    public string? String(string name)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var v))
        {
            return null;
        }
        return v ?? throw new CliException($"--{name} needs a value.");
    }

    /// <summary>A folder that must exist; a missing one (or a file) is an error naming the option.</summary>
    public string? Folder(string name)
    {
        var folder = String(name);
        if (folder is null || Directory.Exists(folder))
        {
            return folder;
        }
        throw new CliException(File.Exists(folder)
            ? $"--{name}: '{folder}' is a file; give the folder that holds the CSV files."
            : $"--{name}: folder '{folder}' does not exist.");
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var v))
        {
            return false;
        }
        return v is null ? true : throw new CliException($"--{name} takes no value (got '{v}').");
    }

    public int Int(string name, int fallback, int min, int max)
    {
        var s = String(name);
        if (s is null)
        {
            return fallback;
        }
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            throw new CliException($"--{name} must be a whole number from {min} to {max}; got '{s}'.");
        }
        return v;
    }

    public decimal Decimal(string name, decimal fallback, decimal min, decimal max)
    {
        var s = String(name);
        if (s is null)
        {
            return fallback;
        }
        if (!decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            throw new CliException($"--{name} must be a number from {min} to {max}; got '{s}'.");
        }
        return v;
    }

    /// <summary>Fails on any option that no reader asked for (catches typos such as --preest).</summary>
    public void EnsureAllUsed()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new CliException((unknown.Count == 1 ? "Unknown option: " : "Unknown options: ") + string.Join(", ", unknown.Select(u => "--" + u)));
        }
    }
}
