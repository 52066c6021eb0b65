using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Journal;

namespace Provisioner.Actors.Journal;

/// <summary>
/// Akka.Persistence.Sql's journal with its two hot paths as plain ADO.NET: the highest sequence number, which every
/// entity's recovery asks for first (a new node's is its only query), and writing events. Through linq2db each call built
/// a connection, a mapping schema and the SQL afresh: 8.6% of a member's CPU in a provisioning burst for the query,
/// 15-20% for the writes (bench/README.md). The query is asked for many entities at once
/// (<see cref="HighestSequenceReader"/>) on the plugin's connection string and pool; its answer is the plugin's: the
/// largest sequence number above the one asked from, deleted rows included, after the writes in progress for that
/// persistence id ended. Events are written by <see cref="EventRowWriter"/> as the plugin's rows (serializer, manifest,
/// created ticks, writer uuid; replayed by the plugin's own reader), a write whose event cannot be serialized is
/// rejected alone. Any table mapping but the plugin's default (a schema, compatibility
/// mode's metadata table), a tag mode other than the tag table, an in-memory SQLite journal and tagged events keep the
/// plugin's own paths.
/// </summary>
public sealed class NodeJournal : SqlWriteJournal
{
    private readonly HighestSequenceReader? _highest;
    private readonly ConcurrentDictionary<string, Task> _writing = new(StringComparer.Ordinal);
    private readonly EventRowWriter? _rows;
    private readonly string _defaultSerializer = "";
    private readonly string? _writerUuid;

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
        var database = journal.ProviderName.StartsWith("SQLite", StringComparison.OrdinalIgnoreCase) ? JournalDatabase.Sqlite : JournalDatabase.Postgres;
        var store = new JournalStore(database, journal.ConnectionString);
        // A SQLite journal in memory is seen only through the plugin's own connections.
        if (database != JournalDatabase.Postgres && !store.IsSqliteFile)
        {
            return;
        }
        _highest = new HighestSequenceReader(store, table.Name, table.ColumnNames.PersistenceId, table.ColumnNames.SequenceNumber);
        if (journal.PluginConfig is not JournalPluginConfig { TagMode: TagMode.TagTable })
        {
            return;
        }
        _defaultSerializer = journal.DefaultSerializer;
        _writerUuid = table.UseWriterUuidColumn ? Guid.NewGuid().ToString("N") : null;
        var log = Context.GetLogger();
        _rows = new EventRowWriter(
            store, table, journal.DaoConfig, journal.WriteIsolationLevel,
            keepRowsWhole: plugin.GetBoolean("auto-initialize", false), report: message => log.Info(message));
    }

    protected override void PostStop()
    {
        base.PostStop();
        // The writers finish what is queued and close their connections on their own.
        _rows?.CompleteAsync();
        _highest?.Complete();
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages.ToList();
        var written = _rows is null || writes.Any(IsTagged) ? base.WriteMessagesAsync(writes, cancellationToken) : WriteRowsAsync(_rows, writes);
        // One batch may hold several entities' writes; a recovery of any of them waits for the whole batch.
        var ids = writes.Select(w => w.PersistenceId).Distinct().ToList();
        foreach (var persistenceId in ids)
        {
            _writing[persistenceId] = written;
        }
        written.ContinueWith(_ => ids.ForEach(id => _writing.TryRemove(new KeyValuePair<string, Task>(id, written))), TaskScheduler.Default);
        return written;
    }

    private async Task<IImmutableList<Exception>> WriteRowsAsync(EventRowWriter writer, List<AtomicWrite> writes)
    {
        var created = DateTime.UtcNow.Ticks;
        var rows = new List<EventRow>(writes.Count);
        var rejections = new Exception?[writes.Count];
        var serialization = Context.System.Serialization;
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                // All of a write's events or none: an event that cannot be serialized rejects its own write only.
                rows.AddRange([.. Events(writes[i]).Select(e => RowOf(serialization, e, created))]);
            }
            catch (Exception e)
            {
                rejections[i] = e;
            }
        }
        if (rows.Count > 0)
        {
            await writer.WriteAsync(rows);
        }
        // Akka reads no list as "all written", and a list as one result per write, null where it was written.
        return rejections.Any(r => r is not null) ? ImmutableList.CreateRange(rejections.Select(r => r!)) : null!;
    }

    private EventRow RowOf(Akka.Serialization.Serialization serialization, IPersistentRepresentation e, long created)
    {
        var payload = e.Payload;
        var serializer = serialization.FindSerializerForType(payload.GetType(), _defaultSerializer);
        // As the plugin: serialized with the system as transport information, for any actor reference inside.
        return Akka.Serialization.Serialization.WithTransport(serialization.System, (e, payload, serializer), state => new EventRow(
            state.e.PersistenceId,
            state.e.SequenceNr,
            state.e.Timestamp == 0 ? created : state.e.Timestamp,
            state.serializer.ToBinary(state.payload),
            Akka.Serialization.Serialization.ManifestFor(state.serializer, state.payload),
            state.serializer.Identifier,
            _writerUuid));
    }

    private static IEnumerable<IPersistentRepresentation> Events(AtomicWrite write) =>
        (IEnumerable<IPersistentRepresentation>)write.Payload;

    private static bool IsTagged(AtomicWrite write) => Events(write).Any(e => e.Payload is Akka.Persistence.Journal.Tagged);

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_highest is null)
        {
            return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
        }
        if (_writing.TryGetValue(persistenceId, out var writing))
        {
            // Whether it succeeded does not matter: only that the table holds what it will hold.
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        return await _highest.ReadAsync(persistenceId, fromSequenceNr, cancellationToken);
    }
}
