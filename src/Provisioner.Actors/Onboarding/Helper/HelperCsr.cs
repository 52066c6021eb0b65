using System.Text.Json.Serialization;

namespace Provisioner.Actors.Onboarding.Helper;

/// <summary>The node's <c>gencsr</c> reply as handed to the helper (the <c>csr</c> section of its stdin).</summary>
public sealed record HelperCsr
{
    /// <summary>The PEM certificate signing request.</summary>
    [JsonPropertyName("csr")]
    public required string Csr { get; init; }

    /// <summary>The node's public key; a <c>PUBLIC KEY</c> PEM that, as Choria sends it, holds PKCS#1 bytes.</summary>
    [JsonPropertyName("public_key")]
    public required string PublicKey { get; init; }

    /// <summary>The node's SSL directory.</summary>
    [JsonPropertyName("ssldir")]
    public required string SslDir { get; init; }
}
