namespace Provisioner.Messages.Wire.V2;

/// <summary>
/// The caller of v2 requests: its token (the secure layer's <c>caller</c>, sent as read from its file) and its
/// Ed25519 key, which signs each request's exact bytes. Implemented beside the keys, so this project stays crypto-free.
/// </summary>
public interface IRequestSigner
{
    /// <summary>The caller JWT's <c>callerid</c>: the request's <c>caller</c> and the reply subject's hash input.</summary>
    string CallerId { get; }

    /// <summary>The caller's token text, untrimmed.</summary>
    string CallerToken { get; }

    /// <summary>The 64-byte Ed25519 signature over <paramref name="request"/>.</summary>
    byte[] Sign(ReadOnlySpan<byte> request);
}
