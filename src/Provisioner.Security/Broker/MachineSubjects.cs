using System.Security.Cryptography;
using System.Text;

namespace Provisioner.Security.Broker;

/// <summary>
/// The subjects a provisioned machine may publish and subscribe to, derived from its server claims as
/// Choria's broker does for "provisioned servers". No collectives means no subjects at all.
/// </summary>
public sealed record MachineSubjects(IReadOnlyList<string> Publish, IReadOnlyList<string> Subscribe)
{
    private static readonly string[] StreamReadApis =
    [
        "STREAM.INFO.*", "STREAM.MSG.GET.*", "STREAM.MSG.DELETE.*", "DIRECT.GET.*", "DIRECT.GET.*.>",
        "CONSUMER.CREATE.*", "CONSUMER.CREATE.*.>", "CONSUMER.DURABLE.CREATE.*.*", "CONSUMER.INFO.*.*",
        "CONSUMER.MSG.NEXT.*.*",
    ];

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
        var publish = new List<string> { "choria.lifecycle.>", "choria.machine.transition", "choria.machine.watcher.>" };
        publish.AddRange(extra);
        var subscribe = new List<string>();
        var md5 = Md5Hex(identity);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
        foreach (var c in collectives)
        {
            publish.Add($"{c}.reply.>");
            publish.Add($"{c}.broadcast.agent.registration");
            publish.Add($"choria.federation.{c}.collective");
            subscribe.Add($"{c}.broadcast.agent.>");
            subscribe.Add($"{c}.node.{identity}");
            subscribe.Add($"{c}.reply.{md5}.>");
            subscribe.Add($"{c}.reply.{sha256}.>");
            if (flags.ServiceHost)
            {
                subscribe.Add($"{c}.broadcast.service.>");
            }
            if (flags.Submission)
            {
                publish.Add($"{c}.submission.in.>");
            }
            if (flags.Governor && flags.Streams)
            {
                publish.Add($"{c}.governor.*");
            }
        }
        if (flags.Streams)
        {
            var prefix = ou == "choria" ? "$JS.API" : "choria.streams";
            publish.AddRange(StreamReadApis.Select(api => $"{prefix}.{api}"));
            publish.Add("$JS.ACK.>");
            publish.Add("$JS.FC.>");
            subscribe.Add($"{ou}.republish.>");
        }
        return new MachineSubjects(publish.Distinct().ToList(), subscribe.Distinct().ToList());
    }

    /// <summary>
    /// A reply inbox prefix inside the machine's own reply subjects (<c>c.reply.&lt;md5hex(identity)&gt;</c>): a
    /// NATS.Net client subscribes to its inbox at connect, and the default <c>_INBOX</c> is outside the allow list.
    /// </summary>
    public static string ReplyInboxPrefix(string collective, string identity) =>
        $"{RequireToken(collective, "collectives", allowDots: false)}.reply.{Md5Hex(RequireToken(identity, "identity", allowDots: true))}";

    private static string Md5Hex(string identity) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(identity)));

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
