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
/// database's error and the writer reconnects for the next one.
/// </summary>
public sealed class EventRowWriter
{
    private readonly JournalStore _store;
    private readonly string _insert;
    private readonly bool _writerUuid;
    private readonly IsolationLevel _isolation;
    private readonly int _batchSize;
    private readonly int _bufferSize;
    private readonly Channel<PendingWrite> _queue;
    private readonly Task[] _writers;

    public EventRowWriter(JournalStore store, EventJournalTableConfig table, BaseByteArrayJournalDaoConfig settings, IsolationLevel isolation)
    {
        _store = store;
        _writerUuid = table.UseWriterUuidColumn;
        _isolation = isolation;
        _batchSize = Math.Max(1, settings.BatchSize);
        _bufferSize = Math.Max(1, settings.BufferSize);
        var c = table.ColumnNames;
        var columns = new List<string> { c.Created, c.Deleted, c.PersistenceId, c.SequenceNumber, c.Message, c.Manifest, c.Identifier };
        var values = new List<string> { "@created", "@deleted", "@persistence_id", "@sequence_number", "@message", "@manifest", "@identifier" };
        if (_writerUuid)
        {
            columns.Add(c.WriterUuid);
            values.Add("@writer_uuid");
        }
        _insert = $"INSERT INTO {table.Name} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", values)})";
        var parallelism = Math.Max(1, settings.Parallelism);
        _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(_bufferSize) { SingleReader = parallelism == 1, FullMode = BoundedChannelFullMode.Wait });
        _writers = [.. Enumerable.Range(0, parallelism).Select(_ => Task.Run(WriteBatchesAsync))];
    }

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
                inserter ??= await Inserter.OpenAsync(_store, _insert, _writerUuid).ConfigureAwait(false);
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

    private sealed record PendingWrite(IReadOnlyList<EventRow> Rows, TaskCompletionSource Done);

    /// <summary>One writer's open connection and its prepared INSERT.</summary>
    private sealed class Inserter(DbConnection connection, DbCommand insert) : IAsyncDisposable
    {
        public static async Task<Inserter> OpenAsync(JournalStore store, string sql, bool writerUuid)
        {
            var connection = store.Connect();
            try
            {
                await connection.OpenAsync().ConfigureAwait(false);
                if (store.Database == JournalDatabase.Sqlite)
                {
                    JournalStore.ApplySqlitePragmas(connection);
                }
                var insert = connection.CreateCommand();
                insert.CommandText = sql;
                Add(insert, "@created", DbType.Int64);
                Add(insert, "@deleted", DbType.Boolean);
                Add(insert, "@persistence_id", DbType.String);
                Add(insert, "@sequence_number", DbType.Int64);
                Add(insert, "@message", DbType.Binary);
                Add(insert, "@manifest", DbType.String);
                Add(insert, "@identifier", DbType.Int32);
                if (writerUuid)
                {
                    Add(insert, "@writer_uuid", DbType.String);
                }
                await insert.PrepareAsync().ConfigureAwait(false);
                return new Inserter(connection, insert);
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
                    foreach (DbParameter template in insert.Parameters)
                    {
                        var parameter = statement.CreateParameter();
                        parameter.ParameterName = template.ParameterName;
                        parameter.DbType = template.DbType;
                        parameter.Value = ValueOf(row, template.ParameterName);
                        statement.Parameters.Add(parameter);
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
                    foreach (DbParameter parameter in insert.Parameters)
                    {
                        parameter.Value = ValueOf(row, parameter.ParameterName);
                    }
                    await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
            }
            await transaction.CommitAsync().ConfigureAwait(false);
        }

        private static object ValueOf(EventRow row, string parameter) => parameter switch
        {
            "@created" => row.Created,
            "@deleted" => false,
            "@persistence_id" => row.PersistenceId,
            "@sequence_number" => row.SequenceNumber,
            "@message" => row.Message,
            "@manifest" => row.Manifest,
            "@identifier" => row.Identifier,
            "@writer_uuid" => (object?)row.WriterUuid ?? DBNull.Value,
            _ => throw new InvalidOperationException($"no value for journal parameter {parameter}"),
        };

        public async ValueTask DisposeAsync()
        {
            await insert.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        private static void Add(DbCommand command, string name, DbType type)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            command.Parameters.Add(parameter);
        }
    }
}
