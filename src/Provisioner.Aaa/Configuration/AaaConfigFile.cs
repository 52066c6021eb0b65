using System.Text.Json;
using System.Text.Json.Serialization;
using Provisioner.Aaa.Login;

namespace Provisioner.Aaa.Configuration;

/// <summary>
/// The aaasvc configuration file as it is written (JSON, snake_case keys), before any check. <see cref="AaaSettings"/>
/// turns it into what the services run with.
/// </summary>
public sealed record AaaConfigFile
{
    [JsonPropertyName("logfile")] public string? Logfile { get; init; }
    [JsonPropertyName("loglevel")] public string? LogLevel { get; init; }
    [JsonPropertyName("choria_config")] public string? ChoriaConfig { get; init; }
    [JsonPropertyName("site")] public string? Site { get; init; }
    [JsonPropertyName("port")] public int Port { get; init; }
    [JsonPropertyName("monitor_port")] public int MonitorPort { get; init; }
    [JsonPropertyName("tls_certificate")] public string? TlsCertificate { get; init; }
    [JsonPropertyName("tls_key")] public string? TlsKey { get; init; }
    [JsonPropertyName("tls_ca")] public string? TlsCa { get; init; }
    [JsonPropertyName("authenticator")] public string? Authenticator { get; init; }
    [JsonPropertyName("signer")] public string? Signer { get; init; }
    [JsonPropertyName("authorizer")] public string? Authorizer { get; init; }
    [JsonPropertyName("auditors")] public IReadOnlyList<string>? Auditors { get; init; }
    [JsonPropertyName("userlist_authenticator")] public UserlistSection? UserlistAuthenticator { get; init; }
    [JsonPropertyName("basicjwt_signer")] public BasicJwtSection? BasicJwtSigner { get; init; }
    [JsonPropertyName("logfile_auditor")] public LogfileAuditorSection? LogfileAuditor { get; init; }
    [JsonPropertyName("jetstream_auditor")] public JsonElement? JetStreamAuditor { get; init; }

    /// <summary>The <c>userlist_authenticator</c> section.</summary>
    public sealed record UserlistSection
    {
        [JsonPropertyName("users")] public IReadOnlyList<UserRecord>? Users { get; init; }
        [JsonPropertyName("users_file")] public string? UsersFile { get; init; }
        [JsonPropertyName("validity")] public string? Validity { get; init; }
        [JsonPropertyName("signing_key")] public string? SigningKey { get; init; }
        [JsonPropertyName("signing_token")] public string? SigningToken { get; init; }
    }

    /// <summary>The <c>basicjwt_signer</c> section.</summary>
    public sealed record BasicJwtSection
    {
        [JsonPropertyName("signing_certificate")] public string? SigningCertificate { get; init; }
        [JsonPropertyName("max_validity")] public string? MaxValidity { get; init; }
        [JsonPropertyName("choria_service")] public bool ChoriaService { get; init; }
        [JsonPropertyName("allow_bearer_tokens")] public bool AllowBearerTokens { get; init; }
        [JsonPropertyName("signing_token")] public string? SigningToken { get; init; }
        [JsonPropertyName("signing_seed")] public string? SigningSeed { get; init; }
    }

    /// <summary>The <c>logfile_auditor</c> section.</summary>
    public sealed record LogfileAuditorSection
    {
        [JsonPropertyName("logfile")] public string? Logfile { get; init; }
    }
}
