using System.Text.Json;
using System.Threading.Channels;

namespace Provisioner.Actors.Journal;

/// <summary>
/// Answers recovery's first question, the highest sequence number of a persistence id, for many entities at once:
/// the questions that arrive while a query runs go together into the next one, one statement and one round trip for up
/// to <see cref="MaxBatch"/> ids, where a burst of new entities paid a connection, a statement and a round trip each.
/// An answer is the plugin's: the largest sequence number above the one asked from, deleted rows included, 0 when there
/// is none. A failed query fails the questions it carried with the database's error; the next batch tries again.
/// </summary>
internal sealed class HighestSequenceReader
{
    /// <summary>The most persistence ids one query asks for.</summary>
    public const int MaxBatch = 500;

    private readonly JournalStore _store;
    private readonly string _query;
    private readonly Func<string[], object> _idsParameter;
    private readonly Channel<Question> _questions = Channel.CreateUnbounded<Question>(new UnboundedChannelOptions { SingleReader = true });

    public HighestSequenceReader(JournalStore store, string table, string persistenceIdColumn, string sequenceNumberColumn)
    {
        _store = store;
        // PostgreSQL takes the ids as one array, SQLite as one JSON array: either way one statement text for any batch.
        var postgres = store.Database == JournalDatabase.Postgres;
        var ids = postgres ? "= ANY(@ids)" : "IN (SELECT value FROM json_each(@ids))";
        _idsParameter = postgres ? persistenceIds => persistenceIds : persistenceIds => JsonSerializer.Serialize(persistenceIds);
        _query = $"SELECT {persistenceIdColumn}, MAX({sequenceNumberColumn}) FROM {table} WHERE {persistenceIdColumn} {ids} GROUP BY {persistenceIdColumn}";
        _ = Task.Run(AnswerAsync);
    }

    /// <summary>The highest sequence number of <paramref name="persistenceId"/> above <paramref name="after"/>, or 0.</summary>
    public Task<long> ReadAsync(string persistenceId, long after, CancellationToken cancellationToken)
    {
        var question = new Question(persistenceId, after, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_questions.Writer.TryWrite(question))
        {
            question.Answer.TrySetException(new InvalidOperationException("the journal has stopped: its highest sequence numbers are no longer read"));
        }
        return question.Answer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Takes no more questions; those waiting are still answered.</summary>
    public void Complete() => _questions.Writer.TryComplete();

    private async Task AnswerAsync()
    {
        var reader = _questions.Reader;
        var batch = new List<Question>(MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var question))
            {
                batch.Add(question);
            }
            try
            {
                var highest = await QueryAsync([.. batch.Select(q => q.PersistenceId).Distinct(StringComparer.Ordinal)]);
                foreach (var question in batch)
                {
                    question.Answer.TrySetResult(highest.TryGetValue(question.PersistenceId, out var sequenceNumber) && sequenceNumber > question.After ? sequenceNumber : 0);
                }
            }
            catch (Exception e)
            {
                batch.ForEach(question => question.Answer.TrySetException(e));
            }
            batch.Clear();
        }
    }

    private async Task<Dictionary<string, long>> QueryAsync(string[] persistenceIds)
    {
        await using var connection = _store.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = _query;
        command.AddParameter("@ids", _idsParameter(persistenceIds));
        var highest = new Dictionary<string, long>(persistenceIds.Length, StringComparer.Ordinal);
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            highest[rows.GetString(0)] = rows.GetInt64(1);
        }
        return highest;
    }

    private sealed record Question(string PersistenceId, long After, TaskCompletionSource<long> Answer);
}
