using System.Text.Json.Nodes;
using NATS.Client.Core;
using Provisioner.Messages.Wire;
using Provisioner.Security.Broker;
using Provisioner.Security.Tokens;

namespace Provisioner.Agent.Runtime;

/// <summary>
/// How a node logs in to the broker. In provisioning mode as Choria's server does (go-choria's
/// <c>choria/connection.go</c>): the whole provisioning JWT as the NATS token, plus <c>chusr</c>/<c>chpwd</c> as user
/// and password when the token has both, all in one CONNECT; the broker checks what it is configured for. Ours adds
/// the bearer NATS JWT that <c>extensions.nats_jwt</c> carries, only when there is one (an operator-mode broker
/// from <c>provisioner broker init</c> checks nothing else). TLS is unverified as Choria's anonymous provisioning TLS.
/// Provisioned: the issued NATS JWT signed with the node's own Ed25519 seed when it has one, else anonymous,
/// verifying <c>tls://</c> brokers with the ssl directory's CA. Each gets a reply inbox inside its allowed subjects,
/// so a locked-down broker does not report permission violations.
/// </summary>
public static class NodeConnectionOptions
{
    /// <summary>The key in a provisioning token's <c>extensions</c> that carries a bearer NATS user JWT.</summary>
    public const string BearerJwtExtension = "nats_jwt";

    /// <summary>Options for a node in provisioning mode holding <paramref name="tokenText"/>, read as <paramref name="token"/>.</summary>
    public static NatsOpts Provisioning(IReadOnlyList<string> urls, string tokenText, ProvisioningClaims token, string identity, string? inboxIdentity = null) => new()
    {
        Url = string.Join(",", urls),
        Name = $"provisioning {identity}",
        AuthOpts = ProvisioningAuth(tokenText, token),
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

    /// <summary>
    /// The provisioning login: token always, user and password only when both are set (as Choria, which otherwise
    /// sends neither), bearer JWT only when the token carries one. Options set here beat credentials in a broker URL.
    /// </summary>
    public static NatsAuthOpts ProvisioningAuth(string tokenText, ProvisioningClaims token)
    {
        var userAndPassword = !string.IsNullOrEmpty(token.BrokerUsername) && !string.IsNullOrEmpty(token.BrokerPassword);
        return new NatsAuthOpts
        {
            Token = tokenText,
            Username = userAndPassword ? token.BrokerUsername : null,
            Password = userAndPassword ? token.BrokerPassword : null,
            Jwt = BearerJwt(token),
        };
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
