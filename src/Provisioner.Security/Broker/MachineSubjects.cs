using Provisioner.Messages.Wire;

namespace Provisioner.Security.Broker;

/// <summary>
/// The subjects a provisioned machine may publish and subscribe to, derived from its server claims as
/// Choria's broker does for "provisioned servers". No collectives means no subjects at all. The claims
/// decide which subjects; <see cref="Subjects"/> writes each of them.
/// </summary>
public sealed record MachineSubjects(IReadOnlyList<string> Publish, IReadOnlyList<string> Subscribe)
{
    /// <summary>Derives the allow lists; throws <see cref="FormatException"/> naming a field that could widen them (wildcards, spaces).</summary>
    public static MachineSubjects Derive(MachineCredentialRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var identity = RequireToken(request.Identity, "identity", allowDots: true);
        var ou = RequireToken(request.OrganizationUnit, "ou", allowDots: false);
        var collectives = request.Collectives.Select(c => RequireToken(c, "collectives", allowDots: false)).ToList();
        var extra = request.PubSubjects.Select(s => RequireSubject(s, "pub_subjects")).ToList();
        if (collectives.Count == 0)
        {
            return new MachineSubjects([], []);
        }

        var flags = request.Permissions ?? ServerPermissionFlags.None;
        var publish = new List<string> { Subjects.AnyLifecycleEvent, Subjects.MachineTransition, Subjects.AnyMachineWatcher };
        publish.AddRange(extra);
        var subscribe = new List<string>();
        foreach (var c in collectives)
        {
            publish.Add(Subjects.AnyReply(c));
            publish.Add(Subjects.BroadcastAgent(AgentNames.Registration, c));
            publish.Add(Subjects.Federation(c));
            subscribe.Add(Subjects.AnyBroadcastAgent(c));
            subscribe.Add(Subjects.NodeRequest(identity, c));
            subscribe.Add(Subjects.AnyReplyToMd5(identity, c));
            subscribe.Add(Subjects.AnyReplyToSha256(identity, c));
            if (flags.ServiceHost)
            {
                subscribe.Add(Subjects.AnyBroadcastService(c));
            }
            if (flags.Submission)
            {
                publish.Add(Subjects.AnySubmission(c));
            }
            if (flags.Governor && flags.Streams)
            {
                publish.Add(Subjects.AnyGovernor(c));
            }
        }
        if (flags.Streams)
        {
            publish.AddRange(Subjects.StreamReadApis(ou));
            publish.Add(Subjects.AnyJetStreamAck);
            publish.Add(Subjects.AnyJetStreamFlowControl);
            subscribe.Add(Subjects.AnyRepublished(ou));
        }
        return new MachineSubjects(publish.Distinct().ToList(), subscribe.Distinct().ToList());
    }

    // A token that lands inside a subject must not carry wildcards or whitespace, or "c.node.<identity>"
    // could become "c.node.>" and hand the machine every other machine's requests.
    private static string RequireToken(string? value, string field, bool allowDots)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new FormatException($"{field}: must not be empty");
        }
        foreach (var ch in value)
        {
            if (ch is '*' or '>' || char.IsWhiteSpace(ch) || char.IsControl(ch) || (!allowDots && ch == '.'))
            {
                throw new FormatException($"{field}: '{value}' contains '{(char.IsControl(ch) ? "control character" : ch)}', which NATS subjects cannot carry here");
            }
        }
        if (allowDots && (value.StartsWith('.') || value.EndsWith('.') || value.Contains("..", StringComparison.Ordinal)))
        {
            throw new FormatException($"{field}: '{value}' has an empty subject token");
        }
        return value;
    }

    private static string RequireSubject(string? value, string field)
    {
        if (string.IsNullOrEmpty(value) || value.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch)))
        {
            throw new FormatException($"{field}: '{value}' is not a NATS subject");
        }
        return value;
    }
}
