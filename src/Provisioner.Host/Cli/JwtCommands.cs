using System.CommandLine;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner jwt</c>: make signing keys, make provisioning tokens and view or verify tokens,
/// compatible with Choria's <c>choria jwt</c> commands.
/// </summary>
public static class JwtCommands
{
    public static Command Create(CliWriters io)
    {
        var jwt = new Command("jwt", "Create and view Choria JWTs: signing keys, provisioning tokens, the org issuer and its chain signer");
        jwt.Subcommands.Add(JwtKeygenCommand.Create(io));
        jwt.Subcommands.Add(JwtProvisioningCommand.Create(io));
        jwt.Subcommands.Add(JwtViewCommand.Create(io));
        jwt.Subcommands.Add(JwtIssuerCommand.Create(io));
        jwt.Subcommands.Add(JwtChainSignerCommand.Create(io));
        return jwt;
    }
}
