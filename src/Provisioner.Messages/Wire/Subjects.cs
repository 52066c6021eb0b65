using System.Security.Cryptography;
using System.Text;
using Provisioner.Messages.Nodes;

namespace Provisioner.Messages.Wire;

/// <summary>
/// Every NATS subject shape of Choria and the provisioning protocol, the concrete subjects and the
/// wildcards a broker allows, so a shape is written once. Identities (by <see cref="NodeIdentity"/>) and agent
/// names become subject tokens, so they are checked first: a wildcard or an empty token would widen or break the subject.
/// </summary>
public static class Subjects
{
    /// <summary>Where registration data goes, on builds that have it.</summary>
    public const string RegistrationData = "provisioning.registration.data";

    /// <summary>Every registration subject of the provisioning collective.</summary>
    public const string AnyRegistration = "provisioning.registration.>";

    /// <summary>The prefix every reply subject a provisioning node may publish to starts with.</summary>
    public const string ReplyPrefix = "provisioning.reply.";

    /// <summary>Every lifecycle event, of any type and component.</summary>
    public const string AnyLifecycleEvent = "choria.lifecycle.>";

    /// <summary>Where a Choria autonomous agent announces a state transition.</summary>
    public const string MachineTransition = "choria.machine.transition";

    /// <summary>Every Choria autonomous-agent watcher event.</summary>
    public const string AnyMachineWatcher = "choria.machine.watcher.>";

    /// <summary>Every JetStream acknowledgement subject.</summary>
    public const string AnyJetStreamAck = "$JS.ACK.>";

    /// <summary>Every JetStream flow-control subject.</summary>
    public const string AnyJetStreamFlowControl = "$JS.FC.>";

    // The JetStream API calls a provisioned server may make to read streams (Choria's "provisioned servers").
    private static readonly string[] StreamReadCalls =
    [
        "STREAM.INFO.*", "STREAM.MSG.GET.*", "STREAM.MSG.DELETE.*", "DIRECT.GET.*", "DIRECT.GET.*.>",
        "CONSUMER.CREATE.*", "CONSUMER.CREATE.*.>", "CONSUMER.DURABLE.CREATE.*.*", "CONSUMER.INFO.*.*",
        "CONSUMER.MSG.NEXT.*.*",
    ];

    /// <summary>The subject of a direct request to one node.</summary>
    public static string NodeRequest(string identity, string collective = Protocols.ProvisioningCollective)
    {
        NodeIdentity.Ensure(identity);
        return $"{collective}.node.{identity}";
    }

    /// <summary>The subject every node with <paramref name="agent"/> loaded listens on.</summary>
    public static string BroadcastAgent(string agent, string collective = Protocols.ProvisioningCollective)
    {
        EnsureValidToken(agent, "agent");
        return $"{collective}.broadcast.agent.{agent}";
    }

    /// <summary>
    /// The subject of a Choria service agent (such as <c>aaa_signer</c>): every instance subscribes in the queue group
    /// named after the agent, so one instance answers each request.
    /// </summary>
    public static string BroadcastService(string agent, string collective = Protocols.ProvisioningCollective)
    {
        EnsureValidToken(agent, "agent");
        EnsureValidToken(collective, "collective");
        return $"{collective}.broadcast.service.{agent}";
    }

    /// <summary>
    /// Where replies to a request go: <c>&lt;collective&gt;.reply.&lt;md5hex(callerid)&gt;.&lt;requestid&gt;</c>.
    /// The hash is of the caller id, not the sender id, as the Go client builds it.
    /// </summary>
    public static string Reply(string callerId, string requestId, string collective = Protocols.ProvisioningCollective)
    {
        EnsureValidToken(requestId, "request id");
        return $"{ReplyStem(callerId, collective)}.{requestId}";
    }

    /// <summary>The subject matching every reply to <paramref name="callerId"/>'s requests: <see cref="Reply"/> with <c>*</c> for the request id.</summary>
    public static string AllReplies(string callerId, string collective = Protocols.ProvisioningCollective) =>
        $"{ReplyStem(callerId, collective)}.*";

