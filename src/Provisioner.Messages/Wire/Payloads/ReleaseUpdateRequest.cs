using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>Input of <c>choria_provision#release_update</c>: the repository URL and the version to move to.</summary>
public sealed record ReleaseUpdateRequest(
    [property: JsonPropertyName("repository")] string Repository = "",
    [property: JsonPropertyName("token")] string Token = "",
    [property: JsonPropertyName("version")] string Version = "");
