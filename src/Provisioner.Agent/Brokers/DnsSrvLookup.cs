using DnsClient;

namespace Provisioner.Agent.Brokers;

/// <summary>SRV lookups against the system's DNS servers.</summary>
public sealed class DnsSrvLookup(ILookupClient? client = null) : ISrvLookup
{
    private readonly ILookupClient _client = client ?? new LookupClient();

    public async Task<IReadOnlyList<SrvTarget>> LookupAsync(string name, CancellationToken cancellationToken)
    {
        var response = await _client.QueryAsync(name, QueryType.SRV, cancellationToken: cancellationToken);
        return [.. response.Answers.SrvRecords().Select(r => new SrvTarget(r.Target.Value.TrimEnd('.'), r.Port, r.Priority, r.Weight))];
    }
}
