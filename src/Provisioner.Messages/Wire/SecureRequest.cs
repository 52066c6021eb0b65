using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire;

/// <summary>
/// The <c>choria:secure:request:1</c> layer; <see cref="Message"/> is the exact <c>choria:request:1</c> text.
/// With protocol security off both <see cref="Signature"/> and <see cref="PubCert"/> are <c>insecure</c>.
/// </summary>
public sealed record SecureRequest(
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("signature")] string Signature,
    [property: JsonPropertyName("pubcert")] string PubCert)
{
    /// <summary>Whether the sender switched protocol security off, so there is nothing to verify.</summary>
    [JsonIgnore]
    public bool IsInsecure => Signature == Protocols.Insecure && PubCert == Protocols.Insecure;
}
