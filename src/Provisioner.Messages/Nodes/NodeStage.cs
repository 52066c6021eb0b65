using System.Text.Json.Serialization;

namespace Provisioner.Messages.Nodes;

/// <summary>Where one machine stands in its onboarding; each stage names what has been proven or done so far.</summary>
public enum NodeStage
{
    /// <summary>Never announced, or nothing happened yet.</summary>
    Unknown,
    /// <summary>An attempt started; the token is asked for next. Stored under its first name, so old journals read unchanged.</summary>
    [JsonStringEnumMemberName("Discovered")]
    Started,
    TokenChecked,
    KeyProven,
    Inventoried,
    CsrAccepted,
    Signed,
    JwtIssued,
    Configured,
    ShuttingDown,
    Provisioned,
    Failed,
    Deferred,
    ShutDown,
    /// <summary>The attempt ended with <c>release_update</c>: the node restarts on a new version and is provisioned by its next attempt.</summary>
    Upgraded,
}
