using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Provisioner.Agent.Config;
using Provisioner.Agent.Files;
using Provisioner.Security.Broker;
using Provisioner.Security.Tokens;

namespace Provisioner.Agent.Renewal;

/// <summary>
/// The lifetimes of the credentials a provisioned node holds: its server JWT (<c>iat</c>..<c>exp</c>/<c>issexp</c>), its NATS
/// credentials (<c>iat</c>..<c>exp</c>) and its certificate (not before..not after, so a CA's backdating for clock skew counts
/// as lifetime, as cert-manager counts it). A credential without an expiry, or that
/// cannot be read, has no lifetime to renew within and is left out: boot already heals unusable ones.
/// </summary>
public static class CredentialLifetimes
{
    public static IReadOnlyList<CredentialLifetime> Read(INodeFileStore files, NodePaths paths, ServerConfig config)
    {
        var found = new List<CredentialLifetime>();
        if (files.ReadText(paths.ServerJwtFile) is { } serverJwt)
        {
            try
            {
                var claims = ServerTokens.ParseUnverified(serverJwt.Trim());
                if (claims.IssuedAt is { } iat && claims.ExpiryTime() is { } expires)
                {
                    found.Add(new(Path.GetFileName(paths.ServerJwtFile), DateTimeOffset.FromUnixTimeSeconds(iat), expires));
                }
            }
            catch (TokenException)
            {
            }
        }
        if (files.ReadText(paths.NatsJwtFile) is { } natsJwt)
        {
            try
            {
                var claims = NatsJwt.ReadVerified(natsJwt.Trim());
                if (claims.TryGetProperty("iat", out var iat) && iat.TryGetInt64(out var issued)
                    && claims.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var expires))
                {
                    found.Add(new(Path.GetFileName(paths.NatsJwtFile), DateTimeOffset.FromUnixTimeSeconds(issued), DateTimeOffset.FromUnixTimeSeconds(expires)));
                }
            }
            catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
            {
            }
        }
        var certificateFile = Path.Combine(paths.SslDirectory(config), "certificate.pem");
        if (files.ReadText(certificateFile) is { } pem)
        {
            try
            {
                using var certificate = X509Certificate2.CreateFromPem(pem);
                found.Add(new(Path.GetFileName(certificateFile), new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime())));
            }
            catch (CryptographicException)
            {
            }
        }
        return [.. found.Where(c => c.Lifetime > TimeSpan.Zero)];
    }
}
