namespace Provisioner.Actors.Cluster;

/// <summary>
/// The PEM files that turn on mutual TLS between members: this member's certificate and key (from
/// <c>provisioner ca member-cert</c>) and the cluster CA whose member certificates it accepts.
/// </summary>
public sealed record ClusterTlsFiles(string Certificate, string Key, string Ca);
