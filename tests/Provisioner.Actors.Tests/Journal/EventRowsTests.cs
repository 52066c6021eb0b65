using System.Data.Common;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Serialization;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Journal;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Journal;

/// <summary>
/// The members' journal (<see cref="NodeJournal"/>) writes events itself (<see cref="EventRowWriter"/>), on SQLite and
/// PostgreSQL: its rows are the rows Akka.Persistence.Sql's own journal writes for the same events, the plugin replays
/// them, an event that cannot be serialized rejects only its own write, a database error fails the writes it hit
/// while the next ones succeed, and a write offered to a full queue fails at once.
/// </summary>
public sealed class EventRowsTests : IAsyncLifetime
{
    private const string PluginJournal = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    private readonly TestJournals _journals = new("rows");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _journals.DisposeAsync();

    private Task<JournalStore> JournalAsync(JournalDatabase database) => _journals.OnAsync(database);

    private static object[] Events() =>
    [
        new NodeEvents.AttemptFailed("rows.example.net", 1, T0, ProvisioningStep.Gencsr, "common name x does not match identity y"),
        new NodeEvents.Provisioned("rows.example.net", 2, T0.AddSeconds(3), "member-a"),
        "a plain string, stored by Akka's default serializer",
    ];

    private static ActorSystem SystemOn(JournalStore journal, string extra = "")
    {
        var overrides = ConfigurationFactory.ParseString($$"""
            akka.actor.provider = local
            akka.actor.serializers.refusing = "{{typeof(RefusingSerializer).AssemblyQualifiedName}}"
            akka.actor.serialization-bindings { "{{typeof(Unserializable).AssemblyQualifiedName}}" = refusing }
            {{extra}}
            """);
        return ActorSystem.Create("rows", ProvisionerConfig.Setup(new ClusterOptions("127.0.0.1", 0, [], journal, Overrides: overrides)));
    }

    private static Type JournalClassOf(ActorSystem system) =>
        ((ActorRefWithCell)Persistence.Instance.Apply(system).JournalFor(null)).Underlying.Props.Type;

    private static async Task<List<string>> PersistAsync(ActorSystem system, string persistenceId, params object[] events)
    {
        var writer = system.ActorOf(Props.Create(() => new JournalTestWriter(persistenceId)));
        return await writer.Ask<List<string>>(new JournalTestWriter.Write(events), Wait);
    }

    private static async Task<List<Stored>> RowsAsync(JournalStore journal, string persistenceId)
    {
        await using var connection = journal.Connect(readOnly: true);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence_number, created, deleted, message, manifest, identifier, writer_uuid FROM journal WHERE persistence_id = @id ORDER BY sequence_number";
        var id = command.CreateParameter();
        id.ParameterName = "@id";
        id.Value = persistenceId;
        command.Parameters.Add(id);
        var rows = new List<Stored>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new Stored(
                reader.GetInt64(0), reader.GetInt64(1), Convert.ToBoolean(reader.GetValue(2)), Convert.ToBase64String((byte[])reader.GetValue(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : Convert.ToInt32(reader.GetValue(5)), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        return rows;
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.Postgres)]
    public async Task Its_rows_are_the_plugins_rows_for_the_same_events_and_the_plugin_replays_them(JournalDatabase database)
    {
        var journal = await JournalAsync(database);
        using (var plugin = SystemOn(journal, $"akka.persistence.journal.sql.class = \"{PluginJournal}\""))
        {
            Assert.NotEqual(typeof(NodeJournal), JournalClassOf(plugin));
            Assert.Equal(["persisted 1", "persisted 2", "persisted 3"], await PersistAsync(plugin, "by-plugin", Events()));
            await plugin.Terminate();
        }
        var before = DateTime.UtcNow.Ticks;
        using (var ours = SystemOn(journal))
        {
            Assert.Equal(typeof(NodeJournal), JournalClassOf(ours));
            Assert.Equal(["persisted 1", "persisted 2", "persisted 3"], await PersistAsync(ours, "by-node-journal", Events()));
            await ours.Terminate();
        }
        var after = DateTime.UtcNow.Ticks;

        var theirs = await RowsAsync(journal, "by-plugin");
        var mine = await RowsAsync(journal, "by-node-journal");
        Assert.Equal(3, theirs.Count);
        Assert.Equal(3, mine.Count);
        for (var i = 0; i < 3; i++)
        {
            // Everything but the time written and the writing journal's uuid is the same, column by column.
            Assert.Equal(theirs[i] with { Created = 0, WriterUuid = null }, mine[i] with { Created = 0, WriterUuid = null });
            Assert.InRange(mine[i].Created, before, after);
            Assert.Matches("^[0-9a-f]{32}$", mine[i].WriterUuid!);
            Assert.Equal(mine[0].WriterUuid, mine[i].WriterUuid);
        }
        Assert.False(mine[0].Deleted);
        Assert.Equal([1L, 2L, 3L], mine.Select(r => r.SequenceNumber));

        using var replaying = SystemOn(journal);
        foreach (var persistenceId in new[] { "by-plugin", "by-node-journal" })
        {
            var recovered = replaying.ActorOf(Props.Create(() => new JournalTestWriter(persistenceId)));
            Assert.Equal(Events(), await recovered.Ask<List<object>>(JournalTestWriter.Recovered.Instance, Wait));
        }
        await replaying.Terminate();
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.Postgres)]
    public async Task Many_entities_writing_at_once_each_get_all_their_events_in_order(JournalDatabase database)
    {
        var journal = await JournalAsync(database);
        using var system = SystemOn(journal);
        var writes = Enumerable.Range(0, 150).Select(i => PersistAsync(system, $"many-{i}", $"first of {i}", $"second of {i}", $"third of {i}")).ToList();
        foreach (var written in await Task.WhenAll(writes))
        {
            Assert.Equal(["persisted 1", "persisted 2", "persisted 3"], written);
        }
        await system.Terminate();

        using var replaying = SystemOn(journal);
        for (var i = 0; i < 150; i += 7)
        {
            var id = i;
            var recovered = replaying.ActorOf(Props.Create(() => new JournalTestWriter($"many-{id}")));
            Assert.Equal([$"first of {id}", $"second of {id}", $"third of {id}"], await recovered.Ask<List<object>>(JournalTestWriter.Recovered.Instance, Wait));
        }
        await replaying.Terminate();
    }

    [Fact]
    public async Task An_event_that_cannot_be_serialized_rejects_its_own_write_and_the_others_are_written()
    {
        var journal = await JournalAsync(JournalDatabase.Sqlite);
        using (var system = SystemOn(journal))
        {
            Assert.Equal(typeof(NodeJournal), JournalClassOf(system));
            Assert.Equal(
                ["persisted 1", $"rejected 2: {RefusingSerializer.Refusal}", "persisted 3"],
                await PersistAsync(system, "rejecting", "before", new Unserializable(), "after"));
            await system.Terminate();
        }
        Assert.Equal([1L, 3L], (await RowsAsync(journal, "rejecting")).Select(r => r.SequenceNumber));
    }

    [Fact]
    public async Task A_database_error_fails_the_writes_it_hit_and_later_writes_succeed()
    {
        var journal = await JournalAsync(JournalDatabase.Sqlite);
        using var system = SystemOn(journal);
        Assert.Equal(typeof(NodeJournal), JournalClassOf(system));
        Assert.Equal(["persisted 1"], await PersistAsync(system, "fine", "first"));
        await using (var connection = journal.Connect())
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TRIGGER refuse BEFORE INSERT ON journal WHEN NEW.persistence_id = 'refused' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;";
            await command.ExecuteNonQueryAsync();
        }

        var failed = await PersistAsync(system, "refused", "never stored");
        var failure = Assert.Single(failed);
        Assert.StartsWith("failed 1: ", failure);
        Assert.Contains("refused by the test", failure);
        Assert.Equal(["persisted 2"], await PersistAsync(system, "fine", "second"));
        Assert.Empty(await RowsAsync(journal, "refused"));
        await system.Terminate();
    }

