namespace Provisioner.Agent.Brokers;

/// <summary>Looks up SRV records; the real one asks DNS, tests give answers directly.</summary>
public interface ISrvLookup
{
    /// <summary>The records of <paramref name="name"/> (e.g. <c>_choria-provisioner._tcp.example.net</c>); empty when there are none.</summary>
    Task<IReadOnlyList<SrvTarget>> LookupAsync(string name, CancellationToken cancellationToken);
}
