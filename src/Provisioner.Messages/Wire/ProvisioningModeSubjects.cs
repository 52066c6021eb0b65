namespace Provisioner.Messages.Wire;

/// <summary>
/// What a machine in provisioning mode may do on the broker (Choria's unverified-connection lists): the
/// provisioning account's shared bearer user is limited to exactly these.
/// </summary>
public static class ProvisioningModeSubjects
{
    /// <summary>Subjects a machine in provisioning mode may subscribe to.</summary>
    public static IReadOnlyList<string> Subscribe { get; } =
    [
        Subjects.AnyNodeRequest(),
        Subjects.BroadcastAgent(AgentNames.Discovery),
        Subjects.BroadcastAgent(AgentNames.RpcUtil),
        Subjects.BroadcastAgent(AgentNames.ChoriaUtil),
        Subjects.BroadcastAgent(AgentNames.Provision),
    ];

    /// <summary>Subjects a machine in provisioning mode may publish to.</summary>
    public static IReadOnlyList<string> Publish { get; } =
    [
        Subjects.AnyLifecycleEvent,
        Subjects.AnyReply(Protocols.ProvisioningCollective),
        Subjects.AnyRegistration,
    ];
}
