using System.Reflection;

namespace BreakoutBot.Tests.Architecture;

/// <summary>
/// The layers as allow-lists (ADR-001): Domain may use only the assemblies and namespaces listed here, Infrastructure
/// only Domain and its adapter libraries. A new dependency fails these tests until it is added here on purpose;
/// Infrastructure, Web, EF Core, ASP.NET and HTTP are never on Domain's list, and Web never on Infrastructure's.
/// </summary>
public class LayerTests
{
    private static readonly Assembly DomainAssembly = typeof(BreakoutBot.Domain.Markets.Candle).Assembly;
    private static readonly Assembly InfrastructureAssembly = typeof(BreakoutBot.Infrastructure.InfrastructureMarker).Assembly;

    /// <summary>The only package Domain may declare (and no project).</summary>
    private static readonly string[] DomainPackages = ["Microsoft.Extensions.Logging.Abstractions"];

    /// <summary>Every assembly Domain may reference: the base library parts it uses and the logging abstractions.</summary>
    private static readonly string[] DomainAssemblies =
    [
        "System.Runtime", "System.Collections", "System.Collections.Immutable", "System.ComponentModel.Annotations",
        "System.Linq", "System.Memory", "System.Numerics.Vectors", "System.Runtime.Intrinsics", "System.Text.Json", "System.Text.RegularExpressions",
        "System.Threading", "Microsoft.Extensions.Logging.Abstractions",
    ];

    /// <summary>The namespaces (and their children) Domain's types may depend on.</summary>
    private static readonly string[] DomainNamespaces = ["System", "Microsoft.Extensions.Logging"];

    /// <summary>What Infrastructure may declare and reference: Domain, the base library, and the libraries its adapters wrap (prefixes).</summary>
    private static readonly string[] InfrastructureAssemblyPrefixes =
    [
        "BreakoutBot.Domain", "System.", "Microsoft.Extensions.", "Microsoft.EntityFrameworkCore", "Microsoft.Data.Sqlite",
        "Microsoft.AspNetCore.Authentication", "Microsoft.AspNetCore.DataProtection", "Microsoft.AspNetCore.Http.",
        "Microsoft.AspNetCore.Identity", "Microsoft.AspNetCore.Routing", "Npgsql", "Hangfire.", "Quartz",
    ];

    /// <summary>The namespaces (and their children) Infrastructure's types may depend on.</summary>
    private static readonly string[] InfrastructureNamespaces =
    [
        "BreakoutBot.Domain", "System", "Microsoft.Extensions", "Microsoft.EntityFrameworkCore",
        "Microsoft.Data.Sqlite", "Microsoft.AspNetCore.Authentication", "Microsoft.AspNetCore.Builder",
        "Microsoft.AspNetCore.DataProtection", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Identity",
        "Microsoft.AspNetCore.Routing", "Npgsql", "Hangfire", "Quartz",
    ];

    [Fact]
    public void DomainDeclaresOnlyThePackagesOnItsList()
    {
        var extra = AssemblyDependencies.Declared("BreakoutBot.Domain").Except(DomainPackages).Order(StringComparer.Ordinal).ToList();

        extra.ShouldBeEmpty("BreakoutBot.Domain.csproj references packages or projects that are not on its allow-list");
    }

    [Fact]
    public void DomainReferencesOnlyTheAssembliesOnItsList()
    {
        var extra = AssemblyDependencies.Assemblies(DomainAssembly).Except(DomainAssemblies).Order(StringComparer.Ordinal).ToList();

        extra.ShouldBeEmpty("Domain references assemblies that are not on its allow-list (add one only if Domain really needs it)");
    }

    [Fact]
    public void DomainTypesUseOnlyTheNamespacesOnItsList()
    {
        var extra = AssemblyDependencies.OffList(AssemblyDependencies.Namespaces(DomainAssembly), DomainNamespaces);

        extra.ShouldBeEmpty("Domain uses types from namespaces that are not on its allow-list");
    }

    [Fact]
    public void InfrastructureDeclaresOnlyDomainAndItsAdapterLibraries()
    {
        var extra = AssemblyDependencies.Declared("BreakoutBot.Infrastructure")
            .Where(name => !InfrastructureAssemblyPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();

        extra.ShouldBeEmpty("BreakoutBot.Infrastructure.csproj references packages or projects that are not on its allow-list");
    }

    [Fact]
    public void InfrastructureReferencesOnlyDomainAndItsAdapterLibraries()
    {
        var extra = AssemblyDependencies.Assemblies(InfrastructureAssembly)
            .Where(name => !InfrastructureAssemblyPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();

        extra.ShouldBeEmpty("Infrastructure references assemblies that are not on its allow-list");
    }

    [Fact]
    public void InfrastructureTypesUseOnlyTheNamespacesOnItsList()
    {
        var extra = AssemblyDependencies.OffList(AssemblyDependencies.Namespaces(InfrastructureAssembly), InfrastructureNamespaces);

        extra.ShouldBeEmpty("Infrastructure uses types from namespaces that are not on its allow-list");
    }
}
