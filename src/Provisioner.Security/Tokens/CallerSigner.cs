using Provisioner.Messages.Wire.V2;

namespace Provisioner.Security.Tokens;

/// <summary>
/// The provisioner as the caller of v2 requests (choria-v2 §3.2): its client id token (T1, sent verbatim as the
/// secure layer's <c>caller</c>), that token's <c>callerid</c>, and the Ed25519 key behind its <c>public_key</c>,
/// which signs every request. Provisioning-mode nodes do not verify these, but the schema needs them and a
/// provisioned node does, so they are real.
/// </summary>
public sealed class CallerSigner : IRequestSigner
{
    private readonly TokenSigningKey _key;

    private CallerSigner(string token, string callerId, TokenSigningKey key)
    {
        CallerToken = token;
        CallerId = callerId;
        _key = key;
    }

    public string CallerId { get; }

    public string CallerToken { get; }

    /// <summary>Reads <paramref name="token"/> (a client id token) and checks that <paramref name="key"/> is the key it names.</summary>
    public static CallerSigner Create(string token, TokenSigningKey key)
    {
        var claims = ClientIdTokens.ParseUnverified(token);
        if (!string.Equals(key.VerificationKey.Ed25519PublicKeyHex, claims.PublicKey, StringComparison.OrdinalIgnoreCase))
        {
            throw new TokenException(TokenError.InvalidKey,
                $"the caller's key is not the key of its token's public_key {claims.PublicKey}");
        }
        return new CallerSigner(token, claims.CallerId!, key);
    }

    public byte[] Sign(ReadOnlySpan<byte> request) => _key.Sign(request);
}
