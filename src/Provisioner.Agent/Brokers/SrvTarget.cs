namespace Provisioner.Agent.Brokers;

/// <summary>One answer of an SRV lookup.</summary>
public sealed record SrvTarget(string Host, int Port, int Priority, int Weight);
