using System.Data.Common;

namespace Provisioner.Actors.Journal;

/// <summary>
/// What a member's PostgreSQL connection string gets unless the operator's sets it:
/// <list type="bullet">
/// <item>A pool cap. With Npgsql's default of 100 per process, a burst of entity recoveries (each a few queries, not
/// limited by the journal's write parallelism) across three members opens more connections than the server's
/// <c>max_connections</c> (100 by default): PostgreSQL refuses them (53300), the journal's circuit breaker opens and
/// recoveries fail fast for minutes (a 3-member, 10,000-node bench run shows it). Keep members × pool below max_connections.</item>
/// <item>Automatic preparation. The journal runs a few statements over and over (every new entity's highest sequence
/// number, every event's INSERT, sent in batches); unprepared, the server parses, analyses and plans each one, over a fifth
/// of its CPU in a provisioning burst (bench/README.md, "PostgreSQL server work"). Npgsql prepares a statement on a physical connection once it has
/// run there a few times and keeps it across the pool's opens and closes.</item>
/// </list>
/// </summary>
public static class PostgresConnectionDefaults
{
    /// <summary>Connections per member when the connection string names no pool size.</summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>Statements each physical connection keeps prepared when the connection string names no number.</summary>
    public const int DefaultMaxAutoPrepare = 32;

    // Each default: the spellings Npgsql accepts for the keyword (compared without case), and the value set when none is given.
    private static readonly (string[] Keys, string Keyword, int Value)[] Defaults =
    [
        (["maximum pool size", "maxpoolsize"], "Maximum Pool Size", DefaultMaxPoolSize),
        (["max auto prepare", "maxautoprepare"], "Max Auto Prepare", DefaultMaxAutoPrepare),
    ];

    public static string Apply(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (var (keys, keyword, value) in Defaults.Where(d => !d.Keys.Any(builder.ContainsKey)))
        {
            builder[keyword] = value;
        }
        return builder.ConnectionString;
    }
}
