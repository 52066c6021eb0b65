using System.Text.Json.Serialization;

namespace Provisioner.Security.Broker;

/// <summary>The <c>permissions</c> of a Choria server JWT that widen what a provisioned machine may do on the broker.</summary>
public sealed record ServerPermissionFlags(
    [property: JsonPropertyName("submission")] bool Submission = false,
    [property: JsonPropertyName("streams")] bool Streams = false,
    [property: JsonPropertyName("governor")] bool Governor = false,
    [property: JsonPropertyName("service_host")] bool ServiceHost = false)
{
    /// <summary>No extra permissions.</summary>
    public static ServerPermissionFlags None { get; } = new();
}
