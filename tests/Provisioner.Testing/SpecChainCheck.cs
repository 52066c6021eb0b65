using System.Text;
using System.Text.Json;
using NSec.Cryptography;

namespace Provisioner.Testing;

/// <summary>
/// The chain check of choria-provisioning.md §5 written from the spec's words alone (NSec and hand-split JSON, none
/// of our token code), so a test can hold our issuing path to it: 1. the org issuer key signed
/// <c>"&lt;signer jti&gt;.&lt;signer pubkey hex&gt;"</c>; 2. the signer key signed <c>"&lt;server jti&gt;.&lt;signer tcs&gt;"</c>;
/// 3. the signer key signed the JWT.
/// </summary>
public static class SpecChainCheck
{
    /// <summary>Whether <paramref name="jwt"/> (iss <c>C-&lt;signer jti&gt;.&lt;signer pubkey&gt;</c>, tcs <c>&lt;signer tcs&gt;.&lt;hex sig&gt;</c>) leads to <paramref name="issuerPublicKey"/>.</summary>
    public static bool Verifies(string jwt, byte[] issuerPublicKey)
    {
        var segments = jwt.Split('.');
        var claims = JsonDocument.Parse(FromBase64Url(segments[1])).RootElement;
        var iss = claims.GetProperty("iss").GetString()!;
        if (!iss.StartsWith("C-", StringComparison.Ordinal))
        {
            return false;
        }
        var issuer = iss[2..].Split('.');
        var (signerJti, signerKeyHex) = (issuer[0], issuer[1]);
        var tcs = claims.GetProperty("tcs").GetString()!.Split('.');
        var (signerTcs, chainSignature) = (tcs[0], tcs[1]);
        var serverJti = claims.GetProperty("jti").GetString()!;

        var ed25519 = SignatureAlgorithm.Ed25519;
        var issuerKey = PublicKey.Import(ed25519, issuerPublicKey, KeyBlobFormat.RawPublicKey);
        var signerKey = PublicKey.Import(ed25519, Convert.FromHexString(signerKeyHex), KeyBlobFormat.RawPublicKey);

        var step1 = ed25519.Verify(issuerKey, Encoding.UTF8.GetBytes($"{signerJti}.{signerKeyHex}"), Convert.FromHexString(signerTcs));
        var step2 = ed25519.Verify(signerKey, Encoding.UTF8.GetBytes($"{serverJti}.{signerTcs}"), Convert.FromHexString(chainSignature));
        var step3 = ed25519.Verify(signerKey, Encoding.ASCII.GetBytes($"{segments[0]}.{segments[1]}"), FromBase64Url(segments[2]));
        return step1 && step2 && step3;
    }

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
