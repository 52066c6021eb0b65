namespace Provisioner.Security.Tokens;

/// <summary>
/// The provisioner configuration that shapes server JWTs: <c>server_jwt_validity</c>, the configured
/// <c>collectives</c> (comma list) and <c>plugin.security.provider</c>.
/// </summary>
public sealed record ServerJwtPolicy
{
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(365);

    public TimeSpan Validity { get; init; } = DefaultValidity;
    public string? ConfiguredCollectives { get; init; }
    public string? SecurityProvider { get; init; }
}
