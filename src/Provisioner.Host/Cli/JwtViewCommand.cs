using System.CommandLine;
using System.Text.Json;
using Provisioner.Security.Tokens;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner jwt view FILE [--verify-key KEY]</c>: shows a provisioning, server or client id token in Choria's
/// layout with secrets masked (the token, the broker password and secret-named extensions, see
/// <see cref="MaskedExtensions"/>) and checks its validity period and, given a key, its signature. A chain-issued token
/// (<c>iss</c> <c>C-…</c>) is checked through its trust chain with the key as the org issuer, as Choria does. Exit 0 for
/// a current token whose signature verifies; without a key, for a current token, with a warning on stderr that the
/// signature was not verified (viewing what a token holds needs no key, as with Choria's <c>jwt view</c>); 1 for
/// a bad signature, an expired or not yet valid token, or one that does not parse.
/// </summary>
internal static class JwtViewCommand
{
    private const int LabelWidth = 30;

    /// <summary>The warning for a token viewed without <c>--verify-key</c>: exit 0 then does not vouch for who signed it.</summary>
    public const string SignatureNotVerified = "signature not verified (no --verify-key given): exit code 0 does not vouch for the signer";
    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    public static Command Create(CliWriters io)
    {
        var file = new Argument<string>("file") { Description = "The token file to view" };
        var verifyKey = new Option<string>("--verify-key")
        {
            Description = "RSA public key or certificate PEM, a file with a hex Ed25519 public key, or the hex key itself",
        };
        var command = new Command("view", "View a token and, with --verify-key, check its signature and validity") { file, verifyKey };
        command.SetAction(pr => Run(io, pr.GetValue(file)!, pr.GetValue(verifyKey), TimeProvider.System.GetUtcNow()));
        return command;
    }

