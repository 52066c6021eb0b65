namespace Provisioner.Security.Broker;

/// <summary>
/// What the provisioner knows about a machine when it mints the machine's broker credentials: its
/// identity, its Ed25519 public key (hex, from gen25519) and the server claims it was given.
/// </summary>
public sealed record MachineCredentialRequest(
    string Identity,
    string PublicKeyHex,
    IReadOnlyList<string> Collectives,
    IReadOnlyList<string> PubSubjects,
    ServerPermissionFlags Permissions,
    string OrganizationUnit = "choria");
