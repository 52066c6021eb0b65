using System.Security.Cryptography;
using System.Text.Json;
using Provisioner.Security.Keys;

namespace Provisioner.Host.LiveConsole.Protocol;

/// <summary>
/// What a console request signature covers and how it is made and checked. The canonical text binds the exact
/// command words (as a JSON array, so no two word lists share a text) to a timestamp and a one-time nonce.
/// </summary>
public static class ConsoleSignature
{
    private const string Domain = "provisioner-console-v1";

    public static string CanonicalText(IReadOnlyList<string> words, long timestamp, string nonce) =>
        $"{Domain}\n{timestamp}\n{nonce}\n{JsonSerializer.Serialize(words.ToArray(), ConsoleJsonContext.Default.StringArray)}";

    /// <summary>Signs <paramref name="words"/> now, with a fresh random nonce.</summary>
    public static RequestSignature Sign(Ed25519KeyPair key, IReadOnlyList<string> words, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds();
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return new RequestSignature(key.PublicKeyHex, timestamp, nonce, key.SignHex(CanonicalText(words, timestamp, nonce)));
    }

    /// <summary>Checks only the signature itself; whether the key is authorized and the request fresh is for the caller.</summary>
    public static NonceVerification Verify(RequestSignature signature, IReadOnlyList<string> words) =>
        NonceVerifier.Verify(signature.Key, CanonicalText(words, signature.Timestamp, signature.Nonce), signature.Signature);
}
