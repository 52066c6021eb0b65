using System.CommandLine;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner jwt issuer SEED PUBLIC</c>: the organisation issuer of a certificate-free Choria network, an
/// Ed25519 key pair. Its public key is what nodes trust (<c>plugin.security.issuer.&lt;ou&gt;.public</c>) and what
/// members verify provisioning tokens and chains with (<c>jwt-verify-key</c>); its seed signs the provisioner's
/// chain signer token (<c>jwt chain-signer</c>) and belongs offline.
/// </summary>
internal static class JwtIssuerCommand
{
    public static Command Create(CliWriters io)
    {
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite existing key files" };
        var privateFile = new Argument<string>("seed-file") { Description = "Org issuer seed file to create (hex, mode 0600)" };
        var publicFile = new Argument<string>("public-file") { Description = "Org issuer public key file to create (hex)" };
        var command = new Command("issuer", "Create an organisation issuer (Ed25519) key pair") { force, privateFile, publicFile };
        command.SetAction(pr =>
        {
            var privatePath = pr.GetValue(privateFile)!;
            var publicPath = pr.GetValue(publicFile)!;
            OutputFiles.EnsureWritable(pr.GetValue(force), privatePath, publicPath);
            var publicHex = JwtKeygenCommand.WriteEd25519(privatePath, publicPath);
            io.Out.WriteLine($"Org Issuer Public Key: {publicHex}");
            io.Out.WriteLine($"Org issuer seed saved in {privatePath} (keep it offline), public key in {publicPath}");
            io.Out.WriteLine($"Nodes trust it as plugin.security.issuer.<ou>.public; members verify with jwt-verify-key = {publicPath}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
