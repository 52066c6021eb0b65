using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Data.Common;
using Akka.Persistence;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Journal;

namespace Provisioner.Actors.Journal;

/// <summary>
/// Akka.Persistence.Sql's journal with one query of its own: the highest sequence number, which every entity's recovery
/// asks for first (a new node's is its only query). Through linq2db it built a connection, a mapping schema and the SQL
/// afresh each time, ~85% of the query's cost and 8.6% of a member's CPU in a provisioning burst (bench/README.md); here
/// it is one plain SQL statement on the plugin's own connection string and pool. The answer is the plugin's: the largest sequence
/// number above the one asked from, deleted rows included, after the writes in progress for that persistence id ended.
/// Any table mapping but the plugin's default (a schema, compatibility mode's metadata table) keeps the plugin's query.
/// </summary>
public sealed class NodeJournal : SqlWriteJournal
{
    private readonly JournalStore? _store;
    private readonly string _highestSequenceNumber = "";
    private readonly ConcurrentDictionary<string, Task> _writing = new(StringComparer.Ordinal);

    public NodeJournal(Akka.Configuration.Config config)
        : base(config)
    {
        var plugin = config.WithFallback(SqlPersistence.DefaultJournalConfiguration);
        var journal = new JournalConfig(plugin);
        if (plugin.GetString("table-mapping", "default") != "default" || !string.IsNullOrEmpty(journal.TableConfig.SchemaName))
        {
            return;
        }
        var table = journal.TableConfig.EventJournalTable;
        _highestSequenceNumber =
            $"SELECT MAX({table.ColumnNames.SequenceNumber}) FROM {table.Name} WHERE {table.ColumnNames.PersistenceId} = @id AND {table.ColumnNames.SequenceNumber} > @after";
        var database = journal.ProviderName.StartsWith("SQLite", StringComparison.OrdinalIgnoreCase) ? JournalDatabase.Sqlite : JournalDatabase.Postgres;
        var store = new JournalStore(database, journal.ConnectionString);
        // A SQLite journal in memory is seen only through the plugin's own connections.
        _store = database == JournalDatabase.Postgres || store.IsSqliteFile ? store : null;
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages.ToList();
        var written = base.WriteMessagesAsync(writes, cancellationToken);
        // One batch may hold several entities' writes; a recovery of any of them waits for the whole batch.
        var ids = writes.Select(w => w.PersistenceId).Distinct().ToList();
        foreach (var persistenceId in ids)
        {
            _writing[persistenceId] = written;
        }
        written.ContinueWith(_ => ids.ForEach(id => _writing.TryRemove(new KeyValuePair<string, Task>(id, written))), TaskScheduler.Default);
        return written;
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
        }
        if (_writing.TryGetValue(persistenceId, out var writing))
        {
            // Whether it succeeded does not matter: only that the table holds what it will hold.
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await using var connection = _store.Connect();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = _highestSequenceNumber;
        Parameter(command, "@id", persistenceId);
        Parameter(command, "@after", fromSequenceNr);
        return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? Convert.ToInt64(value) : 0;
    }

    private static void Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
