using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NATS.NKeys;

namespace Provisioner.Security.Broker;

/// <summary>
/// Encodes and reads NATS decentralized-auth JWTs (operator, account and user claims): the fixed
/// <c>ed25519-nkey</c> header, unpadded base64url segments, and an Ed25519 signature made by the
/// issuer's nkey over <c>header.claims</c>. nats-server 2.9.10 refuses padded segments.
/// </summary>
public static class NatsJwt
{
    private const string HeaderJson = """{"typ":"JWT","alg":"ed25519-nkey"}""";
    private static readonly string EncodedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(HeaderJson));

    /// <summary>Signs user claims with <paramref name="signer"/>, whose public key must be the claims' <c>iss</c>.</summary>
    public static string Sign(NatsUserClaims claims, KeyPair signer) => Sign(claims, BrokerJsonContext.Default.NatsUserClaims, signer);

    /// <summary>Signs account claims with the operator key <paramref name="signer"/>.</summary>
    public static string Sign(NatsAccountClaims claims, KeyPair signer) => Sign(claims, BrokerJsonContext.Default.NatsAccountClaims, signer);

    /// <summary>Self-signs operator claims with the operator key <paramref name="signer"/>.</summary>
    public static string Sign(NatsOperatorClaims claims, KeyPair signer) => Sign(claims, BrokerJsonContext.Default.NatsOperatorClaims, signer);

    /// <summary>Signs user claims with <paramref name="signer"/>, whose public key must be the claims' <c>iss</c>: the same JWT as the <see cref="KeyPair"/> overload, faster.</summary>
    public static string Sign(NatsUserClaims claims, NKeySigningKey signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return Sign(claims, BrokerJsonContext.Default.NatsUserClaims, input => signer.Sign(input));
    }

    private static string Sign<TClaims>(TClaims claims, JsonTypeInfo<TClaims> typeInfo, KeyPair signer) =>
        Sign(claims, typeInfo, input =>
        {
            var signature = new byte[64];
            signer.Sign(input, signature);
            return signature;
        });

    private static string Sign<TClaims>(TClaims claims, JsonTypeInfo<TClaims> typeInfo, SignatureOf sign)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(claims, typeInfo);
        var signingInput = EncodedHeader + "." + Base64Url.EncodeToString(payload);
        return signingInput + "." + Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    private delegate byte[] SignatureOf(byte[] signingInput);

    /// <summary>
    /// Parses a NATS JWT and checks its header and that its signature verifies with the nkey named by its
    /// <c>iss</c> claim. Throws <see cref="FormatException"/> naming what is wrong.
    /// </summary>
    public static JsonElement ReadVerified(string jwt)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        var parts = jwt.Trim().Split('.');
        if (parts.Length != 3)
        {
            throw new FormatException("NATS JWT: expected three dot-separated segments");
        }
        using (var header = JsonDocument.Parse(Decode(parts[0], "header")))
        {
            var root = header.RootElement;
            if (!root.TryGetProperty("alg", out var alg) || alg.GetString() != "ed25519-nkey"
                || !root.TryGetProperty("typ", out var typ) || typ.GetString() != "JWT")
            {
                throw new FormatException("NATS JWT header: alg must be ed25519-nkey and typ JWT");
            }
        }
        JsonElement claims;
        using (var document = JsonDocument.Parse(Decode(parts[1], "claims")))
        {
            claims = document.RootElement.Clone();
        }
        if (!claims.TryGetProperty("iss", out var issuer) || issuer.GetString() is not { Length: > 0 } issuerKey)
        {
            throw new FormatException("NATS JWT claims: iss is missing");
        }
        var signature = Decode(parts[2], "signature");
        KeyPair verifier;
        try
        {
            verifier = KeyPair.FromPublicKey(issuerKey);
        }
        catch (NKeysException e)
        {
            throw new FormatException($"NATS JWT claims: iss is not a valid nkey public key ({e.Message})");
        }
        using (verifier)
        {
            if (signature.Length != 64 || !verifier.Verify(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature))
            {
                throw new FormatException("NATS JWT signature: does not verify with the iss key");
            }
        }
        return claims;
    }

    private static byte[] Decode(string segment, string name)
    {
        try
        {
            return Base64Url.DecodeFromChars(segment);
        }
        catch (FormatException)
        {
            throw new FormatException($"NATS JWT {name}: not unpadded base64url");
        }
    }
}
