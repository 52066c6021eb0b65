namespace Provisioner.Actors.Admission;

/// <summary>
/// The gate before a node's entity: the leader asks it for every announced identity, and only an admitted one is
/// sent to the node shards, so a name that proves nothing never gets an entity or a journal row. Implementations
/// must be safe to call many times at once.
/// </summary>
public interface INodeAdmission
{
    /// <summary>Checks <paramref name="identity"/>, giving up after <paramref name="timeout"/>; only cancellation throws.</summary>
    Task<AdmissionResult> AdmitAsync(string identity, TimeSpan timeout, CancellationToken cancellation);
}
