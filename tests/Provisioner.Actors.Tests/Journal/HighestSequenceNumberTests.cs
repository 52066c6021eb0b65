using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Journal;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Journal;

/// <summary>
/// The members' journal (<see cref="NodeJournal"/>) answers recovery's first question, the highest sequence number,
/// with its own query on SQLite and PostgreSQL: a recovered actor carries on numbering where its journal ends, and one
/// with no rows starts at zero.
/// </summary>
public sealed class HighestSequenceNumberTests : IAsyncLifetime
{
    private readonly TestJournals _journals = new("highest");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _journals.DisposeAsync();

    private Task<JournalStore> JournalAsync(JournalDatabase database) => _journals.OnAsync(database);

    private static ActorSystem SystemOn(JournalStore journal)
    {
        var options = new ClusterOptions("127.0.0.1", 0, [], journal, Overrides: ConfigurationFactory.ParseString("akka.actor.provider = local"));
        return ActorSystem.Create("highest", ProvisionerConfig.Setup(options));
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.Postgres)]
    public async Task A_recovered_actor_carries_on_from_the_highest_sequence_number_in_the_journal(JournalDatabase database)
    {
        var journal = await JournalAsync(database);
        using (var system = SystemOn(journal))
        {
            var writer = system.ActorOf(Props.Create(() => new Counter("counter-a")));
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(i + 1, await writer.Ask<long>("persist", TimeSpan.FromSeconds(30)));
            }
            await system.Terminate();
        }

        using var again = SystemOn(journal);
        var recovered = again.ActorOf(Props.Create(() => new Counter("counter-a")));
        var fresh = again.ActorOf(Props.Create(() => new Counter("counter-b")));

        Assert.Equal(3, await recovered.Ask<long>("last", TimeSpan.FromSeconds(30)));
        Assert.Equal(4, await recovered.Ask<long>("persist", TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await fresh.Ask<long>("last", TimeSpan.FromSeconds(30)));
        var journalActor = Persistence.Instance.Apply(again).JournalFor(null);
        Assert.Equal(typeof(NodeJournal), ((ActorRefWithCell)journalActor).Underlying.Props.Type);
        await again.Terminate();
    }

    private sealed class Counter : ReceivePersistentActor
    {
        public Counter(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<string>(_ => { });
            Command<string>(command =>
            {
                var sender = Sender;
                if (command == "persist")
                {
                    Persist("event", _ => sender.Tell(LastSequenceNr));
                    return;
                }
                sender.Tell(LastSequenceNr);
            });
        }

        public override string PersistenceId { get; }
    }
}
