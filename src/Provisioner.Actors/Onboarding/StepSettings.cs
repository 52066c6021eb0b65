using Provisioner.Actors.Admission;
using Provisioner.Security.Broker;
using Provisioner.Security.Issuance;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;

namespace Provisioner.Actors.Onboarding;

/// <summary>
/// What the provisioning steps need besides the node: keys, policies and the token nodes expect, and the ledger
/// (if any) that every issued certificate and server JWT is appended to. <see cref="RequireTokenExpiry"/> refuses
/// provisioning tokens without <c>exp</c>; <see cref="NeverExpiringTokens"/> warns of those it lets through.
/// </summary>
public sealed record StepSettings(
    string Token,
    TokenVerificationKey ProvisioningTokenKey,
    CsrInspector CsrInspector,
    ServerJwtIssuer ServerJwtIssuer,
    MachineCredentialIssuer? FleetCredentials,
    TimeSpan FleetCredentialValidity,
    string Member,
    int RestartSplay = 1,
    IssuanceLedger? Ledger = null,
    bool RequireTokenExpiry = false,
    NeverExpiringTokens? NeverExpiringTokens = null,
    string UpgradesRepository = "",
    bool UpgradesOptional = false);
