using System.CommandLine;
using System.Security.Cryptography;
using NSec.Cryptography;
using Provisioner.Security.Files;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner jwt keygen --type rsa|ed25519 PRIVATE PUBLIC</c>: an RSA-2048 PEM pair, or an Ed25519
/// seed and public key as hex (the forms <c>jwt_signing_key</c> and <c>jwt_verify_cert</c> take).
/// </summary>
internal static class JwtKeygenCommand
{
    public static Command Create(CliWriters io)
    {
        var type = new Option<string>("--type")
        {
            Description = "Key type: rsa (RSA-2048 PEM, signs RS256) or ed25519 (hex seed, signs EdDSA)",
            Required = true,
        };
        type.AcceptOnlyFromAmong("rsa", "ed25519");
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite existing key files" };
        var privateFile = new Argument<string>("private-file") { Description = "Private key file to create (mode 0600)" };
        var publicFile = new Argument<string>("public-file") { Description = "Public key file to create" };

        var command = new Command("keygen", "Create a token signing key pair") { type, force, privateFile, publicFile };
        command.SetAction(pr =>
        {
            var privatePath = pr.GetValue(privateFile)!;
            var publicPath = pr.GetValue(publicFile)!;
            OutputFiles.EnsureWritable(pr.GetValue(force), privatePath, publicPath);
            if (pr.GetValue(type) == "rsa")
            {
                using var rsa = RSA.Create(2048);
                SecretFile.Write(privatePath, rsa.ExportRSAPrivateKeyPem() + "\n", FileModes.Secret);
                SecretFile.Write(publicPath, rsa.ExportSubjectPublicKeyInfoPem() + "\n", FileModes.Public);
                io.Out.WriteLine($"RSA-2048 private key saved in {privatePath}, public key in {publicPath}");
                return ExitCodes.Ok;
            }
            var publicHex = WriteEd25519(privatePath, publicPath);
            io.Out.WriteLine($"Public Key: {publicHex}");
            io.Out.WriteLine($"Ed25519 seed saved in {privatePath}, public key in {publicPath}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Writes a fresh Ed25519 seed (mode 0600) and its public key, both as hex, and returns the public key.</summary>
    public static string WriteEd25519(string privatePath, string publicPath)
    {
        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var publicHex = Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        // No trailing newline: Choria hex-decodes these files as they are.
        SecretFile.Write(privatePath, Convert.ToHexStringLower(key.Export(KeyBlobFormat.RawPrivateKey)), FileModes.Secret);
        SecretFile.Write(publicPath, publicHex, FileModes.Public);
        return publicHex;
    }
}
