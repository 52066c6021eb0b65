using System.Text.Json.Serialization;

namespace Provisioner.Security.Tokens;

/// <summary>
/// What a client may do beyond RPC (<c>permissions</c> in Choria's client id claims), in Choria's key order;
/// false ones are omitted. A chain issuer for a provisioner carries <see cref="FleetManagement"/> and
/// <see cref="Provisioner"/>, the latter being what Choria's broker checks for the <c>provisioner</c> user.
/// </summary>
public sealed record ClientPermissions
{
    [JsonPropertyName("streams_admin")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool StreamsAdmin { get; init; }

    [JsonPropertyName("streams_user")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool StreamsUser { get; init; }

    [JsonPropertyName("events_viewer")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool EventsViewer { get; init; }

    [JsonPropertyName("election_user")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ElectionUser { get; init; }

    [JsonPropertyName("system_user")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool SystemUser { get; init; }

    [JsonPropertyName("governor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Governor { get; init; }

    [JsonPropertyName("org_admin")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool OrgAdmin { get; init; }

    [JsonPropertyName("fleet_management")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool FleetManagement { get; init; }

    [JsonPropertyName("signed_fleet_management")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool SignedFleetManagement { get; init; }

    [JsonPropertyName("service")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Service { get; init; }

    [JsonPropertyName("authentication_delegator")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool AuthenticationDelegator { get; init; }

    [JsonPropertyName("provisioner")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Provisioner { get; init; }

    /// <summary>Whether no flag is set, so the claim is left out of a token.</summary>
    [JsonIgnore]
    public bool IsEmpty => this == new ClientPermissions();

    /// <summary>The names of the granted permissions, in Choria's order, for display.</summary>
    public IEnumerable<string> Granted()
    {
        (bool, string)[] all =
        [
            (StreamsAdmin, "streams_admin"), (StreamsUser, "streams_user"), (EventsViewer, "events_viewer"),
            (ElectionUser, "election_user"), (SystemUser, "system_user"), (Governor, "governor"), (OrgAdmin, "org_admin"),
            (FleetManagement, "fleet_management"), (SignedFleetManagement, "signed_fleet_management"), (Service, "service"),
            (AuthenticationDelegator, "authentication_delegator"), (Provisioner, "provisioner"),
        ];
        return all.Where(p => p.Item1).Select(p => p.Item2);
    }
}
