using System.CommandLine;

namespace Provisioner.Host.Cli;

/// <summary><c>provisioner agent</c>: run a node agent in provisioning mode, or show its settings.</summary>
public static class AgentCommands
{
    public static Command Create(CliWriters io)
    {
        var agent = new Command("agent", "A fleet node's agent: provisioning mode, then provisioned");
        agent.Subcommands.Add(AgentRunCommand.Create(io));
        agent.Subcommands.Add(AgentStatusCommand.Create(io));
        return agent;
    }
}
