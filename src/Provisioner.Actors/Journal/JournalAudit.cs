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
        // Journals before issue 20 hold AttemptStarted, Signed and JwtIssued; later ones AttemptAccepted and
        // CredentialsIssued. An attempt resumed from an old journal may hold both for one attempt: counted once.
        var starts = events.Select(e => e switch
        {
            NodeEvents.AttemptStarted s => (s.Attempt, At: (DateTimeOffset?)s.At),
            NodeEvents.AttemptAccepted a => (a.Attempt, At: a.StartedAt),
            _ => (0, null),
        }).Where(s => s.At is not null).ToList();
        var certificates = events.SelectMany<INodeEvent, NodeEvents.Signed>(e => e switch
        {
            NodeEvents.Signed s => [s],
            NodeEvents.CredentialsIssued c => [c.Certificate],
            _ => [],
        // A helper that returns no certificate signs nothing: its empty serial is no issuance to count.
        }).Where(s => s.CertificateSerial.Length > 0).DistinctBy(s => (s.Attempt, s.CertificateSerial)).ToList();
        var jwts = events.SelectMany<INodeEvent, NodeEvents.JwtIssued>(e => e switch
        {
            NodeEvents.JwtIssued j => [j],
            NodeEvents.CredentialsIssued { ServerJwt: { } j } => [j],
            _ => [],
        }).DistinctBy(j => (j.Attempt, j.Jti)).ToList();
        var provisioned = events.OfType<NodeEvents.Provisioned>().LastOrDefault();
        var started = provisioned is null ? null : starts.Where(s => s.Attempt == provisioned.Attempt).Select(s => s.At).FirstOrDefault();
        return new NodeRecord(
            node.Identity,
            state.Stage,
            state.Attempt,
            certificates.Select(s => s.CertificateSerial).ToList(),
            jwts.Select(j => j.Jti).ToList(),
            events.OfType<NodeEvents.AttemptFailed>().LastOrDefault()?.Reason ?? events.OfType<NodeEvents.AttemptDeferred>().LastOrDefault()?.Reason,
            starts.FirstOrDefault().At,
            provisioned?.At,
            provisioned is null || started is null ? null : provisioned.At - started.Value,
            provisioned?.Member,
            events.Count,
            jwts.Select(j => j.NatsCredentials).OfType<string>().ToList());
    }
}
