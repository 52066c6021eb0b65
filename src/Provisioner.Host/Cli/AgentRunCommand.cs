using System.CommandLine;
using Provisioner.Agent;
using Provisioner.Agent.Renewal;
using Provisioner.Agent.Runtime;
using Provisioner.Agent.Upgrades;
using Provisioner.Host.Logging;
using Provisioner.Host.Members;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner agent run --config-dir DIR [--token-file F] [--identity NAME]</c>: runs the node agent until it
/// is shut down by request (exit 0), interrupted (exit 0) or cannot start (exit 1). Logs go to stderr (or --log-file).
/// </summary>
internal static class AgentRunCommand
{
    // Choria's updater has no timeout; a stuck repository must not hold the agent's mutex for ever.
    private static readonly TimeSpan ReleaseDownloadTimeout = TimeSpan.FromMinutes(5);

    public static Command Create(CliWriters io)
    {
        var configDir = new Option<string>("--config-dir") { Description = "The node's configuration directory (server.conf, provisioning.jwt, ...)", Required = true };
        var tokenFile = new Option<string>("--token-file") { Description = "The provisioning token (default DIR/provisioning.jwt)" };
        var identity = new Option<string>("--identity") { Description = "The node's identity (default: the configuration's identity, else the host name)" };
        var executable = new Option<string>("--executable")
        {
            Description = "The file release_update replaces and restarts into (default: this program, unless run by the dotnet host)",
        };
        var renewAt = new Option<double>("--renew-at")
        {
            Description = "Renew credentials when the first reaches this share of its lifetime (0 never renews ahead of expiry)",
            DefaultValueFactory = _ => RenewalPolicy.Default.Share,
        };
        var renewSplay = new Option<double>("--renew-splay")
        {
            Description = "Plus a random share of up to this much, drawn per node, to spread a fleet's renewals",
            DefaultValueFactory = _ => RenewalPolicy.Default.Splay,
        };
        var log = new LogOptions();
        var command = new Command("run", "Run the node agent: provision when needed, then run provisioned") { configDir, tokenFile, identity, executable, renewAt, renewSplay };
        log.AddTo(command);
        command.SetAction(async (pr, cancellationToken) =>
        {
            var directory = pr.GetValue(configDir)!;
            if (!Directory.Exists(directory))
            {
                throw new UsageException($"--config-dir: {directory} does not exist");
            }
            // --debug (for every command) asks for the stack of an unexpected error; for the agent it also means debug lines.
            var level = pr.GetValue(ProvisionerCli.Debug) ? Microsoft.Extensions.Logging.LogLevel.Debug : Microsoft.Extensions.Logging.LogLevel.Information;
            RenewalPolicy? renewal = null;
            if (pr.GetValue(renewAt) != 0)
            {
                renewal = new RenewalPolicy(pr.GetValue(renewAt), pr.GetValue(renewSplay));
                if (renewal.Problem() is { } problem)
                {
                    throw new UsageException($"--renew-at/--renew-splay: {problem}");
                }
            }
            var target = ProcessRelauncher.ExecutableToReplace(pr.GetValue(executable));
            if (target is not null && !File.Exists(target))
            {
                throw new UsageException($"--executable: {target} does not exist");
            }
            using var pipeline = LogPipeline.Open(log.Resolve(pr, ProvisionerVariables.FromProcess, level), io.Error);
            using var http = new HttpClient { Timeout = ReleaseDownloadTimeout };
            var agent = new NodeAgent(
                new NodeAgentOptions
                {
                    ConfigDirectory = Path.GetFullPath(directory),
                    TokenFile = pr.GetValue(tokenFile) is { Length: > 0 } token ? Path.GetFullPath(token) : null,
                    Identity = pr.GetValue(identity),
                    Version = ProvisionerVariables.FromProcess(ProvisionerVariables.AgentVersion) ?? AgentVersion.Current,
                    Releases = target is null
                        ? NoReleaseInstaller.Instance
                        : new ExecutableReleaseInstaller(target, new ReleaseDownloader(http), ReleasePlatform.Current),
                    Renewal = renewal,
                    Relaunch = target is null ? null : () => ProcessRelauncher.Exec(target),
                },
                pipeline.Loggers);
            return await agent.RunAsync(cancellationToken) == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }
}
