using NATS.NKeys;

namespace Provisioner.Security.Broker;

/// <summary>
/// Mints provisioned machines' fleet-account user JWTs with the fleet account's signing key, so the
/// broker accepts a new machine without a reload. The JWT names the machine's own Ed25519 key as the
/// NATS user, so only the holder of that seed can answer the connect nonce. Disposing releases its copy of the key.
/// </summary>
public sealed class MachineCredentialIssuer : IDisposable
{
    private readonly string _fleetAccount;
    private readonly NKeySigningKey _signingKey;

    /// <param name="fleetAccountPublicKey">The fleet account (<c>A...</c>) the JWTs belong to.</param>
    /// <param name="signingKey">A signing key listed in the fleet account JWT; the issuer copies its seed and does not dispose it.</param>
    public MachineCredentialIssuer(string fleetAccountPublicKey, KeyPair signingKey)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        if (!KeyPair.IsValidPublicKey(PrefixByte.Account, fleetAccountPublicKey))
        {
            throw new ArgumentException("fleet account: not an account public nkey (A...)", nameof(fleetAccountPublicKey));
        }
        if (signingKey.Prefix != PrefixByte.Account)
        {
            throw new ArgumentException("signing key: must be an account nkey", nameof(signingKey));
        }
        _fleetAccount = fleetAccountPublicKey;
        _signingKey = NKeySigningKey.From(signingKey);
    }

    /// <summary>The public key of the signing key these JWTs are signed with.</summary>
    public string SigningKey => _signingKey.PublicKey;

    /// <summary>
    /// Mints the machine's user JWT valid from <paramref name="issuedAt"/> to <paramref name="expires"/>; the same
    /// request and times give the same JWT.
    /// Throws <see cref="FormatException"/> for bad claims (naming the field) and
    /// <see cref="ArgumentException"/> when the validity is empty.
    /// </summary>
    public string Issue(MachineCredentialRequest request, DateTimeOffset issuedAt, DateTimeOffset expires)
    {
        if (expires <= issuedAt)
        {
            throw new ArgumentException("exp: must be after iat", nameof(expires));
        }
        var subjects = MachineSubjects.Derive(request);
        var user = MachineNKey.PublicKeyFromHex(request.PublicKeyHex);
        var claims = NatsJwtIds.WithContentId(new NatsUserClaims(
            "",
            issuedAt.ToUnixTimeSeconds(),
            expires.ToUnixTimeSeconds(),
            _signingKey.PublicKey,
            request.Identity,
            user,
            new NatsUser(
                NatsSubjectPermission.AllowOnly(subjects.Publish),
                NatsSubjectPermission.AllowOnly(subjects.Subscribe),
                SourceNetworks: null,
                BearerToken: null,
                IssuerAccount: _fleetAccount)));
        return NatsJwt.Sign(claims, _signingKey);
    }

    public void Dispose() => _signingKey.Dispose();
}
