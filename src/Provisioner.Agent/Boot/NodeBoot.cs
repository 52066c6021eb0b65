using Provisioner.Agent.Config;
using Provisioner.Agent.Files;
using Provisioner.Messages.Nodes;
using Provisioner.Messages.Wire;
using Provisioner.Security.Keys;
using Provisioner.Security.Tokens;

namespace Provisioner.Agent.Boot;

/// <summary>
/// Decides at boot whether a node provisions, as Choria's server does (spec §6 "Node side"): only a node
/// with a provisioning token can. Without a configuration file it does; otherwise the first of these wins:
/// <c>plugin.choria.server.provision</c> when set, a server JWT naming another identity, the token's <c>chpd</c>. A node headed for provisioned mode
/// heals itself first: a missing, unparsable, mismatched or expired seed or server JWT is deleted and the
/// node provisions again. A node that provisions drops any old credentials, as Choria's boot does. A configuration
/// selecting the <c>choria</c> security provider that Choria would refuse (<see cref="ChoriaProviderRules"/>) stops the boot.
/// </summary>
public static class NodeBoot
{
    /// <summary>Decides the node's mode; with <paramref name="removeStaleCredentials"/> false nothing is deleted (for a status display).</summary>
    /// <exception cref="NodeBootException">The node can neither provision nor run provisioned, or its identity is unusable.</exception>
    public static NodeBootState Decide(
        INodeFileStore files, NodePaths paths, string? identityOverride, TimeProvider clock, Func<string>? hostName = null, bool removeStaleCredentials = true)
    {
        var (tokenText, token, tokenProblem) = ReadToken(files, paths);
        var (config, configProblem) = ReadConfig(files, paths);
        var identity = FirstNonEmpty(identityOverride, config.Get(ServerConfigKeys.Identity)) ?? (hostName ?? DefaultHostName)();
        var identityProblem = NodeIdentity.Problem(identity);
        if (identityProblem is not null)
        {
            throw new NodeBootException($"cannot use identity '{identity}': {identityProblem}");
        }
        // Choria's server does not start on a configuration its choria security provider refuses, whatever the mode.
        string? providerProblem;
        try
        {
            providerProblem = ChoriaProviderRules.Problem(config);
        }
        catch (ServerConfigException e)
        {
            providerProblem = e.Message;
        }
        if (providerProblem is not null)
        {
            throw new NodeBootException($"{paths.ConfigFile}: {providerProblem}");
        }

        if (token is null)
        {
            if (configProblem is not null)
            {
                throw new NodeBootException($"{configProblem}, and provisioning is not possible: {tokenProblem}");
            }
            if (!files.FileExists(paths.ConfigFile))
            {
                throw new NodeBootException($"{paths.ConfigFile} does not exist and provisioning is not possible: {tokenProblem}");
            }
            bool? provision;
            try
            {
                provision = config.GetBool(ServerConfigKeys.Provision);
            }
            catch (ServerConfigException e)
            {
                throw new NodeBootException($"{paths.ConfigFile}: {e.Message}");
            }
            if (provision == true)
            {
                throw new NodeBootException($"{paths.ConfigFile} enables provisioning but provisioning is not possible: {tokenProblem}");
            }
            return new NodeBootState(identity, NodeMode.Provisioned, $"provisioning is not possible ({tokenProblem})", config, null, null, []);
        }

        var (mode, reason) = files.FileExists(paths.ConfigFile)
            ? ChooseMode(files, paths, config, configProblem, identity, token)
            : (NodeMode.Provisioning, $"{paths.ConfigFile} does not exist");
        if (mode == NodeMode.Provisioned)
        {
            var credentialProblem = CredentialProblem(files, paths, config, identity, clock);
            if (credentialProblem is not null)
            {
                mode = NodeMode.Provisioning;
                reason = $"{credentialProblem}; provisioning again";
            }
        }
        var deleted = mode == NodeMode.Provisioning && removeStaleCredentials ? DeleteCredentials(files, paths) : [];
        return new NodeBootState(identity, mode, reason, config, tokenText, token, deleted);
    }

    /// <summary>The mode rule alone, also used by <c>restart</c> to refuse a configuration that would provision again.</summary>
    public static bool EnablesProvisioning(ServerConfig config, ProvisioningClaims? token) =>
        config.GetBool(ServerConfigKeys.Provision) ?? token?.ProvisionByDefault ?? false;

    private static (NodeMode Mode, string Reason) ChooseMode(
        INodeFileStore files, NodePaths paths, ServerConfig config, string? configProblem, string identity, ProvisioningClaims token)
    {
        if (configProblem is not null)
        {
            return (NodeMode.Provisioning, $"{configProblem}; provisioning again");
        }
        bool? setting;
        try
        {
            setting = config.GetBool(ServerConfigKeys.Provision);
        }
        catch (ServerConfigException e)
        {
            return (NodeMode.Provisioning, $"{paths.ConfigFile}: {e.Message}; provisioning again");
        }
        if (setting is { } provision)
        {
            return provision
                ? (NodeMode.Provisioning, $"{ServerConfigKeys.Provision} is true in {paths.ConfigFile}")
                : (NodeMode.Provisioned, $"{ServerConfigKeys.Provision} is false in {paths.ConfigFile}");
        }
        var serverIdentity = ServerJwtIdentity(files, paths);
        if (serverIdentity is not null && serverIdentity != identity)
        {
            return (NodeMode.Provisioning, $"the server JWT names '{serverIdentity}', not '{identity}'");
        }
        return token.ProvisionByDefault
            ? (NodeMode.Provisioning, "the provisioning token provisions by default (chpd)")
            : (NodeMode.Provisioned, "the provisioning token does not provision by default (chpd is false)");
    }

