using System.Text.Json.Serialization;

namespace Provisioner.Aaa.Tokens;

/// <summary>
/// The <c>permissions</c> of a client JWT (the userlist's <c>broker_permissions</c>): what the broker and servers let the
/// holder do. Each flag is omitted when false, as Go's <c>omitempty</c> writes them.
/// </summary>
public sealed record ClientPermissions
{
    [JsonPropertyName("streams_admin"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool StreamsAdmin { get; init; }
    [JsonPropertyName("streams_user"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool StreamsUser { get; init; }
    [JsonPropertyName("events_viewer"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool EventsViewer { get; init; }
    [JsonPropertyName("election_user"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool ElectionUser { get; init; }
    [JsonPropertyName("system_user"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool SystemUser { get; init; }
    [JsonPropertyName("governor"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Governor { get; init; }
    [JsonPropertyName("org_admin"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool OrgAdmin { get; init; }
    [JsonPropertyName("provisioner"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Provisioner { get; init; }
    [JsonPropertyName("fleet_management"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool FleetManagement { get; init; }
    [JsonPropertyName("signed_fleet_management"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool SignedFleetManagement { get; init; }

    /// <summary>A service token may live longer than the signer's <c>max_validity</c>.</summary>
    [JsonPropertyName("service"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Service { get; init; }

    [JsonPropertyName("authentication_delegator"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool AuthenticationDelegator { get; init; }

    /// <summary>Whether no flag is set, so the claim is left out of a token.</summary>
    [JsonIgnore]
    public bool IsEmpty => this == new ClientPermissions();
}
