using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Nodes;
using Provisioner.Actors.Serialization;
using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Journal;

/// <summary>
/// Reads every node's events straight from the journal tables (no actor system) to check what was issued:
/// the demo's summary, the benchmark and the exactly-once tests all count from here.
/// </summary>
public static class JournalAudit
{
    private const string Query =
        "SELECT persistence_id, manifest, message FROM journal WHERE persistence_id LIKE 'node-%' AND deleted = @deleted ORDER BY persistence_id, sequence_number";

    public static async Task<IReadOnlyList<NodeRecord>> ReadAsync(JournalDatabase database, string connectionString, CancellationToken cancellation = default)
    {
        await using DbConnection connection = database == JournalDatabase.Sqlite
            ? new SqliteConnection(connectionString + ";Mode=ReadOnly")
            : new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = Query;
        var deleted = command.CreateParameter();
        deleted.ParameterName = "@deleted";
        deleted.Value = false;
        command.Parameters.Add(deleted);

        var records = new List<NodeRecord>();
        string? current = null;
        var events = new List<INodeEvent>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                var persistenceId = reader.GetString(0);
                if (persistenceId != current)
                {
                    if (current is not null) records.Add(Summarise(current, events));
                    current = persistenceId;
                    events.Clear();
                }
                if (ProvisionerSerializer.Decode((byte[])reader.GetValue(2), reader.GetString(1)) is INodeEvent e)
                {
                    events.Add(e);
                }
            }
        }
        catch (DbException e) when (e.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("does not exist", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
        if (current is not null) records.Add(Summarise(current, events));
        return records;
    }

    private static NodeRecord Summarise(string persistenceId, List<INodeEvent> events)
    {
        var identity = persistenceId["node-".Length..];
        var state = events.Aggregate(NodeState.Empty(identity), NodeState.Apply);
        var firstAnnounced = events.OfType<NodeEvents.AttemptStarted>().FirstOrDefault()?.At;
        var provisioned = events.OfType<NodeEvents.Provisioned>().LastOrDefault();
        var started = provisioned is null ? null : events.OfType<NodeEvents.AttemptStarted>().LastOrDefault(s => s.Attempt == provisioned.Attempt);
        return new NodeRecord(
            identity,
            state.Stage,
            state.Attempt,
            events.OfType<NodeEvents.Signed>().Select(s => s.CertificateSerial).ToList(),
            events.OfType<NodeEvents.JwtIssued>().Select(j => j.Jti).ToList(),
            events.OfType<NodeEvents.AttemptFailed>().LastOrDefault()?.Reason ?? events.OfType<NodeEvents.AttemptDeferred>().LastOrDefault()?.Reason,
            firstAnnounced,
            provisioned?.At,
            provisioned is null || started is null ? null : provisioned.At - started.At,
            provisioned?.Member,
            events.Count,
            events.OfType<NodeEvents.JwtIssued>().Select(j => j.NatsCredentials).OfType<string>().ToList());
    }
}
