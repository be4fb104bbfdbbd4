using System.Reflection;
using NetArchTest.Rules;

namespace BreakoutBot.Tests.Architecture;

public class LayerTests
{
    private static readonly Assembly DomainAssembly = typeof(BreakoutBot.Domain.Markets.Candle).Assembly;

    [Fact]
    public void DomainReferencesNoInfrastructureWebEfAspNetOrHttp()
    {
        var result = Types.InAssembly(DomainAssembly)
            .ShouldNot()
            .HaveDependencyOnAny(
                "BreakoutBot.Infrastructure",
                "BreakoutBot.Web",
                "Microsoft.EntityFrameworkCore",
                "Microsoft.AspNetCore",
                "System.Net.Http",
                "Quartz",
                "Hangfire")
            .GetResult();

        result.IsSuccessful.ShouldBeTrue(
            "Domain types with forbidden dependencies: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void DomainAssemblyReferencesOnlyAbstractions()
    {
        var referenced = DomainAssembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        referenced.ShouldNotContain(n => n.StartsWith("BreakoutBot.Infrastructure", StringComparison.Ordinal));
        referenced.ShouldNotContain(n => n.StartsWith("BreakoutBot.Web", StringComparison.Ordinal));
        referenced.ShouldNotContain(n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        referenced.ShouldNotContain(n => n.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        referenced.ShouldNotContain("System.Net.Http");
    }

    [Fact]
    public void InfrastructureNeverReferencesWeb()
    {
        var infrastructure = typeof(BreakoutBot.Infrastructure.InfrastructureMarker).Assembly;
        infrastructure.GetReferencedAssemblies().Select(a => a.Name).ShouldNotContain("BreakoutBot.Web");
    }
}
