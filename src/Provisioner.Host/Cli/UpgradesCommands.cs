using System.CommandLine;

namespace Provisioner.Host.Cli;

/// <summary><c>provisioner upgrades</c>: release repositories for <c>release_update</c>.</summary>
public static class UpgradesCommands
{
    public static Command Create(CliWriters io)
    {
        var upgrades = new Command("upgrades", "Release repositories that nodes upgrade from (release_update)");
        upgrades.Subcommands.Add(UpgradesPublishCommand.Create(io));
        return upgrades;
    }
}
