using System.Data;
using System.Data.Common;
using System.Threading.Channels;
using Akka.Persistence.Sql.Config;

namespace Provisioner.Actors.Journal;

/// <summary>
/// Writes events to the journal table the way Akka.Persistence.Sql's write queue does: whatever waits, up to
/// <c>batch-size</c> rows, goes in one transaction; <c>parallelism</c> writers; at most <c>buffer-size</c> writes
/// waiting, after which a write fails at once. Each writer keeps its connection open and its INSERT prepared, where the
/// plugin's queue (an Akka stream into linq2db) built a connection, a mapping schema and the SQL for every batch: 15-20%
/// of a member's CPU in a provisioning burst (bench/README.md). A failed batch fails each of its writes with the
/// database's error and the writer reconnects for the next one. On PostgreSQL, when the plugin creates the schema
/// (<c>auto-initialize</c>), the first writer to connect keeps events in their rows (<see cref="PostgresRowStorage"/>).
/// </summary>
public sealed class EventRowWriter
{
    private readonly JournalStore _store;
    private readonly IReadOnlyList<Column> _columns;
    private readonly string _insert;
    private readonly IsolationLevel _isolation;
    private readonly int _batchSize;
    private readonly int _bufferSize;
    private readonly Channel<PendingWrite> _queue;
    private readonly Task[] _writers;
    private readonly string _table;
    private readonly Action<string> _report;
    private int _storageToTune;

