using System.CommandLine;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner aaa</c>: the AAA service's tools: sign a request for scripting, make the login key, add users to a
/// userlist, read the audit trail.
/// </summary>
public static class AaaCommands
{
    public static Command Create(CliWriters io)
    {
        var aaa = new Command("aaa", "AAA (Choria aaasvc): sign requests, make keys, manage the userlist, read the audit trail");
        aaa.Subcommands.Add(AaaSignCommand.Create(io));
        aaa.Subcommands.Add(JwtKeygenCommand.Create(io));
        aaa.Subcommands.Add(AaaUserCommand.Create(io));
        aaa.Subcommands.Add(AaaAuditCommand.Create(io));
        return aaa;
    }
}