    [Fact]
    public async Task A_write_offered_to_a_full_queue_fails_at_once_and_the_queued_ones_are_written_once_the_database_frees()
    {
        var journal = await JournalAsync(JournalDatabase.Sqlite);
        using (var system = SystemOn(journal))
        {
            Assert.Equal(["persisted 1"], await PersistAsync(system, "before", "creates the table"));
            await system.Terminate();
        }
        var settings = new JournalConfig(ConfigurationFactory.ParseString($$"""
            connection-string = "{{journal.ConnectionString}}"
            provider-name = "SQLite.MS"
            buffer-size = 1
            batch-size = 1
            parallelism = 1
            """).WithFallback(SqlPersistence.DefaultJournalConfiguration));
        var writer = new EventRowWriter(journal, settings.TableConfig.EventJournalTable, settings.DaoConfig, settings.WriteIsolationLevel);

        // Another connection holds SQLite's write lock: the one writer waits on its batch (up to its 10 s busy
        // timeout), so with one write in its hands and one queued, every further write is refused.
        await using var holder = journal.Connect();
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }
        var ids = Enumerable.Range(1, 4).Select(i => $"offered-{i}").ToList();
        var writes = new List<Task>();
        var refused = new HashSet<string>();
        foreach (var id in ids)
        {
            var write = writer.WriteAsync([Row(id)]);
            writes.Add(write);
            if (write.IsCompleted)
            {
                // Refused when offered, not after the held batch: a caller must not wait on a write that never ran.
                var failure = Assert.IsType<InvalidOperationException>(write.Exception?.InnerException);
                Assert.Contains("write queue is full (1 writes waiting)", failure.Message);
                refused.Add(id);
            }
        }
        Assert.InRange(refused.Count, 2, 3);
        Assert.All(writes.Where((_, i) => !refused.Contains(ids[i])), write => Assert.False(write.IsCompleted));
        await using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        await Task.WhenAll(writes.Where((_, i) => !refused.Contains(ids[i]))).WaitAsync(Wait);
        foreach (var id in ids)
        {
            var rows = await RowsAsync(journal, id);
            if (refused.Contains(id))
            {
                Assert.Empty(rows);
            }
            else
            {
                Assert.Equal(1L, Assert.Single(rows).SequenceNumber);
            }
        }
        await writer.WriteAsync([Row("after")]).WaitAsync(Wait);
        Assert.Single(await RowsAsync(journal, "after"));
        await writer.CompleteAsync().WaitAsync(Wait);
    }

    private static EventRow Row(string persistenceId) =>
        new(persistenceId, 1, T0.UtcTicks, "event"u8.ToArray(), "", 1, null);

    private sealed record Stored(long SequenceNumber, long Created, bool Deleted, string Message, string? Manifest, int? Identifier, string? WriterUuid);

    public sealed class Unserializable;

    /// <summary>A serializer that refuses every message, as one meeting a payload it cannot write would.</summary>
    public sealed class RefusingSerializer(ExtendedActorSystem system) : Serializer(system)
    {
        public const string Refusal = "this serializer refuses every message";

        public override int Identifier => 424242;

        public override bool IncludeManifest => false;

        public override byte[] ToBinary(object obj) => throw new System.Runtime.Serialization.SerializationException(Refusal);

        public override object FromBinary(byte[] bytes, Type type) => throw new System.Runtime.Serialization.SerializationException(Refusal);
    }
}
