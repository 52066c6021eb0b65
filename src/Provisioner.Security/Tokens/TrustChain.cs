using System.Text;

namespace Provisioner.Security.Tokens;

/// <summary>
/// Choria's org-issuer trust chain (choria-v2 §2.2-2.4): the org issuer O signs a chain issuer's
/// <c>"&lt;jti&gt;.&lt;public_key&gt;"</c> into its <c>tcs</c> (its <c>iss</c> is <c>I-&lt;O hex&gt;</c>); the chain issuer
/// signs each token it issues, naming itself in <c>iss</c> as <c>C-&lt;its jti&gt;.&lt;its public key&gt;</c> and extending
/// <c>tcs</c> with its signature over <c>"&lt;token jti&gt;.&lt;its tcs&gt;"</c>. Verifying such a token needs only O.
/// This is the one home of those string shapes and of the check, with Choria's error texts.
/// </summary>
public static class TrustChain
{
    /// <summary>The <c>iss</c> prefix of a token the org issuer signed itself (a chain issuer such as the provisioner's).</summary>
    public const string OrgIssuerPrefix = "I-";

    /// <summary>The <c>iss</c> prefix of a token a chain issuer signed (a server JWT made through the chain).</summary>
    public const string ChainIssuerPrefix = "C-";

    /// <summary>What every chain failure starts with, as in Choria.</summary>
    public const string NotSignedByIssuer = "not signed by issuer: ";

    /// <summary>The <c>iss</c> of a token the org issuer with <paramref name="orgPublicKeyHex"/> signs.</summary>
    public static string OrgIssuer(string orgPublicKeyHex) => OrgIssuerPrefix + orgPublicKeyHex;

    /// <summary>The <c>iss</c> of a token signed by the chain issuer with id <paramref name="signerId"/> and key <paramref name="signerPublicKeyHex"/>.</summary>
    public static string ChainIssuer(string signerId, string signerPublicKeyHex) => $"{ChainIssuerPrefix}{signerId}.{signerPublicKeyHex}";

    /// <summary>What the org issuer signs for a chain issuer: <c>"&lt;jti&gt;.&lt;public_key&gt;"</c>.</summary>
    public static byte[] IssuerSignatureInput(string id, string publicKeyHex) => Encoding.UTF8.GetBytes($"{id}.{publicKeyHex}");

    /// <summary>What a chain issuer signs for a token it issues: <c>"&lt;token jti&gt;.&lt;signer tcs&gt;"</c>.</summary>
    public static byte[] ChainSignatureInput(string id, string signerTrustChainSignature) =>
        Encoding.UTF8.GetBytes($"{id}.{signerTrustChainSignature}");

    /// <summary>True for an EdDSA token whose <c>iss</c> names a chain issuer: it is checked through the chain, not directly.</summary>
    public static bool IsChainIssued(JwsToken jws, StandardClaims claims) =>
        jws.Algorithm == JwsAlgorithm.EdDSA && claims.Issuer?.StartsWith(ChainIssuerPrefix, StringComparison.Ordinal) == true;

    /// <summary>
    /// Checks the signature as Choria does against org key (or plain verify key) <paramref name="key"/>: a chain-issued
    /// token through its chain, every other token directly. Throws on failure; times are checked elsewhere.
    /// </summary>
    public static void VerifySignature(JwsToken jws, StandardClaims claims, TokenVerificationKey key)
    {
        if (IsChainIssued(jws, claims))
        {
            VerifyChain(jws, claims, key);
            return;
        }
        jws.VerifySignature(key);
    }

    /// <summary>
    /// The chain check of choria-v2 §2.4: required claims, the issuer's credentials signed by
    /// <paramref name="orgKey"/>, the chain signature by the issuer's key, and the token signed by that key.
    /// </summary>
    public static void VerifyChain(JwsToken jws, StandardClaims claims, TokenVerificationKey orgKey)
    {
        if (orgKey.Type != TokenKeyType.Ed25519)
        {
            throw Untrusted("ed25519 public key required");
        }
        RequireClaims(claims);
        var (issuerId, issuerKeyHex, issuerKey) = ReadIssuer(claims.Issuer!);
        using var chainKey = issuerKey;
        var (issuerTcsHex, chainSignature) = ReadTrustChainSignature(claims.TrustChainSignature!);

        byte[] issuerTcs;
        try
        {
            issuerTcs = Convert.FromHexString(issuerTcsHex);
        }
        catch (FormatException e)
        {
            throw Untrusted($"invalid trust chain signature encoding: {e.Message}");
        }
        if (!orgKey.Verify(JwsAlgorithm.EdDSA, IssuerSignatureInput(issuerId, issuerKeyHex), issuerTcs))
        {
            throw Untrusted("chain issuer credentials not signed by org issuer");
        }
        if (!chainKey.Verify(JwsAlgorithm.EdDSA, ChainSignatureInput(claims.Id!, issuerTcsHex), chainSignature))
        {
            throw Untrusted("invalid chain signature");
        }
        try
        {
            jws.VerifySignature(chainKey);
        }
        catch (TokenException e)
        {
            throw Untrusted(e.Message);
        }
    }

    private static void RequireClaims(StandardClaims claims)
    {
        if (string.IsNullOrEmpty(claims.Issuer)) throw Untrusted("no issuer set");
        if (string.IsNullOrEmpty(claims.PublicKey)) throw Untrusted("no public key set");
        if (string.IsNullOrEmpty(claims.TrustChainSignature)) throw Untrusted("no trust chain signature set");
        if (string.IsNullOrEmpty(claims.Id)) throw Untrusted("id not set");
        if (claims.IssuedAt is null) throw Untrusted("no issued time set");
        if (claims.ExpiresAt is null) throw Untrusted("no expires set");
        if (!Ksuid.TryParse(claims.Id, out var id)) throw Untrusted("invalid ksuid format");
        if (id.Time.ToUnixTimeSeconds() != claims.IssuedAt) throw Untrusted("id is not based on issued time");
        if (claims.IssuerExpiresAt is null) throw Untrusted("no issuer expires set");
    }

    private static (string Id, string KeyHex, TokenVerificationKey Key) ReadIssuer(string issuer)
    {
        var parts = issuer[ChainIssuerPrefix.Length..].Split('.');
        if (parts.Length != 2) throw Untrusted("invalid issuer content");
        if (parts[0].Length == 0) throw Untrusted("invalid id in issuer");
        if (parts[1].Length == 0) throw Untrusted("invalid public key in issuer");
        if (!HexKey.TryDecode(parts[1], 32, out var raw)) throw Untrusted("invalid public key in issuer data");
        try
        {
            return (parts[0], parts[1], TokenVerificationKey.FromEd25519(raw));
        }
        catch (TokenException e)
        {
            throw Untrusted($"invalid public key in issuer data: {e.Message}");
        }
    }

    private static (string IssuerTcsHex, byte[] ChainSignature) ReadTrustChainSignature(string tcs)
    {
        var parts = tcs.Split('.');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0) throw Untrusted("invalid trust chain signature");
        try
        {
            return (parts[0], Convert.FromHexString(parts[1]));
        }
        catch (FormatException e)
        {
            throw Untrusted($"invalid signature in chain signature: {e.Message}");
        }
    }

    private static TokenException Untrusted(string reason) => new(TokenError.UntrustedChain, NotSignedByIssuer + reason);
}
