using System.Text.Json.Nodes;

namespace Provisioner.Security.Tokens;

/// <summary>What to put in a new provisioning token; defaults follow <c>choria jwt provisioning</c>.</summary>
public sealed record ProvisioningTokenRequest
{
    /// <summary>The agent token (<c>cht</c>), required.</summary>
    public required string Token { get; init; }

    /// <summary>Broker URLs, joined with commas into <c>chu</c>; give these or <see cref="SrvDomain"/>, not both.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [];

    public string? SrvDomain { get; init; }

    /// <summary>Protocol security (<c>chs</c>); false by default because <c>--insecure</c> defaults to true.</summary>
    public bool Secure { get; init; }

    public bool ProvisionByDefault { get; init; }
    public string? RegistrationDataFile { get; init; }
    public string? FactsFile { get; init; }
    public string? BrokerUsername { get; init; }
    public string? BrokerPassword { get; init; }
    public JsonObject? Extensions { get; init; }
    public string OrganizationUnit { get; init; } = "choria";
    public bool ProtocolV2 { get; init; }
    public bool AllowUpdate { get; init; }
    public string Issuer { get; init; } = "Choria Provisioner";

    /// <summary>How long the token is valid; one year by default.</summary>
    public TimeSpan Validity { get; init; } = TimeSpan.FromDays(365);
}
