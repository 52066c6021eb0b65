using System.Net;
using NATS.NKeys;
using Provisioner.Messages.Wire;

namespace Provisioner.Security.Broker;

/// <summary>
/// Mints the two kinds of user in the provisioning account: the shared bearer user of machines in
/// provisioning mode, and the <c>provisioner</c> user bound to the provisioner's own nkey.
/// </summary>
public static class ProvisioningAccountUsers
{
    /// <summary>The user name the provisioner connects as.</summary>
    public const string ProvisionerName = "provisioner";

    /// <summary>The user name of the shared provisioning-mode bearer credentials.</summary>
    public const string ProvisioningModeName = "provisioning-mode";

    /// <summary>
    /// The shared bearer JWT machines in provisioning mode connect with (no nonce signature, so a
    /// provisioning token can carry it as one string). Signed by a provisioning-account signing key,
    /// so a new one can be minted at any time without touching the server.
    /// </summary>
    public static string MintProvisioningModeBearer(string provisioningAccount, KeyPair signingKey, DateTimeOffset issuedAt, DateTimeOffset expires)
    {
        RequireValidity(issuedAt, expires);
        // The bearer user's own key is never used: the server skips the nonce check for bearer JWTs.
        using var user = KeyPair.CreatePair(PrefixByte.User);
        var claims = new NatsUserClaims(
            NatsJwtIds.New(),
            issuedAt.ToUnixTimeSeconds(),
            expires.ToUnixTimeSeconds(),
            signingKey.GetPublicKey(),
            ProvisioningModeName,
            user.GetPublicKey(),
            new NatsUser(
                NatsSubjectPermission.AllowOnly(ProvisioningModeSubjects.Publish),
                NatsSubjectPermission.AllowOnly(ProvisioningModeSubjects.Subscribe),
                SourceNetworks: null,
                BearerToken: true,
                IssuerAccount: IssuerAccountFor(provisioningAccount, signingKey)));
        return NatsJwt.Sign(claims, signingKey);
    }

    /// <summary>
    /// The provisioner's JWT: no subject limits inside the provisioning account, but bound to
    /// <paramref name="provisionerPublicKey"/> (the server checks the nonce signature), accepted only
    /// from <paramref name="sourceNetworks"/> and only until <paramref name="expires"/>.
    /// </summary>
    public static string MintProvisioner(
        string provisioningAccount,
        KeyPair signingKey,
        string provisionerPublicKey,
        IReadOnlyList<string> sourceNetworks,
        DateTimeOffset issuedAt,
        DateTimeOffset expires)
    {
        RequireValidity(issuedAt, expires);
        if (!KeyPair.IsValidPublicKey(PrefixByte.User, provisionerPublicKey))
        {
            throw new FormatException("provisioner key: not a user public nkey (U...)");
        }
        var networks = RequireNetworks(sourceNetworks);
        var claims = new NatsUserClaims(
            NatsJwtIds.New(),
            issuedAt.ToUnixTimeSeconds(),
            expires.ToUnixTimeSeconds(),
            signingKey.GetPublicKey(),
            ProvisionerName,
            provisionerPublicKey,
            new NatsUser(null, null, networks, BearerToken: null, IssuerAccount: IssuerAccountFor(provisioningAccount, signingKey)));
        return NatsJwt.Sign(claims, signingKey);
    }

    /// <summary>Checks CIDRs such as <c>127.0.0.1/32</c>; throws <see cref="FormatException"/> naming the bad one.</summary>
    public static IReadOnlyList<string> RequireNetworks(IReadOnlyList<string> sourceNetworks)
    {
        if (sourceNetworks.Count == 0)
        {
            throw new FormatException("provisioner CIDR: at least one network is required");
        }
        var checkedNetworks = new List<string>();
        foreach (var cidr in sourceNetworks)
        {
            if (string.IsNullOrWhiteSpace(cidr) || !cidr.Contains('/') || !IPNetwork.TryParse(cidr.Trim(), out var network))
            {
                throw new FormatException($"provisioner CIDR: '{cidr}' is not a network such as 127.0.0.1/32");
            }
            checkedNetworks.Add(network.ToString());
        }
        return checkedNetworks;
    }

    // A JWT signed by the account's own key must not name an issuer account; one signed by a signing
    // key must, or the server refuses it.
    private static string? IssuerAccountFor(string account, KeyPair signingKey)
    {
        if (!KeyPair.IsValidPublicKey(PrefixByte.Account, account))
        {
            throw new FormatException("provisioning account: not an account public nkey (A...)");
        }
        return signingKey.GetPublicKey() == account ? null : account;
    }

    private static void RequireValidity(DateTimeOffset issuedAt, DateTimeOffset expires)
    {
        if (expires <= issuedAt)
        {
            throw new ArgumentException("exp: must be after iat", nameof(expires));
        }
    }
}
