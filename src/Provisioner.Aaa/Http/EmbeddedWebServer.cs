using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Provisioner.Aaa.Http;

/// <summary>
/// The builder a member's HTTP servers start from (AAA, and the host's metrics and web view): ASP.NET Core's slim
/// builder in the production environment, without reloading configuration from files. Reloading watches the working
/// directory and everything below it, where a SQLite journal is written all the time: handling those inotify events
/// (a read, then an existence check per event) cost members 7-8% of their CPU in a SQLite burst. These servers take no
/// configuration from files.
/// </summary>
public static class EmbeddedWebServer
{
    /// <summary>The host setting that turns the reload (and so the watch) off; read from the builder's arguments.</summary>
    public const string NoConfigReload = "--hostBuilder:reloadConfigOnChange=false";

    public static WebApplicationBuilder CreateBuilder() =>
        WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, Args = [NoConfigReload] });
}
