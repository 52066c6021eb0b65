using System.Data.Common;

namespace Provisioner.Actors.Journal;

/// <summary>
/// Caps each member's PostgreSQL connection pool unless the connection string sets one. With Npgsql's default of
/// 100 per process, a burst of entity recoveries (each a few queries, not limited by the journal's write
/// parallelism) across three members opens more connections than the server's <c>max_connections</c> (100 by
/// default): PostgreSQL refuses them (53300), the journal's circuit breaker opens and recoveries fail fast for
/// minutes (a 3-member, 10,000-node bench run shows it). Keep members × pool below max_connections.
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
