using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire;

/// <summary>Federation routing of a transport; provisioning clears it, but a reply copies whatever the request had.</summary>
public sealed record FederationHeader(
    [property: JsonPropertyName("req")] string? RequestId,
    [property: JsonPropertyName("reply-to")] string? ReplyTo,
    [property: JsonPropertyName("target")] IReadOnlyList<string>? Target);
