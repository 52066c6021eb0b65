using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Journal;

/// <summary>
/// What the journal says was issued to each node: the demo's summary, the benchmark and the exactly-once tests
/// all count from here.
/// </summary>
public static class JournalAudit
{
    public static async Task<IReadOnlyList<NodeRecord>> ReadAsync(JournalStore store, CancellationToken cancellation = default)
    {
        var records = new List<NodeRecord>();
        await foreach (var node in new JournalReader(store).NodesAsync(cancellation: cancellation))
        {
            records.Add(Summarise(node));
        }
        return records;
    }

    private static NodeRecord Summarise(JournaledNode node)
    {
        var events = node.Events;
        var state = node.State;
        var firstAnnounced = events.OfType<NodeEvents.AttemptStarted>().FirstOrDefault()?.At;
        var provisioned = events.OfType<NodeEvents.Provisioned>().LastOrDefault();
        var started = provisioned is null ? null : events.OfType<NodeEvents.AttemptStarted>().LastOrDefault(s => s.Attempt == provisioned.Attempt);
        return new NodeRecord(
            node.Identity,
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
