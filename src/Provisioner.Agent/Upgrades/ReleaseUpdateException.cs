namespace Provisioner.Agent.Upgrades;

/// <summary>Fetching or installing a release failed; the message is go-updater's wording for the same failure.</summary>
public sealed class ReleaseUpdateException(string message) : Exception(message);
