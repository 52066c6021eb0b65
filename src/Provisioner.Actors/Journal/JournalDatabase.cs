namespace Provisioner.Actors.Journal;

/// <summary>The database a cluster's journal lives in; every member of one cluster must use the same.</summary>
public enum JournalDatabase
{
    Sqlite,
    Postgres,
}
