using BreakoutBot.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace BreakoutBot.Tests.Web.Hosting;

/// <summary>
/// The settings shipped beside the executable are read when the working folder (the content root) has none: the portal
/// and the command-line verbs started from elsewhere (<c>dotnet /srv/breakoutbot/BreakoutBot.Web.dll migrate</c>) read
/// what a deployment put in <c>appsettings.Production.json</c>, instead of migrating a new SQLite file in the working folder.
/// </summary>
public sealed class ShippedSettingsTests : IDisposable
{
    private readonly string _app = Directory.CreateTempSubdirectory("breakoutbot-app-").FullName;
    private readonly string _elsewhere = Directory.CreateTempSubdirectory("breakoutbot-cwd-").FullName;

    public ShippedSettingsTests()
    {
        File.WriteAllText(Path.Combine(_app, "appsettings.json"), """{"AllowedHosts":"portal.example","Database":{"DataFolder":"shipped"}}""");
        File.WriteAllText(Path.Combine(_app, "appsettings.Production.json"), """{"Database":{"DataFolder":"/srv/breakoutbot-data"}}""");
    }

    public void Dispose()
    {
        Directory.Delete(_app, recursive: true);
        Directory.Delete(_elsewhere, recursive: true);
    }

    [Fact]
    public void AVerbStartedFromAnotherFolderReadsTheShippedSettingsAndTheEnvironmentsFile()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _elsewhere, EnvironmentName = "Production" });

        builder.UseShippedSettingsWhenAbsent(_app);

        builder.Configuration["Database:DataFolder"].ShouldBe("/srv/breakoutbot-data");
        builder.Configuration["AllowedHosts"].ShouldBe("portal.example");
    }

    [Fact]
    public void TheEnvironmentAndTheCommandLineStillWinOverTheShippedSettings()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = _elsewhere,
            EnvironmentName = "Production",
            Args = ["--Database:DataFolder=/from/the/command/line"],
        });

        builder.UseShippedSettingsWhenAbsent(_app);

        builder.Configuration["Database:DataFolder"].ShouldBe("/from/the/command/line");
        builder.Configuration["AllowedHosts"].ShouldBe("portal.example");
    }

    [Fact]
    public void AWorkingFolderWithItsOwnSettingsIsLeftAsItIs()
    {
        File.WriteAllText(Path.Combine(_elsewhere, "appsettings.json"), """{"Database":{"DataFolder":"own"}}""");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _elsewhere, EnvironmentName = "Staging" });

        builder.UseShippedSettingsWhenAbsent(_app);

        builder.Configuration["Database:DataFolder"].ShouldBe("own");
        builder.Configuration["AllowedHosts"].ShouldBeNull();
    }
}
