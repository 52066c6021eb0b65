using Akka.Actor;
using Akka.Persistence;

namespace Provisioner.Actors.Tests.Journal;

/// <summary>
/// Persists each event of a <see cref="Write"/> as its own write and answers with what became of each
/// (<c>persisted N</c>, <c>rejected N: ...</c>, <c>failed N: ...</c>); answers <see cref="Recovered"/> with what it replayed.
/// </summary>
internal sealed class JournalTestWriter : ReceivePersistentActor
{
    private readonly List<object> _recovered = [];
    private readonly List<string> _outcomes = [];
    private IActorRef _asker = ActorRefs.Nobody;
    private int _expected;

    public JournalTestWriter(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<RecoveryCompleted>(_ => { });
        Recover<object>(e => _recovered.Add(e));
        Command<Recovered>(_ => Sender.Tell(_recovered.ToList()));
        Command<Write>(write =>
        {
            _asker = Sender;
            _expected = write.Events.Length;
            _outcomes.Clear();
            // One write per event, unlike PersistAll's one write for all: a rejection must hit its own write only.
#pragma warning disable AK1006
            foreach (var e in write.Events)
            {
                Persist(e, _ => Record($"persisted {LastSequenceNr}"));
            }
#pragma warning restore AK1006
        });
    }

    public override string PersistenceId { get; }

    private void Record(string outcome)
    {
        _outcomes.Add(outcome);
        if (_outcomes.Count == _expected)
        {
            _asker.Tell(_outcomes.ToList());
        }
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        Record($"rejected {sequenceNr}: {cause.Message}");

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _outcomes.Add($"failed {sequenceNr}: {cause.Message}");
        _asker.Tell(_outcomes.ToList());
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    public sealed record Write(object[] Events);

    public sealed class Recovered
    {
        public static Recovered Instance { get; } = new();
    }
}
