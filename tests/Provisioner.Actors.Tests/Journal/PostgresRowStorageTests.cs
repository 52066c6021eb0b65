using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Journal;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Journal;

/// <summary>
/// On PostgreSQL a member keeps events in their rows (<see cref="PostgresRowStorage"/>) when the plugin creates the
/// schema: a credentials-sized event lands in the journal table itself, not in its TOAST relation. An operator's own
/// <c>toast_tuple_target</c> stays, a schema the operator manages (<c>auto-initialize = off</c>) is not touched, and a
/// setting that cannot be made within its lock timeout costs the write nothing.
/// </summary>
public sealed class PostgresRowStorageTests : IAsyncLifetime
{
    private const string PluginJournal = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private PostgresServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await PostgresServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JournalStore> DatabaseAsync(string name) =>
        new(JournalDatabase.Postgres, await _server.CreateDatabaseAsync(name));

    private static ActorSystem SystemOn(JournalStore journal, string extra = "") =>
        ActorSystem.Create("storage", ProvisionerConfig.Setup(new ClusterOptions(
            "127.0.0.1", 0, [], journal, Overrides: ConfigurationFactory.ParseString($"akka.actor.provider = local\n{extra}"))));

    // The size of a node's credentials event (3,195 bytes on average in a 20,000-node bench run's journal), as base64 of
    // random bytes so that how well PEM compresses does not decide whether the row is toasted.
    private static string LargeEvent() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(2400));

    private static async Task PersistAsync(ActorSystem system, string persistenceId, string e)
    {
        var writer = system.ActorOf(Props.Create(() => new JournalTestWriter(persistenceId)));
        Assert.Equal(["persisted 1"], await writer.Ask<List<string>>(new JournalTestWriter.Write([e]), Wait));
    }

    private static async Task<object?> ScalarAsync(JournalStore journal, string sql)
    {
        await using var connection = journal.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<string> OptionsAsync(JournalStore journal) =>
        (string)(await ScalarAsync(journal, "SELECT coalesce(array_to_string(reloptions, ','), '') FROM pg_class WHERE oid = 'journal'::regclass"))!;

    // The bytes of the journal's TOAST relation: 0 until a value is moved out of its row (pg_toast itself is not readable).
    private static async Task<long> ToastBytesAsync(JournalStore journal) =>
        (long)(await ScalarAsync(journal, "SELECT pg_relation_size(reltoastrelid) FROM pg_class WHERE oid = 'journal'::regclass"))!;

    // The plugin's own journal creates the schema, as it does on a member's first start, and leaves it as created.
    private static async Task CreateSchemaAsync(JournalStore journal)
    {
        using var plugin = SystemOn(journal, $"akka.persistence.journal.sql.class = \"{PluginJournal}\"");
        await PersistAsync(plugin, "schema", "creates the tables");
        await plugin.Terminate();
    }

    private static EventRowWriter WriterOn(JournalStore journal, List<string> reports)
    {
        var settings = new JournalConfig(ConfigurationFactory.ParseString($$"""
            connection-string = "{{journal.ConnectionString}}"
            provider-name = "PostgreSQL.15"
            """).WithFallback(SqlPersistence.DefaultJournalConfiguration));
        return new EventRowWriter(journal, settings.TableConfig.EventJournalTable, settings.DaoConfig, settings.WriteIsolationLevel,
            keepRowsWhole: true, report: message => { lock (reports) reports.Add(message); });
    }

    private static EventRow Row(string persistenceId) =>
        new(persistenceId, 1, DateTime.UtcNow.Ticks, System.Text.Encoding.UTF8.GetBytes(LargeEvent()), "", 1, null);

    [Fact]
    public async Task A_members_journal_keeps_a_credentials_sized_event_in_its_row()
    {
        var journal = await DatabaseAsync("whole");
        var e = LargeEvent();
        using (var system = SystemOn(journal))
        {
            await PersistAsync(system, "large", e);
            await system.Terminate();
        }

        Assert.Contains($"toast_tuple_target={PostgresRowStorage.ToastTupleTarget}", (await OptionsAsync(journal)).Split(','));
        Assert.Equal(0L, await ToastBytesAsync(journal));
        using var replaying = SystemOn(journal);
        var recovered = replaying.ActorOf(Props.Create(() => new JournalTestWriter("large")));
        Assert.Equal([e], await recovered.Ask<List<object>>(JournalTestWriter.Recovered.Instance, Wait));
        await replaying.Terminate();
    }

    [Fact]
    public async Task A_schema_the_operator_manages_is_left_as_it_is()
    {
        var journal = await DatabaseAsync("managed");
        await CreateSchemaAsync(journal);
        using (var system = SystemOn(journal, "akka.persistence.journal.sql.auto-initialize = off"))
        {
            await PersistAsync(system, "large", LargeEvent());
            await system.Terminate();
        }

        Assert.Equal("", await OptionsAsync(journal));
        // Without the setting, PostgreSQL moves the event out of its row: what the members' setting avoids.
        Assert.True(await ToastBytesAsync(journal) > 0);
    }

    [Fact]
    public async Task An_operators_own_target_stays()
    {
        var journal = await DatabaseAsync("own");
        await CreateSchemaAsync(journal);
        await ScalarAsync(journal, "ALTER TABLE journal SET (toast_tuple_target = 4096)");
        var reports = new List<string>();
        var writer = WriterOn(journal, reports);

        await writer.WriteAsync([Row("own")]).WaitAsync(Wait);
        await writer.CompleteAsync().WaitAsync(Wait);

        Assert.Equal("toast_tuple_target=4096", await OptionsAsync(journal));
        Assert.Equal(["journal table journal keeps its toast_tuple_target=4096"], reports);
    }

    [Fact]
    public async Task A_setting_not_made_within_its_lock_timeout_is_reported_and_the_write_goes_through()
    {
        var journal = await DatabaseAsync("locked");
        await CreateSchemaAsync(journal);
        var reports = new List<string>();
        var writer = WriterOn(journal, reports);
        await using var holder = journal.Connect();
        await holder.OpenAsync();
        await using var held = await holder.BeginTransactionAsync();
        await using (var command = holder.CreateCommand())
        {
            command.Transaction = held;
            // The lock ALTER TABLE ... SET (toast_tuple_target) needs; inserts do not wait for it.
            command.CommandText = "LOCK TABLE journal IN SHARE UPDATE EXCLUSIVE MODE";
            await command.ExecuteNonQueryAsync();
        }

        // Written while the lock is still held: the writer gave up on the setting, not on the write.
        await writer.WriteAsync([Row("locked")]).WaitAsync(Wait);
        Assert.Equal(1L, await ScalarAsync(journal, "SELECT count(*) FROM journal WHERE persistence_id = 'locked'"));
        var report = Assert.Single(reports);
        Assert.StartsWith("journal table journal: storage left as it is (", report);
        Assert.Contains("lock timeout", report);
        await held.RollbackAsync();
        await writer.CompleteAsync().WaitAsync(Wait);
        Assert.Equal("", await OptionsAsync(journal));
    }
}
