using System.Text;

namespace Provisioner.Messages.Nodes;

/// <summary>
/// The one rule for a machine identity, wherever it enters (lifecycle event, discovery reply, console, CLI, the
/// agent's configuration): 1 to 253 bytes, made of ASCII letters, digits, '-', '_' and '.' with no empty
/// segment. An identity becomes a NATS subject token (<c>provisioning.node.&lt;identity&gt;</c>): a wildcard would
/// widen the subject, whitespace would split the protocol line, and a long one makes nats-server close the
/// connection ("maximum control line exceeded"). 253 is the longest DNS name. '_' is allowed because Choria's
/// configuration takes any host name as identity and its caller-id parser accepts <c>\w</c>.
/// </summary>
public static class NodeIdentity
{
    /// <summary>The longest identity accepted, in UTF-8 bytes: the longest DNS name.</summary>
    public const int MaxBytes = 253;

    // Problems quote at most this much of the identity, so a hostile one cannot flood a log line.
    private const int Quoted = 64;

    /// <summary>Why <paramref name="identity"/> cannot be a node identity, or null when it can.</summary>
    public static string? Problem(string? identity)
    {
        if (string.IsNullOrEmpty(identity))
        {
            return "identity is empty";
        }
        var bytes = Encoding.UTF8.GetByteCount(identity);
        if (bytes > MaxBytes)
        {
            return $"identity '{Quote(identity)}' is {bytes} bytes long; at most {MaxBytes} are allowed";
        }
        if (identity.Contains('*') || identity.Contains('>'))
        {
            return $"identity '{Quote(identity)}' must not contain the NATS wildcards '*' or '>'";
        }
        if (identity.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return $"identity '{Quote(identity)}' must not contain whitespace or control characters";
        }
        var bad = identity.FirstOrDefault(c => !IsAllowed(c));
        if (bad != default)
        {
            return $"identity '{Quote(identity)}' has the character '{bad}'; only letters, digits, '-', '_' and '.' are allowed";
        }
        if (identity.Split('.').Any(segment => segment.Length == 0))
        {
            return $"identity '{Quote(identity)}' has an empty segment (leading, trailing or doubled '.')";
        }
        return null;
    }

    /// <summary>Whether <paramref name="identity"/> is usable as a node identity.</summary>
    public static bool IsValid(string? identity) => Problem(identity) is null;

    /// <summary>Throws an <see cref="ArgumentException"/> that says why <paramref name="identity"/> is unusable.</summary>
    public static void Ensure(string? identity)
    {
        var problem = Problem(identity);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(identity));
        }
    }

    private static bool IsAllowed(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.';

    private static string Quote(string identity)
    {
        var shown = identity.Length <= Quoted ? identity : identity[..Quoted] + "...";
        return new string(shown.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
