namespace Provisioner.Messages.Fleet;

/// <summary>
/// The leader's answer to <see cref="LeaderMessages.GetBackoff"/>: how many admissions or attempts of the node failed
/// in a row, the last reason, and until when announcements of it are ignored (null: they are not).
/// </summary>
public sealed record NodeBackoff(string Identity, int Failures, string LastReason, DateTimeOffset? RetryAt) : IProvisionerMessage;
