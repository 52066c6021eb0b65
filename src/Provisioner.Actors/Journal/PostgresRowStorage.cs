using System.Data.Common;

namespace Provisioner.Actors.Journal;

/// <summary>
/// Keeps a PostgreSQL journal's events in their rows. PostgreSQL compresses any row over ~2 KB and moves what still does
/// not fit into the table's TOAST relation, a second heap insert and index entry per event; a node's credentials event
/// (certificate, CA, server JWT: 3.2 KB in a bench run's journal) is over that. Compression and TOAST writes were a
/// tenth of the PostgreSQL server's CPU in a provisioning burst (bench/README.md). With <c>toast_tuple_target</c> at its
/// largest, rows up to a page stay whole and uncompressed; larger ones are still toasted. The setting touches no stored
/// row and takes a lock that inserts and reads do not wait for.
/// </summary>
public static class PostgresRowStorage
{
    /// <summary>The largest <c>toast_tuple_target</c> an 8 KB page allows.</summary>
    public const int ToastTupleTarget = 8160;

    private const string Option = "toast_tuple_target=";

    /// <summary>
    /// Sets <c>toast_tuple_target</c> on <paramref name="table"/> unless it has one (an operator's choice stays).
    /// Returns what happened, for the log. Throws the database's error (say, no such table, a member's user that does not
    /// own it, or a lock not had within two seconds): the caller goes on without it.
    /// </summary>
    public static async Task<string> KeepRowsWholeAsync(DbConnection connection, string table)
    {
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT array_to_string(c.reloptions, ',') FROM pg_class c WHERE c.oid = to_regclass(@table)";
            read.AddParameter("@table", table);
            // No table (or no options) reads as no setting: the ALTER below then says why it cannot be made.
            if (await read.ExecuteScalarAsync().ConfigureAwait(false) is string set
                && set.Split(',').FirstOrDefault(o => o.StartsWith(Option, StringComparison.Ordinal)) is { } chosen)
            {
                return $"journal table {table} keeps its {chosen}";
            }
        }
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var alter = connection.CreateCommand())
        {
            alter.Transaction = transaction;
            // Inserts never wait for this lock, but this writer's first batch waits while autovacuum or another member holds it.
            alter.CommandText = $"SET LOCAL lock_timeout = '2s'; ALTER TABLE {table} SET ({Option}{ToastTupleTarget})";
            await alter.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
        return $"journal table {table}: {Option}{ToastTupleTarget} (events up to a page are stored whole)";
    }
}
