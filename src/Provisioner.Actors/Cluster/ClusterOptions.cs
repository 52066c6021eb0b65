namespace Provisioner.Actors.Cluster;

/// <summary>The journal a cluster uses; every member of one cluster must use the same.</summary>
public enum JournalDatabase
{
    Sqlite,
    Postgres,
}

/// <summary>What differs between members and deployments: where a member listens, whom it joins, which database.</summary>
public sealed record ClusterOptions(
    string Hostname,
    int Port,
    IReadOnlyList<string> SeedNodes,
    JournalDatabase Database,
    string ConnectionString,
    string SystemName = ClusterOptions.DefaultSystemName,
    string? ExtraHocon = null)
{
    public const string DefaultSystemName = "provisioner";
}
