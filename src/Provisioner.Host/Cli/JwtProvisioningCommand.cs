using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Security.Files;
using Provisioner.Security.Tokens;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner jwt provisioning OUT KEY [options]</c>: makes a provisioning token with the options
/// and defaults of Choria 0.27's <c>choria jwt provisioning</c> (insecure by default, org choria, valid 1y).
/// </summary>
internal static class JwtProvisioningCommand
{
    public static Command Create(CliWriters io)
    {
        var outFile = new Argument<string>("out-file") { Description = "The token file to write (mode 0600)" };
        var signingKey = new Argument<string>("signing-key-file") { Description = "RSA private key PEM or file with a 64 hex character Ed25519 seed" };
        var token = new Option<string>("--token") { Description = "Token used to secure access to the provisioning agent (cht)" };
        var urls = new Option<string[]>("--urls") { Description = "Broker URLs to connect to for provisioning (repeat or comma-separate)", AllowMultipleArgumentsPerToken = true };
        var srv = new Option<string>("--srv") { Description = "Domain to query for _choria-provisioner._tcp SRV records" };
        var byDefault = new Option<bool>("--default") { Description = "Enables provisioning by default (chpd)" };
        var registration = new Option<string>("--registration") { Description = "File to publish as registration data during provisioning" };
        var facts = new Option<string>("--facts") { Description = "File to use for facts during registration" };
        var username = new Option<string>("--username") { Description = "Username to connect to the provisioning broker with" };
        var password = new Option<string>("--password") { Description = "Password to connect to the provisioning broker with" };
        var extensions = new Option<string>("--extensions") { Description = "Additional extensions, a JSON object", HelpName = "JSON" };
        var org = new Option<string>("--org") { Description = "Organization unit (ou)", DefaultValueFactory = _ => "choria" };
        var protocolV2 = new Option<bool>("--protocol-v2") { Description = "Provision nodes for protocol v2 and the choria security provider" };
        var insecure = new Option<bool>("--insecure") { Description = "Disable TLS and protocol security during provisioning (default true)", DefaultValueFactory = _ => true };
        var noInsecure = new Option<bool>("--no-insecure") { Description = "Enable TLS and protocol security during provisioning (chs=true)" };
        var update = new Option<bool>("--update") { Description = "Allow version upgrades during provisioning" };
        var validity = new Option<string>("--validity") { Description = "How long the token is valid (units m h d w y)", DefaultValueFactory = _ => "1y" };
        var vault = new Option<bool>("--vault") { Description = "Sign using HashiCorp Vault (not supported)" };

        var command = new Command("provisioning", "Create a provisioning JWT")
        {
            outFile, signingKey, token, urls, srv, byDefault, registration, facts, username, password,
            extensions, org, protocolV2, insecure, noInsecure, update, validity, vault,
        };
        command.Aliases.Add("prov");
        command.SetAction(pr =>
        {
            if (pr.GetValue(vault))
            {
                throw new UsageException("--vault: signing with Vault is not supported; give a signing key file");
            }
            var agentToken = pr.GetValue(token);
            if (string.IsNullOrEmpty(agentToken))
            {
                throw new UsageException("--token is required: the token that secures access to the provisioning agent");
            }
            if (!HumanDuration.TryParse(pr.GetValue(validity), out var lifetime, out var durationError) || lifetime <= TimeSpan.Zero)
            {
                throw new UsageException($"--validity: {(durationError.Length > 0 ? durationError : "must be positive")}");
            }
            var secure = pr.GetValue(noInsecure) || !pr.GetValue(insecure);
            var request = new ProvisioningTokenRequest
            {
                Token = agentToken,
                Urls = (pr.GetValue(urls) ?? []).SelectMany(u => u.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
                SrvDomain = pr.GetValue(srv),
                Secure = secure,
                ProvisionByDefault = pr.GetValue(byDefault),
                RegistrationDataFile = pr.GetValue(registration),
                FactsFile = pr.GetValue(facts),
                BrokerUsername = pr.GetValue(username),
                BrokerPassword = pr.GetValue(password),
                Extensions = ParseExtensions(pr.GetValue(extensions)),
                OrganizationUnit = pr.GetValue(org) ?? "choria",
                ProtocolV2 = pr.GetValue(protocolV2),
                AllowUpdate = pr.GetValue(update),
                Validity = lifetime,
            };
            var path = pr.GetValue(outFile)!;
            try
            {
                using var key = TokenSigningKey.Load(pr.GetValue(signingKey)!);
                var signed = ProvisioningTokens.Issue(request, key, TimeProvider.System);
                SecretFile.Write(path, signed, FileModes.Secret);
            }
            catch (TokenException e)
            {
                throw new UsageException(e.Message);
            }
            io.Out.WriteLine($"Saved token to {path}, use 'provisioner jwt view {path}' to view it");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static JsonObject? ParseExtensions(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(json) as JsonObject
                ?? throw new UsageException("--extensions: must be a JSON object, for example {\"site\":\"lon\"}");
        }
        catch (JsonException e)
        {
            throw new UsageException($"--extensions: invalid JSON: {e.Message}");
        }
    }
}
