using System.CommandLine;
using Provisioner.Agent.Runtime;
using Provisioner.Host.Logging;
using Provisioner.Host.Members;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner agent run --config-dir DIR [--token-file F] [--identity NAME]</c>: runs the node agent until it
/// is shut down by request (exit 0), interrupted (exit 0) or cannot start (exit 1). Logs go to stderr (or --log-file).
/// </summary>
internal static class AgentRunCommand
{
    public static Command Create(CliWriters io)
    {
        var configDir = new Option<string>("--config-dir") { Description = "The node's configuration directory (server.conf, provisioning.jwt, ...)", Required = true };
        var tokenFile = new Option<string>("--token-file") { Description = "The provisioning token (default DIR/provisioning.jwt)" };
        var identity = new Option<string>("--identity") { Description = "The node's identity (default: the configuration's identity, else the host name)" };
        var log = new LogOptions();
        var command = new Command("run", "Run the node agent: provision when needed, then run provisioned") { configDir, tokenFile, identity };
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
            using var pipeline = LogPipeline.Open(log.Resolve(pr, ProvisionerVariables.FromProcess, level), io.Error);
            var agent = new NodeAgent(
                new NodeAgentOptions
                {
                    ConfigDirectory = Path.GetFullPath(directory),
                    TokenFile = pr.GetValue(tokenFile) is { Length: > 0 } token ? Path.GetFullPath(token) : null,
                    Identity = pr.GetValue(identity),
                },
                pipeline.Loggers);
            return await agent.RunAsync(cancellationToken) == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }
}
