using System.Text.Json.Serialization;

namespace Provisioner.Messages.Nodes;

/// <summary>What the leader and the operator ask of one node's onboarding entity.</summary>
public static class NodeCommands
{
    /// <summary>The node announced itself (lifecycle event or discovery); start an attempt unless one runs.</summary>
    public sealed record StartAttempt(string Identity, AttemptTrigger Trigger, DateTimeOffset AnnouncedAt) : IWithNodeIdentity
    {
        /// <summary>
        /// What the node answered the leader's token check just before this start; null when nobody asked (and left out
        /// of the bytes, so a member of the previous release reads the start as before).
        /// </summary>
        [JsonPropertyName("admission")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public AdmittedToken? Admission { get; init; }
    }

    /// <summary>An operator asks for a new attempt now (console <c>node retry</c>).</summary>
    public sealed record Retry(string Identity, string RequestedBy) : IWithNodeIdentity;
}
