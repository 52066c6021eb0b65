using Akka.Configuration;
using Provisioner.Actors.Journal;

namespace Provisioner.Actors.Cluster;

/// <summary>
/// What differs between members and deployments: where a member listens, whom it joins, which journal, and any
/// HOCON read from the operator's files (<see cref="Overrides"/>) that sits between these values and hocon/.
/// </summary>
public sealed record ClusterOptions(
    string Hostname,
    int Port,
    IReadOnlyList<string> SeedNodes,
    JournalStore Journal,
    string SystemName = ClusterOptions.DefaultSystemName,
    Config? Overrides = null)
{
    public const string DefaultSystemName = "provisioner";

    /// <summary>The address a member on <paramref name="hostname"/>:<paramref name="port"/> has, as seed lists name it.</summary>
    public static string AddressOf(string hostname, int port) => $"akka.tcp://{DefaultSystemName}@{hostname}:{port}";
}
