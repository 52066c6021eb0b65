using System.Text.Json.Serialization;

namespace Provisioner.Security.Tokens;

/// <summary>Extra broker abilities of a server (<c>permissions</c> in ServerClaims); false ones are omitted.</summary>
public sealed record ServerPermissions
{
    [JsonPropertyName("submission")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Submission { get; init; }

    [JsonPropertyName("streams")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Streams { get; init; }

    [JsonPropertyName("governor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Governor { get; init; }

    [JsonPropertyName("service_host")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ServiceHost { get; init; }
}
