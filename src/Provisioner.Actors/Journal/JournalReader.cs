using System.Data.Common;
using System.Runtime.CompilerServices;
using Provisioner.Actors.Fleet;
using Provisioner.Actors.Nodes;
using Provisioner.Actors.Serialization;
using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Journal;

/// <summary>
/// Reads nodes' events straight from the journal table, without an actor system and without waking an entity:
/// <c>provisioner report</c>, the console's <c>node list</c>, the web view and the exactly-once tests all read here.
/// </summary>
public sealed class JournalReader(JournalStore store) : IAttemptsInFlight
{
    // The events that end an attempt; any other node event means an attempt is running.
    private static readonly HashSet<string> Outcomes =
    [
        .. new[] { typeof(NodeEvents.Provisioned), typeof(NodeEvents.ShutDown), typeof(NodeEvents.AttemptFailed), typeof(NodeEvents.AttemptDeferred) }
            .Select(t => ProvisionerSerializer.Manifests[t]),
    ];

    private const string NodeIds = "persistence_id LIKE @prefix AND deleted = @deleted";

    /// <summary>
    /// Every node with its events, in persistence-id order; with <paramref name="maxNodes"/>, only the first
    /// that many nodes, so a bounded listing reads a bounded part of the journal.
    /// </summary>
    public async IAsyncEnumerable<JournaledNode> NodesAsync(int? maxNodes = null, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        var scope = maxNodes is null
            ? NodeIds
            : $"persistence_id IN (SELECT DISTINCT persistence_id FROM journal WHERE {NodeIds} ORDER BY persistence_id LIMIT @max) AND deleted = @deleted";
        await using var connection = store.Connect(readOnly: true);
        await using var command = await CommandAsync(connection, $"SELECT persistence_id, manifest, message FROM journal WHERE {scope} ORDER BY persistence_id, sequence_number", cancellation);
        if (command is null) yield break;
        if (maxNodes is { } max) command.AddParameter("@max", max);

        string? current = null;
        var events = new List<INodeEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var persistenceId = reader.GetString(0);
            if (persistenceId != current)
            {
                if (current is not null) yield return Node(current, events);
                current = persistenceId;
                events = [];
            }
            if (ProvisionerSerializer.Decode((byte[])reader.GetValue(2), reader.GetString(1)) is INodeEvent e)
            {
                events.Add(e);
            }
        }
        if (current is not null) yield return Node(current, events);
    }

    /// <summary>
    /// Nodes whose last event written since <paramref name="since"/> is not an attempt's end. Reads only the rows
    /// written since then (the <c>created</c> column is indexed), names and manifests, never the payloads.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> RunningSinceAsync(DateTimeOffset since, CancellationToken cancellation)
    {
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var connection = store.Connect(readOnly: true);
        await using var command = await CommandAsync(connection, $"SELECT persistence_id, manifest FROM journal WHERE created >= @since AND {NodeIds} ORDER BY ordering", cancellation);
        if (command is null) return [];
        // Akka.Persistence.Sql stamps rows with DateTime ticks (UTC).
        command.AddParameter("@since", since.UtcTicks);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            last[reader.GetString(0)] = reader.IsDBNull(1) ? "" : reader.GetString(1);
        }
        return last.Where(kv => !Outcomes.Contains(kv.Value)).Select(kv => NodePersistenceId.IdentityOf(kv.Key)!).ToList();
    }

    /// <summary>
    /// Up to <paramref name="max"/> node events stored after <paramref name="ordering"/>, in the journal's order: a
    /// reader that remembers the last ordering it saw follows the whole cluster's progress without waking an entity.
    /// </summary>
    public async Task<IReadOnlyList<JournalEntry>> EventsAfterAsync(long ordering, int max, CancellationToken cancellation = default)
    {
        await using var connection = store.Connect(readOnly: true);
        await using var command = await CommandAsync(connection,
            $"SELECT ordering, sequence_number, manifest, message FROM journal WHERE ordering > @after AND {NodeIds} ORDER BY ordering LIMIT @max", cancellation);
        if (command is null) return [];
        command.AddParameter("@after", ordering);
        command.AddParameter("@max", max);
        var entries = new List<JournalEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            if (ProvisionerSerializer.Decode((byte[])reader.GetValue(3), reader.GetString(2)) is INodeEvent e)
            {
                entries.Add(new JournalEntry(reader.GetInt64(0), reader.GetInt64(1), e));
            }
        }
        return entries;
    }

    /// <summary>How many nodes the journal holds.</summary>
    public async Task<int> CountNodesAsync(CancellationToken cancellation = default)
    {
        await using var connection = store.Connect(readOnly: true);
        await using var command = await CommandAsync(connection, $"SELECT COUNT(DISTINCT persistence_id) FROM journal WHERE {NodeIds}", cancellation);
        return command is null ? 0 : Convert.ToInt32(await command.ExecuteScalarAsync(cancellation));
    }

    /// <summary>Whether the journal holds anything about <paramref name="identity"/>.</summary>
    public async Task<bool> ContainsAsync(string identity, CancellationToken cancellation = default)
    {
        await using var connection = store.Connect(readOnly: true);
        await using var command = await CommandAsync(connection, "SELECT 1 FROM journal WHERE persistence_id = @id AND deleted = @deleted LIMIT 1", cancellation);
        if (command is null) return false;
        command.AddParameter("@id", NodePersistenceId.For(identity));
        return await command.ExecuteScalarAsync(cancellation) is not null;
    }

    /// <summary>A command on an open connection, or null while no member has created the journal table yet.</summary>
    private static async Task<DbCommand?> CommandAsync(DbConnection connection, string sql, CancellationToken cancellation)
    {
        try
        {
            await connection.OpenAsync(cancellation);
            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.AddParameter("@deleted", false);
            if (sql.Contains("@prefix", StringComparison.Ordinal)) command.AddParameter("@prefix", NodePersistenceId.Prefix + "%");
            await using (var probe = connection.CreateCommand())
            {
                probe.CommandText = "SELECT 1 FROM journal LIMIT 1";
                await probe.ExecuteScalarAsync(cancellation);
            }
            return command;
        }
        catch (DbException e) when (e.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("does not exist", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
    }

    private static JournaledNode Node(string persistenceId, List<INodeEvent> events) =>
        new(NodePersistenceId.IdentityOf(persistenceId)!, events);
}
