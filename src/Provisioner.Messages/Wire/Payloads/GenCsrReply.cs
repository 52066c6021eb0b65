using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>Output of <c>choria_provision#gencsr</c>: the PEM CSR, the PEM public key and the node's ssl directory.</summary>
public sealed record GenCsrReply(
    [property: JsonPropertyName("csr")] string Csr = "",
    [property: JsonPropertyName("public_key")] string PublicKey = "",
    [property: JsonPropertyName("ssldir")] string SslDir = "");
