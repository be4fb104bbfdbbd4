using System.Net;
using BreakoutBot.Tests.Web.Browser;

namespace BreakoutBot.Tests.Web.Hosting;

/// <summary>
/// The portal's build started as <c>dotnet /path/BreakoutBot.Web.dll</c> from another folder (a service unit without
/// <c>WorkingDirectory</c>): ASP.NET Core looks for <c>appsettings.json</c> in the working folder, found none, and ran
/// without the shipped <c>AllowedHosts</c>, answering any <c>Host</c>. It now reads the settings shipped beside the dll.
/// </summary>
public sealed class StartedElsewhereTests : IDisposable
{
    private readonly string _elsewhere = Directory.CreateTempSubdirectory("breakoutbot-elsewhere-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_elsewhere, recursive: true);

    [Fact]
    public async Task APortalStartedFromAnotherFolderAnswersOnlyTheShippedHostNames()
    {
        await using var portal = await PortalProcess.StartAsync(Ct, environment: "Production", workingDirectory: _elsewhere);
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };

        // A page: the probes and the scraper are answered whatever Host they send (ProxyAndHostSettingsTests).
        using var forged = new HttpRequestMessage(HttpMethod.Get, "Account/Login");
        forged.Headers.Host = "evil.example.com";
        using var forgedResponse = await http.SendAsync(forged, Ct);
        using var ownResponse = await http.GetAsync(new Uri("Account/Login", UriKind.Relative), Ct);

        forgedResponse.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "AllowedHosts from the shipped appsettings.json\n" + portal.Output);
        ownResponse.StatusCode.ShouldBe(HttpStatusCode.OK, portal.Output);
        portal.Output.ShouldContain("Content root path: " + _elsewhere, Case.Sensitive, "the working folder stays the content root");
    }
}