    /// <param name="keepRowsWhole">Whether the table's storage is the members' to set (the plugin creates the schema).</param>
    /// <param name="report">Hears, once, what became of the table's storage setting.</param>
    public EventRowWriter(
        JournalStore store, EventJournalTableConfig table, BaseByteArrayJournalDaoConfig settings, IsolationLevel isolation,
        bool keepRowsWhole = false, Action<string>? report = null)
    {
        _store = store;
        _table = table.Name;
        _report = report ?? (_ => { });
        _storageToTune = keepRowsWhole && store.Database == JournalDatabase.Postgres ? 1 : 0;
        _isolation = isolation;
        _batchSize = Math.Max(1, settings.BatchSize);
        _bufferSize = Math.Max(1, settings.BufferSize);
        _columns = Columns(table.ColumnNames, table.UseWriterUuidColumn);
        _insert = $"INSERT INTO {table.Name} ({string.Join(", ", _columns.Select(c => c.Name))}) VALUES ({string.Join(", ", _columns.Select((_, i) => $"@p{i}"))})";
        var parallelism = Math.Max(1, settings.Parallelism);
        _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(_bufferSize) { SingleReader = parallelism == 1, FullMode = BoundedChannelFullMode.Wait });
        _writers = [.. Enumerable.Range(0, parallelism).Select(_ => Task.Run(WriteBatchesAsync))];
    }

    // The plugin's columns, each with its parameter's type and the row's value; parameter i is @p{i}.
    private static List<Column> Columns(JournalTableColumnNames c, bool writerUuid) =>
    [
        new(c.Created, DbType.Int64, row => row.Created),
        new(c.Deleted, DbType.Boolean, _ => false),
        new(c.PersistenceId, DbType.String, row => row.PersistenceId),
        new(c.SequenceNumber, DbType.Int64, row => row.SequenceNumber),
        new(c.Message, DbType.Binary, row => row.Message),
        new(c.Manifest, DbType.String, row => row.Manifest),
        new(c.Identifier, DbType.Int32, row => row.Identifier),
        .. writerUuid ? [new Column(c.WriterUuid, DbType.String, row => (object?)row.WriterUuid ?? DBNull.Value)] : Array.Empty<Column>(),
    ];

    /// <summary>Writes <paramref name="rows"/> in one transaction, perhaps with other writes' rows; completes once committed.</summary>
    public Task WriteAsync(IReadOnlyList<EventRow> rows)
    {
        var write = new PendingWrite(rows, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(write))
        {
            write.Done.TrySetException(new InvalidOperationException(
                $"the journal's write queue is full ({_bufferSize} writes waiting) or closed; the write was not queued"));
        }
        return write.Done.Task;
    }

    /// <summary>Takes no more writes; the writers finish those queued, close their connections and end.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return Task.WhenAll(_writers);
    }

    private async Task WriteBatchesAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingWrite>();
        Inserter? inserter = null;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var rows = 0;
            while (rows < _batchSize && reader.TryRead(out var write))
            {
                batch.Add(write);
                rows += write.Rows.Count;
            }
            if (batch.Count == 0)
            {
                continue;
            }
            try
            {
                inserter ??= await Inserter.OpenAsync(_store, _insert, _columns, TuneStorageOnceAsync).ConfigureAwait(false);
                await inserter.InsertAsync(batch, _isolation).ConfigureAwait(false);
                batch.ForEach(write => write.Done.TrySetResult());
            }
            catch (Exception e)
            {
                // Any failure belongs to the writes waiting on this batch; none may end the writer and leave later ones waiting.
                batch.ForEach(write => write.Done.TrySetException(e));
                // The connection may be what failed; the next batch starts on a new one.
                if (inserter is not null)
                {
                    await inserter.DisposeAsync().ConfigureAwait(false);
                    inserter = null;
                }
            }
        }
        if (inserter is not null)
        {
            await inserter.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Only the first connection of this writer tries; a refusal is reported and the journal works as it did.
    private async Task TuneStorageOnceAsync(DbConnection connection)
    {
        if (Interlocked.Exchange(ref _storageToTune, 0) == 0)
        {
            return;
        }
        try
        {
            _report(await PostgresRowStorage.KeepRowsWholeAsync(connection, _table).ConfigureAwait(false));
        }
        catch (DbException e)
        {
            _report($"journal table {_table}: storage left as it is ({e.Message})");
        }
    }

    private sealed record PendingWrite(IReadOnlyList<EventRow> Rows, TaskCompletionSource Done);

    private sealed record Column(string Name, DbType Type, Func<EventRow, object> Value);

    /// <summary>One writer's open connection and its prepared INSERT.</summary>
    private sealed class Inserter(DbConnection connection, DbCommand insert, IReadOnlyList<Column> columns) : IAsyncDisposable
    {
        public static async Task<Inserter> OpenAsync(JournalStore store, string sql, IReadOnlyList<Column> columns, Func<DbConnection, Task> tuneStorage)
        {
            var connection = store.Connect();
            try
            {
                await connection.OpenAsync().ConfigureAwait(false);
                if (store.Database == JournalDatabase.Sqlite)
                {
                    JournalStore.ApplySqlitePragmas(connection);
                }
                await tuneStorage(connection).ConfigureAwait(false);
                var insert = connection.CreateCommand();
                insert.CommandText = sql;
                for (var i = 0; i < columns.Count; i++)
                {
                    insert.Parameters.Add(Parameter(insert.CreateParameter(), i, columns[i], null));
                }
                await insert.PrepareAsync().ConfigureAwait(false);
                return new Inserter(connection, insert, columns);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        public async Task InsertAsync(List<PendingWrite> batch, IsolationLevel isolation)
        {
            await using var transaction = await connection.BeginTransactionAsync(isolation).ConfigureAwait(false);
            var rows = batch.SelectMany(write => write.Rows).ToList();
            if (rows.Count > 1 && connection.CanCreateBatch)
            {
                // A server across a socket (PostgreSQL) gets the batch's rows in one round trip.
                await using var statements = connection.CreateBatch();
                statements.Transaction = transaction;
                foreach (var row in rows)
                {
                    var statement = statements.CreateBatchCommand();
                    statement.CommandText = insert.CommandText;
                    for (var i = 0; i < columns.Count; i++)
                    {
                        statement.Parameters.Add(Parameter(statement.CreateParameter(), i, columns[i], row));
                    }
                    statements.BatchCommands.Add(statement);
                }
                await statements.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            else
            {
                // An embedded one (SQLite) runs the prepared statement once per row.
                insert.Transaction = transaction;
                foreach (var row in rows)
                {
                    for (var i = 0; i < columns.Count; i++)
                    {
                        insert.Parameters[i].Value = columns[i].Value(row);
                    }
                    await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
            }
            await transaction.CommitAsync().ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            await insert.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        private static DbParameter Parameter(DbParameter parameter, int index, Column column, EventRow? row)
        {
            parameter.ParameterName = $"@p{index}";
            parameter.DbType = column.Type;
            if (row is not null)
            {
                parameter.Value = column.Value(row);
            }
            return parameter;
        }
    }
}
