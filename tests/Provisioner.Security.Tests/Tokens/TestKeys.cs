using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Provisioner.Security.Tests.Tokens;

/// <summary>Keys shared by the token tests: one RSA key per test run (RSA generation is slow), fresh Ed25519 seeds.</summary>
internal static class TestKeys
{
    private static readonly Lazy<RSA> OtherSharedRsa = new(() => RSA.Create(2048));

    public static RSA Rsa => Provisioner.Testing.SharedRsaKey.Rsa;
    public static RSA OtherRsa => OtherSharedRsa.Value;

    public static byte[] NewSeed() => RandomNumberGenerator.GetBytes(32);

    public static byte[] Ed25519PublicKey(byte[] seed)
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    public static string B64(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string B64(string text) => B64(Encoding.UTF8.GetBytes(text));

    /// <summary>Signs raw header and claims JSON directly with .NET/NSec, as another JWT library would, not through our JWS layer.</summary>
    public static string SignRaw(string headerJson, string claimsJson, byte[]? ed25519Seed = null, RSA? rsa = null, HashAlgorithmName? hash = null)
    {
        var input = $"{B64(headerJson)}.{B64(claimsJson)}";
        byte[] signature;
        if (ed25519Seed is not null)
        {
            using var key = Key.Import(SignatureAlgorithm.Ed25519, ed25519Seed, KeyBlobFormat.RawPrivateKey);
            signature = SignatureAlgorithm.Ed25519.Sign(key, Encoding.ASCII.GetBytes(input));
        }
        else
        {
            signature = (rsa ?? Rsa).SignData(Encoding.ASCII.GetBytes(input), hash ?? HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        return $"{input}.{B64(signature)}";
    }
}
