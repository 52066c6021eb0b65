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
        await PersistAsync(journal, ("counter-a", 3));

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

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.Postgres)]
    public async Task Questions_asked_together_are_each_answered_for_their_own_persistence_id_and_starting_point(JournalDatabase database)
    {
        var journal = await JournalAsync(database);
        await PersistAsync(journal, ("counter-1", 1), ("counter-2", 2), ("counter-3", 3));
        var reader = new HighestSequenceReader(journal, "journal", "persistence_id", "sequence_number");
        (string Id, long After, long Expected)[] questions =
        [
            ("counter-1", 0, 1), ("counter-2", 0, 2), ("counter-3", 0, 3), ("counter-3", 2, 3), ("counter-3", 3, 0),
            ("counter-2", 5, 0), ("nobody", 0, 0), ("counter-1", 0, 1),
        ];

        // The first question goes out alone; the others wait for it and go out together.
        var answers = await Task.WhenAll(questions.Select(q => reader.ReadAsync(q.Id, q.After, CancellationToken.None)));
        reader.Complete();

        Assert.All(questions.Zip(answers), pair => Assert.True(pair.Item1.Expected == pair.Item2, $"{pair.Item1.Id} after {pair.Item1.After}: {pair.Item2}, expected {pair.Item1.Expected}"));
    }

    [Theory]
    [InlineData(JournalDatabase.Sqlite)]
    [InlineData(JournalDatabase.Postgres)]
    public async Task A_failed_query_fails_its_questions_with_the_database_error_and_the_next_question_is_asked_again(JournalDatabase database)
    {
        var journal = await JournalAsync(database);
        var reader = new HighestSequenceReader(journal, "no_such_table", "persistence_id", "sequence_number");

        // Bounded: without the failure handling the reader's loop would end and the questions would never be answered.
        var first = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => reader.ReadAsync("counter-1", 0, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        var second = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => reader.ReadAsync("counter-2", 0, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        reader.Complete();

        Assert.Contains("no_such_table", first.Message);
        Assert.Contains("no_such_table", second.Message);
    }

    [Fact]
    public async Task A_question_after_the_journal_stopped_fails_at_once_with_the_reason()
    {
        var journal = await JournalAsync(JournalDatabase.Sqlite);
        var reader = new HighestSequenceReader(journal, "journal", "persistence_id", "sequence_number");
        reader.Complete();

        // Bounded: a question that were queued after the stop would never be answered.
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => reader.ReadAsync("counter-1", 0, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Contains("the journal has stopped", refused.Message);
    }

    // Persists each id's events in a system of its own, stopped before the test reads: each persist answers its number.
    private static async Task PersistAsync(JournalStore journal, params (string Id, int Events)[] counters)
    {
        using var system = SystemOn(journal);
        foreach (var (id, events) in counters)
        {
            var writer = system.ActorOf(Props.Create(() => new Counter(id)));
            for (var i = 0; i < events; i++)
            {
                Assert.Equal(i + 1, await writer.Ask<long>("persist", TimeSpan.FromSeconds(30)));
            }
        }
        await system.Terminate();
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
