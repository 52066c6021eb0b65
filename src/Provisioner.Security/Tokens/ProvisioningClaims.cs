using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Provisioner.Security.Tokens;

/// <summary>
/// The claims of a provisioning token (spec §5 ProvisioningClaims), with Choria's JSON names and
/// omission rules, so tokens made by <c>choria jwt provisioning</c> read here and ours read there.
/// </summary>
public sealed record ProvisioningClaims : StandardClaims
{
    /// <summary>The agent token (<c>cht</c>), required.</summary>
    [JsonPropertyName("cht")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Token { get; init; }

    /// <summary>Protocol security and TLS during provisioning (<c>chs</c>).</summary>
    [JsonPropertyName("chs")]
    public bool Secure { get; init; }

    /// <summary>Comma-separated broker URLs (<c>chu</c>); exactly one of this and <see cref="SrvDomain"/>.</summary>
    [JsonPropertyName("chu")]
    public string? Urls { get; init; }

    /// <summary>Domain for the <c>_choria-provisioner._tcp</c> SRV lookup (<c>chsrv</c>).</summary>
    [JsonPropertyName("chsrv")]
    public string? SrvDomain { get; init; }

    /// <summary>Provision when <c>plugin.choria.server.provision</c> is unset (<c>chpd</c>).</summary>
    [JsonPropertyName("chpd")]
    public bool ProvisionByDefault { get; init; }

    [JsonPropertyName("chrd")]
    public string? RegistrationDataFile { get; init; }

    [JsonPropertyName("chf")]
    public string? FactsFile { get; init; }

    [JsonPropertyName("chusr")]
    public string? BrokerUsername { get; init; }

    [JsonPropertyName("chpwd")]
    public string? BrokerPassword { get; init; }

    /// <summary>Free-form extensions; written as <c>null</c> when absent, as Choria does.</summary>
    [JsonPropertyName("extensions")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public JsonObject? Extensions { get; init; }

    [JsonPropertyName("ou")]
    public string? OrganizationUnit { get; init; }

    [JsonPropertyName("v2")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ProtocolV2 { get; init; }

    [JsonPropertyName("update")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool AllowUpdate { get; init; }

    /// <summary>The broker URLs split out of <see cref="Urls"/>.</summary>
    public IReadOnlyList<string> UrlList() =>
        string.IsNullOrEmpty(Urls) ? [] : Urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Secrets masked, so claims can be logged.</summary>
    public override string ToString() =>
        $"ProvisioningClaims {{ Token = {Mask(Token)}, Secure = {Secure}, Urls = {Urls}, SrvDomain = {SrvDomain}, " +
        $"ProvisionByDefault = {ProvisionByDefault}, BrokerUsername = {BrokerUsername}, BrokerPassword = {Mask(BrokerPassword)}, " +
        $"OrganizationUnit = {OrganizationUnit}, ProtocolV2 = {ProtocolV2}, AllowUpdate = {AllowUpdate}, Id = {Id}, ExpiresAt = {ExpiresAt} }}";

    private static string Mask(string? secret) => string.IsNullOrEmpty(secret) ? "" : "*****";
}
