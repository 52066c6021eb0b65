using System.Security.Cryptography;
using System.Text.Json;
using Provisioner.Security.Keys;

namespace Provisioner.Host.LiveConsole.Protocol;

/// <summary>
/// What a console request signature covers and how it is made and checked. The canonical text binds the target
/// member incarnation (from the endpoint's greeting) and the exact command words (as a JSON array, so no two
/// word lists share a text) to a timestamp and a one-time nonce.
/// </summary>
public static class ConsoleSignature
{
    private static readonly string Domain = $"provisioner-console-v{ConsoleGreeting.CurrentProtocol}";

    public static string CanonicalText(MemberIncarnation target, IReadOnlyList<string> words, long timestamp, string nonce) =>
        $"{Domain}\n{target.Address}\n{target.Uid}\n{timestamp}\n{nonce}\n{JsonSerializer.Serialize(words.ToArray(), ConsoleJsonContext.Default.StringArray)}";

    /// <summary>Signs <paramref name="words"/> for <paramref name="target"/> now, with a fresh random nonce.</summary>
    public static RequestSignature Sign(Ed25519KeyPair key, MemberIncarnation target, IReadOnlyList<string> words, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds();
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return new RequestSignature(key.PublicKeyHex, target, timestamp, nonce, key.SignHex(CanonicalText(target, words, timestamp, nonce)));
    }

    /// <summary>
    /// Checks only the signature itself, over the text for <paramref name="self"/> (never the target the request
    /// claims); whether the key is authorized and the request fresh is for the caller.
    /// </summary>
    public static NonceVerification Verify(RequestSignature signature, MemberIncarnation self, IReadOnlyList<string> words) =>
        NonceVerifier.Verify(signature.Key, CanonicalText(self, words, signature.Timestamp, signature.Nonce), signature.Signature);
}
