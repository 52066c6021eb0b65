using System.Text.Json.Serialization;

namespace Provisioner.Security.Broker;

/// <summary>One direction (publish or subscribe) of a NATS user's subject permissions, as in the user JWT.</summary>
public sealed record NatsSubjectPermission(
    [property: JsonPropertyName("allow")] IReadOnlyList<string>? Allow,
    [property: JsonPropertyName("deny")] IReadOnlyList<string>? Deny)
{
    /// <summary>
    /// Allows exactly <paramref name="subjects"/>; with none, denies everything, because an absent allow
    /// list in a NATS JWT means "allow all".
    /// </summary>
    public static NatsSubjectPermission AllowOnly(IReadOnlyList<string> subjects) =>
        subjects.Count == 0 ? new NatsSubjectPermission(null, [">"]) : new NatsSubjectPermission(subjects, null);
}
