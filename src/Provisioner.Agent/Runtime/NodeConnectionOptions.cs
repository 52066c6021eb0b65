using System.Text.Json.Nodes;
using NATS.Client.Core;
using Provisioner.Messages.Wire;
using Provisioner.Security.Broker;
using Provisioner.Security.Tokens;

namespace Provisioner.Agent.Runtime;

/// <summary>
/// How a node logs in to the broker. In provisioning mode: the token's bearer NATS JWT when its
/// <c>extensions</c> carry a string <c>nats_jwt</c> (what an operator-mode broker needs), else <c>chusr</c>/<c>chpwd</c>,
/// with TLS unverified as Choria's anonymous provisioning TLS. Provisioned: the issued NATS JWT signed with the
/// node's own Ed25519 seed when it has one, else anonymous, verifying <c>tls://</c> brokers with the ssl directory's CA. Each gets a reply inbox inside its allowed subjects,
/// so a locked-down broker does not report permission violations.
/// </summary>
public static class NodeConnectionOptions
{
    /// <summary>The key in a provisioning token's <c>extensions</c> that carries a bearer NATS user JWT.</summary>
    public const string BearerJwtExtension = "nats_jwt";

    public static NatsOpts Provisioning(IReadOnlyList<string> urls, ProvisioningClaims token, string identity, string? inboxIdentity = null) => new()
    {
        Url = string.Join(",", urls),
        Name = $"provisioning {identity}",
        AuthOpts = ProvisioningAuth(token),
        TlsOpts = new NatsTlsOpts { InsecureSkipVerify = true },
        InboxPrefix = Subjects.ProvisioningInbox(inboxIdentity ?? identity),
        MaxReconnectRetry = -1,
    };

    public static NatsOpts Provisioned(IReadOnlyList<string> urls, string identity, string collective, string? natsJwt, string? seedHex, string? caFile) => new()
    {
        Url = string.Join(",", urls),
        Name = identity,
        AuthOpts = ProvisionedAuth(natsJwt, seedHex),
        // The provisioning CA verifies the broker only where TLS is asked for: a CA file would force TLS on a plain broker.
        TlsOpts = caFile is not null && urls.Any(u => u.StartsWith("tls://", StringComparison.OrdinalIgnoreCase))
            ? new NatsTlsOpts { CaFile = caFile }
            : NatsTlsOpts.Default,
        InboxPrefix = Subjects.ReplyInbox(identity, collective),
        MaxReconnectRetry = -1,
    };

    public static NatsAuthOpts ProvisioningAuth(ProvisioningClaims token)
    {
        if (BearerJwt(token) is { } bearer)
        {
            return new NatsAuthOpts { Jwt = bearer };
        }
        return string.IsNullOrEmpty(token.BrokerUsername)
            ? NatsAuthOpts.Default
            : new NatsAuthOpts { Username = token.BrokerUsername, Password = token.BrokerPassword };
    }

    public static NatsAuthOpts ProvisionedAuth(string? natsJwt, string? seedHex)
    {
        if (string.IsNullOrWhiteSpace(natsJwt) || string.IsNullOrWhiteSpace(seedHex))
        {
            return NatsAuthOpts.Default;
        }
        using var key = MachineNKey.FromSeedHex(seedHex.Trim());
        return new NatsAuthOpts { Jwt = natsJwt.Trim(), Seed = key.GetSeed() };
    }

    /// <summary>The bearer NATS JWT a provisioning token carries in its extensions, if any.</summary>
    public static string? BearerJwt(ProvisioningClaims token) =>
        token.Extensions is { } extensions
        && extensions.TryGetPropertyValue(BearerJwtExtension, out var node)
        && node is JsonValue value
        && value.TryGetValue<string>(out var jwt)
        && !string.IsNullOrWhiteSpace(jwt)
            ? jwt.Trim()
            : null;
}
