using Provisioner.Messages.Wire;
using System.CommandLine;
using Provisioner.Agent.Boot;
using Provisioner.Agent.Config;
using Provisioner.Agent.Files;
using Provisioner.Agent.Runtime;
using Provisioner.Security.Tokens;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner agent status --config-dir DIR</c>: the "Server Settings" block of <c>choria buildinfo</c> for this
/// node (secrets as <c>*****</c>), then what the node would do at boot and whether, and as whom, it is provisioned.
/// Reads only; nothing is healed or deleted. Exit 0, or 1 when the node could not start.
/// </summary>
internal static class AgentStatusCommand
{
    private const int LabelWidth = 32;

    public static Command Create(CliWriters io)
    {
        var configDir = new Option<string>("--config-dir") { Description = "The node's configuration directory", Required = true };
        var tokenFile = new Option<string>("--token-file") { Description = "The provisioning token (default DIR/provisioning.jwt)" };
        var identity = new Option<string>("--identity") { Description = "The node's identity, as given to agent run" };
        var command = new Command("status", "Show the node's provisioning settings and state") { configDir, tokenFile, identity };
        command.SetAction(pr => Run(io, pr.GetValue(configDir)!, pr.GetValue(tokenFile), pr.GetValue(identity)));
        return command;
    }

    private static int Run(CliWriters io, string directory, string? tokenFile, string? identity)
    {
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"--config-dir: {directory} does not exist");
        }
        var files = new DiskFileStore();
        var paths = new NodePaths(Path.GetFullPath(directory), string.IsNullOrEmpty(tokenFile) ? null : Path.GetFullPath(tokenFile));
        var o = io.Out;
        NodeBootState boot;
        try
        {
            boot = NodeBoot.Decide(files, paths, identity, TimeProvider.System, removeStaleCredentials: false);
        }
        catch (NodeBootException e)
        {
            o.WriteLine("Server Settings:");
            o.WriteLine();
            Line(o, "Supports Provisioning", "false");
            o.WriteLine();
            io.Error.WriteLine($"error: the node cannot start: {e.Message}");
            return ExitCodes.Invalid;
        }

        o.WriteLine("Server Settings:");
        o.WriteLine();
        Line(o, "Provisioning Target Resolver", "Choria JWT Resolver");
        Line(o, "Supports Provisioning", Bool(boot.SupportsProvisioning));
        if (files.FileExists(paths.TokenFile))
        {
            Line(o, "Provisioning JWT file", paths.TokenFile);
        }
        if (boot.Token is { } token)
        {
            WriteToken(o, token);
        }
        o.WriteLine();
        o.WriteLine("Node:");
        o.WriteLine();
        Line(o, "Identity", boot.Identity);
        Line(o, "Configuration", files.FileExists(paths.ConfigFile) ? paths.ConfigFile : $"{paths.ConfigFile} (missing)");
        Line(o, "Mode at boot", $"{(boot.Mode == NodeMode.Provisioning ? "provisioning" : "provisioned")} ({boot.Reason})");
        Line(o, "Provisioned", Provisioned(files, paths, boot));
        if (boot.Mode == NodeMode.Provisioned)
        {
            var hosts = boot.Config.GetList(ServerConfigKeys.MiddlewareHosts);
            Line(o, "Brokers", hosts.Count > 0 ? string.Join(", ", hosts) : "the provisioning brokers");
            Line(o, "Collectives", boot.Config.GetList(ServerConfigKeys.Collectives) is { Count: > 0 } collectives ? string.Join(", ", collectives) : "choria");
            Line(o, "NATS credentials", files.FileExists(paths.NatsJwtFile) ? $"{paths.NatsJwtFile} with the node's seed" : "none (anonymous)");
        }
        return ExitCodes.Ok;
    }

    private static void WriteToken(TextWriter o, ProvisioningClaims token)
    {
        Line(o, "Provisioning Token", string.IsNullOrEmpty(token.Token) ? "not set" : "*****");
        Line(o, "Provisioning Default", Bool(token.ProvisionByDefault));
        Line(o, "Provisioning TLS", Bool(token.Secure));
        Line(o, "Default Provisioning Agent", "true");
        if (!string.IsNullOrEmpty(token.Urls))
        {
            Line(o, "Provisioning Brokers", token.Urls);
        }
        if (!string.IsNullOrEmpty(token.SrvDomain))
        {
            Line(o, "Provisioning SRV Domain", token.SrvDomain);
        }
        if (!string.IsNullOrEmpty(token.RegistrationDataFile))
        {
            Line(o, "Provisioning Registration Data", token.RegistrationDataFile);
        }
        if (!string.IsNullOrEmpty(token.FactsFile))
        {
            Line(o, "Provisioning Facts", token.FactsFile);
        }
        if (!string.IsNullOrEmpty(token.BrokerUsername))
        {
            Line(o, "Provisioning Broker Username", token.BrokerUsername);
            Line(o, "Provisioning Broker Password", string.IsNullOrEmpty(token.BrokerPassword) ? "not set" : "*****");
        }
        if (NodeConnectionOptions.BearerJwt(token) is not null)
        {
            Line(o, "Provisioning Broker JWT", "*****");
        }
        if (token.ProtocolV2)
        {
            Line(o, "Provisioning Using Protocol v2", "true");
        }
        if (token.AllowUpdate)
        {
            Line(o, "Provisioning Version Upgrades", "true");
        }
    }

    private static string Provisioned(INodeFileStore files, NodePaths paths, NodeBootState boot)
    {
        if (boot.Mode == NodeMode.Provisioning)
        {
            return "no";
        }
        var jwt = files.ReadText(paths.ServerJwtFile);
        if (jwt is null)
        {
            return $"yes, as {boot.Identity} (no server JWT)";
        }
        try
        {
            var claims = ServerTokens.ParseUnverified(jwt.Trim());
            var expiry = claims.ExpiryTime() is { } until ? $", valid until {until:u}" : "";
            return $"yes, as {claims.Identity} (server JWT for collectives {string.Join(", ", claims.Collectives ?? [])}{expiry})";
        }
        catch (TokenException e)
        {
            return $"yes, as {boot.Identity} (server JWT unreadable: {e.Message})";
        }
    }

    private static void Line(TextWriter o, string label, string value) => o.WriteLine($"{label.PadLeft(LabelWidth)}: {value}");

    private static string Bool(bool value) => value ? "true" : "false";
}
