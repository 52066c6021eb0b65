using Akka.Configuration;
using Provisioner.Actors.Journal;

namespace Provisioner.Actors.Cluster;

/// <summary>
/// What differs between members and deployments: where a member listens, whom it joins, which journal, whether
/// members authenticate each other (<see cref="Tls"/>), and any HOCON read from the operator's files
/// (<see cref="Overrides"/>) that sits between these values and hocon/.
/// </summary>
public sealed record ClusterOptions(
    string Hostname,
    int Port,
    IReadOnlyList<string> SeedNodes,
    JournalStore Journal,
    string SystemName = ClusterOptions.DefaultSystemName,
    Config? Overrides = null,
    ClusterTlsFiles? Tls = null)
{
    public const string DefaultSystemName = "provisioner";

    /// <summary>The address a member on <paramref name="hostname"/>:<paramref name="port"/> has, as seed lists name it.</summary>
    public static string AddressOf(string hostname, int port, bool secure = false) =>
        $"{(secure ? ClusterTls.SecureProtocol : ClusterTls.PlainProtocol)}://{DefaultSystemName}@{hostname}:{port}";
}
