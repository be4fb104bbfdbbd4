using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace BreakoutBot.Tests.Architecture;

/// <summary>
/// What a project depends on: the packages and projects it declares (from the test run's deps.json, so an unused
/// reference counts too), and, read from its compiled metadata, the assemblies it references and the namespaces of
/// every outside type it uses.
/// </summary>
public static class AssemblyDependencies
{
    /// <summary>The package and project references <paramref name="project"/> declares (names only).</summary>
    public static IReadOnlySet<string> Declared(string project)
    {
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "BreakoutBot.Tests.deps.json")));
        var target = deps.RootElement.GetProperty("targets").EnumerateObject().First().Value;
        var library = target.EnumerateObject().Single(l => l.Name.StartsWith(project + "/", StringComparison.Ordinal)).Value;
        return library.TryGetProperty("dependencies", out var dependencies)
            ? dependencies.EnumerateObject().Select(d => d.Name).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
    }

    public static IReadOnlySet<string> Assemblies(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The namespaces of the types the assembly references (signatures, bodies, attributes; a nested type counts as its
    /// outer type). Types the compiler generates into the assembly itself are its own, not dependencies.
    /// </summary>
    public static IReadOnlySet<string> Namespaces(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var file = File.OpenRead(assembly.Location);
        using var pe = new PEReader(file);
        var metadata = pe.GetMetadataReader();
        return metadata.TypeReferences
            .Select(metadata.GetTypeReference)
            .Where(t => t.ResolutionScope.Kind != HandleKind.TypeReference)
            .Select(t => metadata.GetString(t.Namespace))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The entries of <paramref name="found"/> not under any of <paramref name="allowed"/> (a namespace or one of its children), sorted.</summary>
    public static List<string> OffList(IEnumerable<string> found, IEnumerable<string> allowed) =>
        found.Where(f => !allowed.Any(a => f == a || f.StartsWith(a + ".", StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToList();
}
