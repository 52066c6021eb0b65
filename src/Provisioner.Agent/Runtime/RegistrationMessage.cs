using System.Text.Json.Serialization;

namespace Provisioner.Agent.Runtime;

/// <summary>
/// Choria's <c>file_content</c> registration message, which a provisioning node publishes with the token's
/// <c>chrd</c> file to <c>provisioning.registration.data</c>: the file's text (base64 in JSON, as Go encodes bytes)
/// and modification time.
/// </summary>
public sealed record RegistrationMessage(
    [property: JsonPropertyName("mtime")] long ModifiedTime,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("updated")] bool Updated,
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("content")] byte[] Content)
{
    public const string ProtocolName = "choria:registration:filecontent:1";
}
