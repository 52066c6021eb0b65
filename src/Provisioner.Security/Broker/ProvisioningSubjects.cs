namespace Provisioner.Security.Broker;

/// <summary>What a machine in provisioning mode may do in the provisioning account (Choria's unverified-connection lists).</summary>
public static class ProvisioningSubjects
{
    /// <summary>Subjects a machine in provisioning mode may subscribe to.</summary>
    public static IReadOnlyList<string> Subscribe { get; } =
    [
        "provisioning.node.>",
        "provisioning.broadcast.agent.discovery",
        "provisioning.broadcast.agent.rpcutil",
        "provisioning.broadcast.agent.choria_util",
        "provisioning.broadcast.agent.choria_provision",
    ];

    /// <summary>Subjects a machine in provisioning mode may publish to.</summary>
    public static IReadOnlyList<string> Publish { get; } =
    [
        "choria.lifecycle.>",
        "provisioning.reply.>",
        "provisioning.registration.>",
    ];

    /// <summary>
    /// A reply inbox prefix a NATS.Net client in provisioning mode may subscribe to (it subscribes to its
    /// inbox at connect; <c>_INBOX</c> is not allowed). Other machines in provisioning mode can read it too.
    /// </summary>
    public static string InboxPrefix(string identity)
    {
        if (string.IsNullOrEmpty(identity) || identity.Any(ch => ch is '*' or '>' || char.IsWhiteSpace(ch)))
        {
            throw new FormatException($"identity: '{identity}' cannot be part of a NATS subject");
        }
        return $"provisioning.node.{identity}.inbox";
    }

    /// <summary>The lifecycle events the provisioning account shares with the fleet account.</summary>
    public const string LifecycleEvents = "choria.lifecycle.>";
}
