namespace Provisioner.Actors.Cluster;

/// <summary>The Akka.Persistence.Sql plugin ids that hocon/base.conf selects and every reader of the journal uses.</summary>
public static class JournalPlugins
{
    public const string Journal = "akka.persistence.journal.sql";
    public const string SnapshotStore = "akka.persistence.snapshot-store.sql";
    public const string Query = "akka.persistence.query.journal.sql";
}
