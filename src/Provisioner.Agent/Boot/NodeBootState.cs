using Provisioner.Agent.Config;
using Provisioner.Security.Tokens;

namespace Provisioner.Agent.Boot;

/// <summary>
/// What a node decided at boot: its identity, its mode and why, the configuration and provisioning token it
/// read (<see cref="TokenText"/> and <see cref="Token"/> are null when there is none), and the credential
/// files it deleted to heal itself.
/// </summary>
public sealed record NodeBootState(
    string Identity,
    NodeMode Mode,
    string Reason,
    ServerConfig Config,
    string? TokenText,
    ProvisioningClaims? Token,
    IReadOnlyList<string> Deleted)
{
    /// <summary>Whether this node can be provisioned at all: it has a usable provisioning token.</summary>
    public bool SupportsProvisioning => Token is not null;

    /// <summary>Masks the token: only its presence shows.</summary>
    public override string ToString() =>
        $"NodeBootState {{ Identity = {Identity}, Mode = {Mode}, Reason = {Reason}, Token = {(TokenText is null ? "none" : "*****")}, Deleted = [{string.Join(", ", Deleted)}] }}";
}