    // Credentials are in use when either file exists or the configuration selects the choria security
    // provider; a node on an x509-only network has neither and needs neither.
    private static string? CredentialProblem(INodeFileStore files, NodePaths paths, ServerConfig config, string identity, TimeProvider clock)
    {
        var seedText = files.ReadText(paths.SeedFile);
        var jwtText = files.ReadText(paths.ServerJwtFile);
        if (seedText is null && jwtText is null && config.Get(ServerConfigKeys.SecurityProvider) != "choria")
        {
            return null;
        }
        if (seedText is null)
        {
            return $"{paths.SeedFile} is missing";
        }
        if (jwtText is null)
        {
            return $"{paths.ServerJwtFile} is missing";
        }
        string publicKey;
        try
        {
            using var seed = Ed25519KeyPair.FromSeedHex(seedText);
            publicKey = seed.PublicKeyHex;
        }
        catch (ArgumentException e)
        {
            return $"{paths.SeedFile} is unusable: {e.Message}";
        }
        ServerClaims claims;
        try
        {
            claims = ServerTokens.ParseUnverified(jwtText.Trim());
        }
        catch (TokenException e)
        {
            return $"{paths.ServerJwtFile} is unusable: {e.Message}";
        }
        if (claims.Identity != identity)
        {
            return $"{paths.ServerJwtFile} is for '{claims.Identity}', not '{identity}'";
        }
        if (!string.Equals(claims.PublicKey, publicKey, StringComparison.OrdinalIgnoreCase))
        {
            return $"{paths.ServerJwtFile} does not hold the public key of {paths.SeedFile}";
        }
        var expiry = claims.ExpiryTime();
        if (expiry is { } expires && clock.GetUtcNow() >= expires)
        {
            return $"{paths.ServerJwtFile} expired at {expires:u}";
        }
        return IssuerProblem(config, claims, jwtText.Trim(), paths, clock);
    }

    // On an issuer network the server JWT must verify with the org issuer of its ou, through the trust chain when the
    // provisioner issued it as a chain issuer, as Choria's choria security provider checks it.
    private static string? IssuerProblem(ServerConfig config, ServerClaims claims, string jwtText, NodePaths paths, TimeProvider clock)
    {
        var names = (config.Get(ServerConfigKeys.IssuerNames) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            return null;
        }
        var ou = string.IsNullOrEmpty(claims.OrganizationUnit) ? "choria" : claims.OrganizationUnit;
        if (!names.Contains(ou, StringComparer.Ordinal) || config.Get(ServerConfigKeys.IssuerPublicKey(ou)) is not { Length: > 0 } issuer)
        {
            return $"{paths.ServerJwtFile} is for ou '{ou}', which has no issuer in {ServerConfigKeys.IssuerNames}";
        }
        try
        {
            using var key = TokenVerificationKey.Parse(issuer, ServerConfigKeys.IssuerPublicKey(ou));
            ServerTokens.Verify(jwtText, key, clock);
            return null;
        }
        catch (TokenException e)
        {
            return $"{paths.ServerJwtFile} does not verify with the {ou} issuer: {e.Message}";
        }
    }

    private static IReadOnlyList<string> DeleteCredentials(INodeFileStore files, NodePaths paths)
    {
        var deleted = new List<string>();
        foreach (var path in new[] { paths.SeedFile, paths.ServerJwtFile, paths.NatsJwtFile })
        {
            if (files.FileExists(path))
            {
                files.Delete(path);
                deleted.Add(path);
            }
        }
        return deleted;
    }

    private static string? ServerJwtIdentity(INodeFileStore files, NodePaths paths)
    {
        var text = files.ReadText(paths.ServerJwtFile);
        if (text is null)
        {
            return null;
        }
        try
        {
            return ServerTokens.ParseUnverified(text.Trim()).Identity;
        }
        catch (TokenException)
        {
            return null;
        }
    }

    private static (string? Text, ProvisioningClaims? Claims, string? Problem) ReadToken(INodeFileStore files, NodePaths paths)
    {
        var text = files.ReadText(paths.TokenFile)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return (null, null, $"no provisioning token in {paths.TokenFile}");
        }
        try
        {
            return (text, ProvisioningTokens.ParseUnverified(text), null);
        }
        catch (TokenException e)
        {
            return (null, null, $"the provisioning token in {paths.TokenFile} is unusable: {e.Message}");
        }
    }

    private static (ServerConfig Config, string? Problem) ReadConfig(INodeFileStore files, NodePaths paths)
    {
        var text = files.ReadText(paths.ConfigFile);
        if (text is null)
        {
            return (ServerConfig.Empty, null);
        }
        try
        {
            return (ServerConfig.Parse(text, paths.ConfigFile), null);
        }
        catch (ServerConfigException e)
        {
            return (ServerConfig.Empty, e.Message);
        }
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    private static string DefaultHostName()
    {
        try
        {
            return System.Net.Dns.GetHostEntry(System.Net.Dns.GetHostName()).HostName;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return System.Net.Dns.GetHostName();
        }
    }
}
