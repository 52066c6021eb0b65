using System.Data.Common;

namespace Provisioner.Actors.Journal;

/// <summary>
/// Keeps a PostgreSQL journal's events in their rows. PostgreSQL compresses any row over ~2 KB and moves what still does
/// not fit into the table's TOAST relation, a second heap insert and index entry per event; a node's credentials event
/// (certificate, CA, server JWT) is over that, and its PEM and base64 barely compress. Compression and TOAST writes were a
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
    /// Returns what happened, for the log. Throws the database's error (say, a member's user that does not own the
    /// table, or a lock not had within two seconds): the caller goes on without it.
    /// </summary>
    public static async Task<string> KeepRowsWholeAsync(DbConnection connection, string table)
    {
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT coalesce(array_to_string(c.reloptions, ','), '') FROM pg_class c WHERE c.oid = to_regclass(@table)";
            var name = read.CreateParameter();
            name.ParameterName = "@table";
            name.Value = table;
            read.Parameters.Add(name);
            var options = await read.ExecuteScalarAsync().ConfigureAwait(false);
            if (options is not string set)
            {
                return $"journal table {table} not found; its storage is left as it is";
            }
            if (set.Split(',').FirstOrDefault(o => o.StartsWith(Option, StringComparison.Ordinal)) is { } chosen)
            {
                return $"journal table {table} keeps its {chosen}";
            }
        }
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var alter = connection.CreateCommand())
        {
            alter.Transaction = transaction;
            // Autovacuum or another member's same change holds the lock moments at most; never queue inserts behind it for long.
            alter.CommandText = $"SET LOCAL lock_timeout = '2s'; ALTER TABLE {table} SET ({Option}{ToastTupleTarget})";
            await alter.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
        return $"journal table {table}: {Option}{ToastTupleTarget} (events up to a page are stored whole)";
    }
}
