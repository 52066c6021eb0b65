namespace Provisioner.Agent.Fleet;

/// <summary>How many simulated nodes spoke one protocol in provisioning mode, and how many of them were provisioned.</summary>
public sealed record FleetProtocolCount(int Nodes, int Provisioned);