    /// <summary>
    /// What every reply to <paramref name="callerId"/> starts with, <c>&lt;collective&gt;.reply.&lt;md5hex(callerid)&gt;</c>:
    /// a NATS.Net client uses it as its inbox prefix, because the default <c>_INBOX</c> is outside a machine's allow list.
    /// </summary>
    public static string ReplyInbox(string callerId, string collective = Protocols.ProvisioningCollective)
    {
        EnsureValidToken(collective, "collective");
        return ReplyStem(callerId, collective);
    }

    /// <summary>
    /// The inbox prefix of a NATS.Net client in provisioning mode: under the node's own request subject, which the
    /// provisioning-mode allow list covers, where the default <c>_INBOX</c> is not allowed.
    /// </summary>
    public static string ProvisioningInbox(string identity) => $"{NodeRequest(identity)}.inbox";

    /// <summary>Every direct request to any node of <paramref name="collective"/>.</summary>
    public static string AnyNodeRequest(string collective = Protocols.ProvisioningCollective) => $"{collective}.node.>";

    /// <summary>Every broadcast to any agent in <paramref name="collective"/>.</summary>
    public static string AnyBroadcastAgent(string collective) => $"{collective}.broadcast.agent.>";

    /// <summary>Every broadcast to a service in <paramref name="collective"/>.</summary>
    public static string AnyBroadcastService(string collective) => $"{collective}.broadcast.service.>";

    /// <summary>Every reply subject of <paramref name="collective"/>.</summary>
    public static string AnyReply(string collective) => $"{collective}.reply.>";

    /// <summary>Every reply to requests whose caller hashes to <paramref name="callerId"/>'s MD5 (Choria's reply subjects).</summary>
    public static string AnyReplyToMd5(string callerId, string collective) => $"{ReplyStem(callerId, collective)}.>";

    /// <summary>Every reply to requests whose caller hashes to <paramref name="callerId"/>'s SHA-256 (Choria's newer reply subjects).</summary>
    public static string AnyReplyToSha256(string callerId, string collective) =>
        $"{collective}.reply.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(callerId)))}.>";

    /// <summary>Where a server announces itself to the federation of <paramref name="collective"/>.</summary>
    public static string Federation(string collective) => $"choria.federation.{collective}.collective";

    /// <summary>Every Choria submission subject of <paramref name="collective"/>.</summary>
    public static string AnySubmission(string collective) => $"{collective}.submission.in.>";

    /// <summary>Every Choria governor of <paramref name="collective"/>.</summary>
    public static string AnyGovernor(string collective) => $"{collective}.governor.*";

    /// <summary>Every subject republished to the organization <paramref name="organizationUnit"/>.</summary>
    public static string AnyRepublished(string organizationUnit) => $"{organizationUnit}.republish.>";

    /// <summary>
    /// The JetStream API calls that read streams, under the API prefix of <paramref name="organizationUnit"/>:
    /// <c>$JS.API</c> for Choria's own organization, <c>choria.streams</c> for any other.
    /// </summary>
    public static IEnumerable<string> StreamReadApis(string organizationUnit)
    {
        var prefix = organizationUnit == "choria" ? "$JS.API" : "choria.streams";
        return StreamReadCalls.Select(api => $"{prefix}.{api}");
    }

    private static string ReplyStem(string callerId, string collective) =>
        $"{collective}.reply.{Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(callerId)))}";

    /// <summary>The subject of a lifecycle event, e.g. <c>choria.lifecycle.event.startup.provision_mode_server</c>.</summary>
    public static string Lifecycle(string type, string component)
    {
        EnsureValidToken(type, "lifecycle type");
        EnsureValidToken(component, "lifecycle component");
        return $"choria.lifecycle.event.{type}.{component}";
    }

    private static void EnsureValidToken(string? token, string what)
    {
        var problem = string.IsNullOrEmpty(token) ? $"{what} is empty"
            : token.Contains('.') ? $"{what} '{token}' must not contain '.'"
            : TokenProblem(token, what);
        if (problem is not null)
        {
            throw new ArgumentException(problem, what);
        }
    }

    private static string? TokenProblem(string value, string what)
    {
        if (value.Contains('*') || value.Contains('>'))
        {
            return $"{what} '{value}' must not contain the NATS wildcards '*' or '>'";
        }
        return value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            ? $"{what} '{value}' must not contain whitespace or control characters"
            : null;
    }
}
