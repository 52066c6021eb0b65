using Provisioner.Messages.Wire;

namespace Provisioner.Agent.Config;

/// <summary>
/// What Choria's <c>choria</c> security provider refuses in a server configuration (choria-v2 §3.3), so that a
/// configuration our agent boots on is one a Choria server would boot on too: the x509-era token keys and anonymous
/// TLS beside it, a server JWT or seed it is not told where to find, an issuer without a public key, and trust given
/// by neither or by both of org issuers and trusted signers. The messages are Choria's.
/// </summary>
public static class ChoriaProviderRules
{
    public const string TrustedSigners = "plugin.security.choria.trusted_signers";
    public const string ServerAnonTls = "plugin.security.server_anon_tls";
    public const string ClientAnonTls = "plugin.security.client_anon_tls";

    /// <summary>The first thing Choria would refuse in <paramref name="config"/>; null when it does not select the <c>choria</c> provider or is fine.</summary>
    /// <exception cref="ServerConfigException">An anonymous TLS setting is not a boolean.</exception>
    public static string? Problem(ServerConfig config)
    {
        if (config.Get(ServerConfigKeys.SecurityProvider) != "choria")
        {
            return null;
        }
        foreach (var key in new[] { ServerConfigKeys.ServerTokenFile, ServerConfigKeys.ServerSeedFile })
        {
            if (config.Get(key) is not null)
            {
                return CannotBeSet(key);
            }
        }
        foreach (var key in new[] { ServerAnonTls, ClientAnonTls })
        {
            if (config.GetBool(key) == true)
            {
                return CannotBeSet(key);
            }
        }
        var issuers = config.GetList(ServerConfigKeys.IssuerNames);
        foreach (var issuer in issuers)
        {
            if (config.Get(ServerConfigKeys.IssuerPublicKey(issuer)) is null)
            {
                return $"could not find option {ServerConfigKeys.IssuerPublicKey(issuer)} while adding issuer {issuer}";
            }
        }
        if (config.Get(ServerConfigKeys.ChoriaTokenFile) is null)
        {
            return "the path to the JWT token is not configured";
        }
        if (config.Get(ServerConfigKeys.ChoriaSeedFile) is null)
        {
            return "the path to the ed25519 seed is not configured";
        }
        var signers = config.GetList(TrustedSigners);
        return (signers.Count, issuers.Count) switch
        {
            (0, 0) => "no trusted token signers or issuers configured",
            ( > 0, > 0) => "can only configure one of trusted token signers or issuers",
            _ => null,
        };
    }

    private static string CannotBeSet(string key) => $"{key} can not be set when the choria security provider is used";
}
