using System.Security.Cryptography;
using System.Text;

namespace Provisioner.Messages.Wire;

/// <summary>
/// The NATS subjects of the provisioning protocol. Identities and agent names become subject tokens,
/// so they are checked first: a wildcard or an empty token would widen or break the subject.
/// </summary>
public static class Subjects
{
    /// <summary>Where registration data goes, on builds that have it.</summary>
    public const string RegistrationData = "provisioning.registration.data";

    /// <summary>The prefix every reply subject a provisioning node may publish to starts with.</summary>
    public const string ReplyPrefix = "provisioning.reply.";

    /// <summary>The subject of a direct request to one node.</summary>
    public static string NodeRequest(string identity, string collective = Protocols.ProvisioningCollective)
    {
        EnsureValidIdentity(identity);
        return $"{collective}.node.{identity}";
    }

    /// <summary>The subject every node with <paramref name="agent"/> loaded listens on.</summary>
    public static string BroadcastAgent(string agent, string collective = Protocols.ProvisioningCollective)
    {
        EnsureValidToken(agent, "agent");
        return $"{collective}.broadcast.agent.{agent}";
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

    private static string ReplyStem(string callerId, string collective) =>
        $"{collective}.reply.{Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(callerId)))}";

    /// <summary>The subject of a lifecycle event, e.g. <c>choria.lifecycle.event.startup.provision_mode_server</c>.</summary>
    public static string Lifecycle(string type, string component)
    {
        EnsureValidToken(type, "lifecycle type");
        EnsureValidToken(component, "lifecycle component");
        return $"choria.lifecycle.event.{type}.{component}";
    }

    /// <summary>Why <paramref name="identity"/> cannot be a node identity in a subject, or null when it can.</summary>
    public static string? IdentityProblem(string? identity)
    {
        if (string.IsNullOrEmpty(identity))
        {
            return "identity is empty";
        }
        if (identity.Split('.').Any(segment => segment.Length == 0))
        {
            return $"identity '{identity}' has an empty segment (leading, trailing or doubled '.')";
        }
        return TokenProblem(identity, "identity");
    }

    /// <summary>Whether <paramref name="identity"/> is usable as a node identity.</summary>
    public static bool IsValidIdentity(string? identity) => IdentityProblem(identity) is null;

    /// <summary>Throws an <see cref="ArgumentException"/> that says why <paramref name="identity"/> is unusable.</summary>
    public static void EnsureValidIdentity(string? identity)
    {
        var problem = IdentityProblem(identity);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(identity));
        }
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
