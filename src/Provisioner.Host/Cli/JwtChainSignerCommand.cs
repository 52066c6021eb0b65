using System.CommandLine;
using Provisioner.Security.Files;
using Provisioner.Security.Tokens;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner jwt chain-signer OUT ISSUER-SEED --public-key KEY</c>: the provisioner's signing token, a client id
/// token the org issuer signs with a trust chain signature (<c>tcs</c>), as
/// <c>choria jwt client OUT provisioner_signer ISSUER-SEED --public-key KEY --server-provisioner --issuer</c> makes it:
/// permissions <c>fleet_management</c> and <c>provisioner</c>. Members sign server JWTs through it
/// (<c>server-jwt.signing-token</c>, Choria's <c>jwt_signing_token</c>) with the seed behind <c>--public-key</c>.
/// Server JWTs expire no later than it does, so it defaults to a year, not Choria's hour.
/// </summary>
internal static class JwtChainSignerCommand
{
    public static Command Create(CliWriters io)
    {
        var outFile = new Argument<string>("out-file") { Description = "The signing token file to write (mode 0600)" };
        var issuerSeed = new Argument<string>("issuer-seed-file") { Description = "The org issuer's seed file (64 hex characters)" };
        var publicKey = new Option<string>("--public-key")
        {
            Description = "The provisioner's Ed25519 public key: 64 hex characters or a file holding them (jwt keygen --type ed25519)",
            Required = true,
        };
        var callerId = new Option<string>("--caller-id") { Description = "The caller id requests are signed as", DefaultValueFactory = _ => "provisioner_signer" };
        var org = new Option<string>("--org") { Description = "Organization unit (ou)", DefaultValueFactory = _ => "choria" };
        var validity = new Option<string>("--validity") { Description = "How long it may sign (units m h d w y); server JWTs expire with it", DefaultValueFactory = _ => "1y" };
        var electionUser = new Option<bool>("--election-user") { Description = "Also grant election_user (Choria's provisioner needs it for leader election)" };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite an existing token file" };

        var command = new Command("chain-signer", "Create the provisioner's chain signing token, signed by the org issuer")
        {
            outFile, issuerSeed, publicKey, callerId, org, validity, electionUser, force,
        };
        command.SetAction(pr =>
        {
            var path = pr.GetValue(outFile)!;
            OutputFiles.EnsureWritable(pr.GetValue(force), path);
            if (!HumanDuration.TryParse(pr.GetValue(validity), out var lifetime, out var durationError) || lifetime <= TimeSpan.Zero)
            {
                throw new UsageException($"--validity: {(durationError.Length > 0 ? durationError : "must be positive")}");
            }
            string publicHex;
            try
            {
                using var signerKey = TokenVerificationKey.Load(pr.GetValue(publicKey)!);
                publicHex = signerKey.Ed25519PublicKeyHex ?? throw new UsageException("--public-key: must be an Ed25519 public key, not RSA");
            }
            catch (TokenException e)
            {
                throw new UsageException($"--public-key: {e.Message}");
            }
            var request = new ChainIssuerRequest
            {
                CallerId = pr.GetValue(callerId) ?? "",
                PublicKeyHex = publicHex,
                Validity = lifetime,
                OrganizationUnit = pr.GetValue(org) ?? "choria",
                Permissions = new ClientPermissions { FleetManagement = true, Provisioner = true, ElectionUser = pr.GetValue(electionUser) },
            };
            try
            {
                using var issuer = TokenSigningKey.Load(pr.GetValue(issuerSeed)!);
                SecretFile.Write(path, ChainIssuerTokens.Issue(request, issuer, TimeProvider.System), FileModes.Secret);
            }
            catch (TokenException e)
            {
                throw new UsageException(e.Message);
            }
            io.Out.WriteLine($"Saved chain signer token for {request.CallerId} ({publicHex}) to {path}, use 'provisioner jwt view {path} --verify-key <org issuer public key>' to view it");
            return ExitCodes.Ok;
        });
        return command;
    }
}
