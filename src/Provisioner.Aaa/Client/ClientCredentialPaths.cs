namespace Provisioner.Aaa.Client;

/// <summary>
/// Where a client keeps its login token and seed, as <c>choria login</c> finds them: the token file setting, and the
/// seed file setting or else the token path with its extension replaced by <c>.key</c> (<c>client.jwt</c> gives
/// <c>client.key</c>, <c>token</c> gives <c>token.key</c>).
/// </summary>
public sealed record ClientCredentialPaths(string TokenFile, string SeedFile)
{
    public const string TokenFileKey = "plugin.security.choria.token_file";
    public const string LegacyTokenFileKey = "plugin.choria.security.request_signer.token_file";
    public const string SeedFileKey = "plugin.security.choria.seed_file";
    public const string LegacySeedFileKey = "plugin.choria.security.request_signer.seed_file";
    public const string LoginUrlKey = "plugin.login.aaasvc.login.url";

    /// <summary>The paths from explicit values or a Choria client configuration's settings, explicit values first.</summary>
    /// <exception cref="AaaClientException">No token file is named anywhere.</exception>
    public static ClientCredentialPaths Resolve(string? tokenFile, string? seedFile, IReadOnlyDictionary<string, string>? config = null)
    {
        var token = First(tokenFile, config?.GetValueOrDefault(TokenFileKey), config?.GetValueOrDefault(LegacyTokenFileKey))
            ?? throw new AaaClientException("no token path found: no token file defined");
        var seed = First(seedFile, config?.GetValueOrDefault(SeedFileKey), config?.GetValueOrDefault(LegacySeedFileKey))
            ?? Path.ChangeExtension(token, ".key");
        return new ClientCredentialPaths(token, seed);
    }

    /// <summary>Reads a Choria configuration file's <c>key = value</c> lines (later lines win, <c>#</c> starts a comment).</summary>
    public static IReadOnlyDictionary<string, string> ReadChoriaConfig(string path)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var text = line.Trim();
            var equals = text.IndexOf('=');
            if (!text.StartsWith('#') && equals > 0)
            {
                settings[text[..equals].Trim()] = text[(equals + 1)..].Trim();
            }
        }
        return settings;
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