    private static int Run(CliWriters io, string path, string? verifyKeyText, DateTimeOffset now)
    {
        var text = File.ReadAllText(path);
        using var key = LoadKey(verifyKeyText);

        JwsToken jws;
        StandardClaims claims;
        try
        {
            jws = JwsToken.Parse(text);
            claims = TokenPurpose.Of(jws) switch
            {
                TokenPurpose.Provisioning => ProvisioningTokens.ReadClaims(jws),
                TokenPurpose.Server => ServerTokens.ReadClaims(jws),
                TokenPurpose.ClientId => ClientIdTokens.ReadClaims(jws),
                var other => throw new TokenException(TokenError.WrongPurpose,
                    $"not a provisioning, server or client token (purpose '{other}')"),
            };
        }
        catch (TokenException e)
        {
            io.Error.WriteLine($"error: {path}: {e.Message}");
            return ExitCodes.Invalid;
        }

        var kind = claims switch { ServerClaims => "Server", ClientIdClaims => "Client", _ => "Provisioning" };
        io.Out.WriteLine(key is null ? $"Unverified {kind} Token {path}" : $"{kind} Token {path}");
        io.Out.WriteLine();
        if (claims is ProvisioningClaims provisioning)
        {
            WriteProvisioning(io.Out, provisioning);
        }
        else if (claims is ClientIdClaims client)
        {
            WriteClient(io.Out, client);
        }
        else
        {
            WriteServer(io.Out, (ServerClaims)claims);
        }
        Line(io.Out, "Standard Claims", Indent(claims.ToView().ToJson()));
        io.Out.WriteLine();

        var valid = true;
        if (key is null)
        {
            Line(io.Out, "Signature", "not verified (no --verify-key given)");
            io.Error.WriteLine($"warning: {path}: {SignatureNotVerified}");
        }
        else
        {
            try
            {
                TrustChain.VerifySignature(jws, claims, key);
                Line(io.Out, "Signature", TrustChain.IsChainIssued(jws, claims)
                    ? $"valid, through the trust chain of {claims.Issuer} to the org issuer"
                    : "valid");
            }
            catch (TokenException e)
            {
                Line(io.Out, "Signature", $"invalid: {e.Message}");
                valid = false;
            }
        }

        try
        {
            TokenLifetime.Check(claims, now);
            var expiry = claims.ExpiryTime();
            Line(io.Out, "Validity", expiry is null ? "valid, never expires" : $"valid until {expiry.Value:u}");
        }
        catch (TokenException e) when (e.Error is TokenError.Expired or TokenError.NotYetValid)
        {
            Line(io.Out, "Validity", e.Error == TokenError.Expired
                ? $"expired at {claims.ExpiryTime()!.Value:u}"
                : $"not valid before {DateTimeOffset.FromUnixTimeSeconds(Math.Max(claims.NotBefore ?? 0, claims.IssuedAt ?? 0)):u}");
            valid = false;
        }

        // A warning, not a failure: Choria accepts such tokens, and provisioner.require-token-expiry is the member's to set.
        if (TokenLifetime.NeverExpires(claims))
        {
            io.Error.WriteLine($"warning: {path}: {TokenLifetime.NeverExpiresWarning}");
        }
        return valid ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    private static TokenVerificationKey? LoadKey(string? verifyKey)
    {
        if (string.IsNullOrWhiteSpace(verifyKey))
        {
            return null;
        }
        try
        {
            return TokenVerificationKey.Load(verifyKey);
        }
        catch (TokenException e)
        {
            throw new UsageException($"--verify-key: {e.Message}");
        }
    }

    private static void WriteProvisioning(TextWriter o, ProvisioningClaims c)
    {
        Line(o, "Token", string.IsNullOrEmpty(c.Token) ? "" : "*****");
        Line(o, "Secure", Bool(c.Secure));
        if (!string.IsNullOrEmpty(c.SrvDomain))
        {
            Line(o, "SRV Domain", c.SrvDomain);
        }
        if (!string.IsNullOrEmpty(c.Urls))
        {
            Line(o, "URLs", c.Urls);
        }
        Line(o, "Provisioning by default", Bool(c.ProvisionByDefault));
        Optional(o, "Provisioning Registration Data", c.RegistrationDataFile);
        Optional(o, "Provisioning Facts", c.FactsFile);
        Optional(o, "Broker Username", c.BrokerUsername);
        if (!string.IsNullOrEmpty(c.BrokerPassword))
        {
            Line(o, "Broker Password", "*****");
        }
        Line(o, "Organization Unit", c.OrganizationUnit ?? "choria");
        Line(o, "Protocol v2", Bool(c.ProtocolV2));
        Line(o, "Allow Upgrades", Bool(c.AllowUpdate));
        if (c.Extensions is { Count: > 0 })
        {
            Line(o, "Extensions", Indent(MaskedExtensions.Of(c.Extensions).ToJsonString(IndentedJson)));
        }
    }

    private static void WriteServer(TextWriter o, ServerClaims c)
    {
        Line(o, "Identity", c.Identity ?? "");
        Line(o, "Collectives", string.Join(", ", c.Collectives ?? []));
        Optional(o, "Public Key", c.PublicKey);
        Line(o, "Organization Unit", c.OrganizationUnit ?? "choria");
        if (c.PublishSubjects is { Count: > 0 })
        {
            Line(o, "Additional Subjects", string.Join(", ", c.PublishSubjects));
        }
        if (c.Permissions is { } p)
        {
            var granted = new[] { (p.Submission, "submission"), (p.Streams, "streams"), (p.Governor, "governor"), (p.ServiceHost, "service_host") }
                .Where(x => x.Item1).Select(x => x.Item2);
            Line(o, "Broker Permissions", string.Join(", ", granted));
        }
    }

    private static void WriteClient(TextWriter o, ClientIdClaims c)
    {
        Line(o, "Caller ID", c.CallerId ?? "");
        Optional(o, "Public Key", c.PublicKey);
        Line(o, "Organization Unit", c.OrganizationUnit ?? "choria");
        if (c.AllowedAgents is { Count: > 0 })
        {
            Line(o, "Allowed Agents", string.Join(", ", c.AllowedAgents));
        }
        Line(o, "Permissions", c.Permissions is { } p ? string.Join(", ", p.Granted()) : "");
        if (c.Issuer?.StartsWith(TrustChain.OrgIssuerPrefix, StringComparison.Ordinal) == true)
        {
            Line(o, "Chain Issuer", $"yes, signed by org issuer {c.Issuer[TrustChain.OrgIssuerPrefix.Length..]}");
        }
    }

    private static void Optional(TextWriter o, string label, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Line(o, label, value);
        }
    }

    private static void Line(TextWriter o, string label, string value) => o.WriteLine($"{label.PadLeft(LabelWidth)}: {value}");

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Indent(string multiline) => multiline.ReplaceLineEndings("\n" + new string(' ', LabelWidth + 2));
}
