using System.Data.Common;

namespace Provisioner.Actors.Journal;

/// <summary>
/// Caps each member's PostgreSQL connection pool unless the connection string sets one. Npgsql's default of
/// 100 per process let a burst of entity recoveries (each a few queries, not limited by the journal's write
/// parallelism) open more connections than the server's <c>max_connections</c> (100 by default) across three
/// members: PostgreSQL refused them (53300), the journal's circuit breaker opened and recoveries failed fast
/// for minutes (measured in a 3-member, 10,000-node bench run). Keep members × pool below max_connections.
/// </summary>
public static class PostgresConnectionPool
{
    /// <summary>Connections per member when the connection string names no pool size.</summary>
    public const int DefaultMaxPoolSize = 20;

    private static readonly string[] PoolSizeKeys = ["maximum pool size", "maxpoolsize"];

    public static string WithDefaultCap(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (PoolSizeKeys.Any(builder.ContainsKey))
        {
            return connectionString;
        }
        builder["Maximum Pool Size"] = DefaultMaxPoolSize;
        return builder.ConnectionString;
    }
}
