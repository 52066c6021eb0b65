using System.Globalization;
using Provisioner.Actors.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Provisioner.Host.Members.Choria;

/// <summary>
/// Reads Choria's provisioner configuration (<c>choria-provisioner.yaml</c>) into a <see cref="ChoriaProvisionerConfig"/>,
/// every key with Choria's meaning. Choria ignores keys it does not know; here an unknown key is refused by name, so a
/// typo cannot silently leave a default in place. A key whose behaviour this provisioner lacks is refused with
/// <see cref="NotSupported"/> unless its value is one the provisioner already behaves as (docs/choria-compatibility.md).
/// </summary>
public static class ChoriaProvisionerYaml
{
    /// <summary>The flag the file comes from, naming it in problems about the file as a whole.</summary>
    public const string Flag = "--choria-config";

    /// <summary>Choria's shortest discovery interval.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);

    /// <summary>The problem reported for a setting whose behaviour is not here yet.</summary>
    public static string NotSupported(string key) => $"{key}: not supported yet (see docs/choria-compatibility.md)";

    /// <summary>What a Choria file that sets nothing means: Choria's defaults where they differ from ours (every feature off).</summary>
    public static ChoriaProvisionerConfig ChoriaDefaults { get; } = new() { Features = [] };


    private delegate ChoriaProvisionerConfig Setting(ChoriaProvisionerConfig config, string key, YamlNode value, List<string> problems);

    private static readonly Dictionary<string, Setting> Settings = new(StringComparer.Ordinal)
    {
        ["workers"] = (c, k, v, p) => Count(k, v, p) is { } n ? c with { Workers = n } : c,
        ["interval"] = (c, k, v, p) => Interval(k, v, p) is { } d ? c with { Interval = d } : c,
        ["helper"] = (c, k, v, p) => Text(k, v, p) is { } s ? c with { Helper = s } : c,
        ["token"] = (c, k, v, p) => Text(k, v, p) is { } s ? c with { Token = s } : c,
        ["site"] = (c, k, v, p) => Text(k, v, p) is { } s ? c with { Site = s } : c,
        ["monitor_port"] = (c, k, v, p) => Port(k, v, p) is { } n ? c with { MonitorPort = n } : c,
        ["broker_provisioning_password"] = (c, k, v, p) => Text(k, v, p) is { Length: > 0 } s ? c with { BrokerProvisioningPassword = s } : c,
        ["jwt_verify_cert"] = (c, k, v, p) => Text(k, v, p) is { } s ? c with { JwtVerifyCert = s } : c,
        ["jwt_signing_key"] = (c, k, v, p) => Text(k, v, p) is { } s ? c with { JwtSigningKey = s } : c,
        ["jwt_signing_token"] = (c, k, v, p) => Text(k, v, p) is { Length: > 0 } s ? c with { JwtSigningToken = s } : c,
        ["server_jwt_validity"] = (c, k, v, p) => Duration(k, v, p) is { } d ? c with { ServerJwtValidity = d } : c,
        // Choria falls back to its default list when the list is empty; that default is ours too.
        ["cert_deny_list"] = (c, k, v, p) => TextList(k, v, p) is { Count: > 0 } l ? c with { CertDenyList = l } : c,
        ["lifecycle_component"] = (c, k, v, p) => Text(k, v, p) is { Length: > 0 } s ? c with { LifecycleComponent = s } : c,
        // The member's provisioner.log.file and .level; Choria's /dev/stdout is the member's own stream.
        ["logfile"] = (c, k, v, p) => Text(k, v, p) is { } s ? c with { LogFile = s is "/dev/stdout" ? "" : s } : c,
        ["loglevel"] = (c, k, v, p) => LogLevel(k, v, p) is { } l ? c with { LogLevel = l } : c,
        ["upgrades_repository"] = (c, k, v, p) => Text(k, v, p) is { } s ? c with { UpgradesRepository = s } : c,
        ["upgrades_optional"] = (c, k, v, p) => Switch(k, v, p) is { } on ? c with { UpgradesOptional = on } : c,
        // A cluster always has exactly one provisioning leader; without election Choria's instances share the fleet
        // through the node's provisioning lock, which a single leader never contends for: both values hold.
        ["leader_election"] = (c, k, v, p) => { Switch(k, v, p); return c; },
        // Requests always go with protocol security off, which provisioning-mode servers accept; broker TLS is
        // provisioner.nats.tls and the URL's scheme.
        ["choria_insecure"] = (c, k, v, p) => { Switch(k, v, p); return c; },
        // Parsed and never used by Choria.
        ["broker_port"] = (c, k, v, p) => { Port(k, v, p); return c; },
        ["rego_policy"] = (c, k, v, p) => { Text(k, v, p); return c; },
        ["features"] = Features,
    };

    /// <summary>The file's settings, or every problem found in it.</summary>
    /// <exception cref="MemberConfigurationException">The file is missing, is not YAML, or has keys or values Choria's meaning does not allow here.</exception>
    public static ChoriaProvisionerConfig Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new MemberConfigurationException([$"{Flag}: {Path.GetFullPath(path)} does not exist"]);
        }
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(File.ReadAllText(path));
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new MemberConfigurationException([$"{Flag}: {Path.GetFullPath(path)} is not YAML: line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}"]);
        }
        if (stream.Documents.Count == 0)
        {
            return ChoriaDefaults;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new MemberConfigurationException([$"{Flag}: {Path.GetFullPath(path)} must be a mapping of settings"]);
        }
        var problems = new List<string>();
        var config = ChoriaProvisionerConfig.None;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((keyNode as YamlScalarNode)?.Value) ?? keyNode.ToString();
            config = Settings.TryGetValue(key, out var setting)
                ? setting(config, key, value, problems)
                : Unknown(config, key, problems);
        }
        // A file without features runs none of Choria's optional steps, as Choria's defaults are all off.
        config = config.Features is null ? config with { Features = ChoriaDefaults.Features } : config;
        return problems.Count == 0 ? config : throw new MemberConfigurationException(problems);
    }

    private static ChoriaProvisionerConfig Unknown(ChoriaProvisionerConfig config, string key, List<string> problems)
    {
        problems.Add($"{key}: not a Choria provisioner setting");
        return config;
    }

    /// <summary>
    /// Choria's <c>features</c> map: the names switched on become <c>provisioner.features</c>, under Choria's rules
    /// (<c>pki</c> and <c>ed25519</c> exclude each other, <c>ed25519</c> turns <c>jwt</c> on). Our extension of running
    /// both is for HOCON only: a Choria file means Choria's rule.
    /// </summary>
    private static ChoriaProvisionerConfig Features(ChoriaProvisionerConfig config, string key, YamlNode value, List<string> problems)
    {
        if (IsNull(value))
        {
            return config with { Features = ChoriaDefaults.Features };
        }
        if (value is not YamlMappingNode features)
        {
            problems.Add($"{key}: is not a mapping of features");
            return config;
        }
        var on = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (nameNode, switchNode) in features.Children)
        {
            var feature = (nameNode as YamlScalarNode)?.Value ?? nameNode.ToString();
            if (!ProvisioningFeatures.Names.Contains(feature))
            {
                Unknown(config, $"{key}.{feature}", problems);
            }
            else if (Switch($"{key}.{feature}", switchNode, problems) is true)
            {
                on.Add(feature);
            }
        }
        if (on.Contains("pki") && on.Contains("ed25519"))
        {
            problems.Add($"{key}: can only enable one of pki or ed25519 features");
        }
        return config with { Features = ProvisioningFeatures.Names.Where(on.Contains).ToArray() };
    }

    /// <summary>A setting this provisioner does not carry: accepted when <paramref name="held"/> says its value is how the provisioner already behaves.</summary>
    private static ChoriaProvisionerConfig AcceptText(string key, YamlNode value, List<string> problems, Func<string, bool> held, ChoriaProvisionerConfig config)
    {
        if (Text(key, value, problems) is { } text && !held(text))
        {
            problems.Add(NotSupported(key));
        }
        return config;
    }

    /// <summary>An on/off setting this provisioner does not carry: accepted when <paramref name="held"/> says its value is how the provisioner already behaves.</summary>
    private static ChoriaProvisionerConfig AcceptSwitch(string key, YamlNode value, List<string> problems, Func<bool, bool> held, ChoriaProvisionerConfig config)
    {
        if (Switch(key, value, problems) is { } on && !held(on))
        {
            problems.Add(NotSupported(key));
        }
        return config;
    }

    private static bool IsNull(YamlNode value) =>
        value is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string? Text(string key, YamlNode value, List<string> problems)
    {
        if (IsNull(value))
        {
            return null;
        }
        if (value is YamlScalarNode { Value: { } text })
        {
            return text;
        }
        problems.Add($"{key}: is not a single value");
        return null;
    }

    private static IReadOnlyList<string>? TextList(string key, YamlNode value, List<string> problems)
    {
        if (IsNull(value))
        {
            return null;
        }
        if (value is YamlSequenceNode items && items.All(i => i is YamlScalarNode { Value: not null }))
        {
            return items.Select(i => ((YamlScalarNode)i).Value!).ToList();
        }
        problems.Add($"{key}: is not a list of strings");
        return null;
    }

    private static bool? Switch(string key, YamlNode value, List<string> problems)
    {
        var text = Text(key, value, problems);
        // YAML 1.1 booleans, as Choria's YAML reader takes them.
        switch (text?.ToLowerInvariant())
        {
            case null:
                return null;
            case "true" or "yes" or "on" when value is YamlScalarNode { Style: ScalarStyle.Plain }:
                return true;
            case "false" or "no" or "off" when value is YamlScalarNode { Style: ScalarStyle.Plain }:
                return false;
            default:
                problems.Add($"{key}: '{text}' is not true or false");
                return null;
        }
    }

    private static int? Number(string key, YamlNode value, List<string> problems, int max, string what)
    {
        var text = Text(key, value, problems);
        if (text is null)
        {
            return null;
        }
        if (value is YamlScalarNode { Style: ScalarStyle.Plain }
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= max)
        {
            return number;
        }
        problems.Add($"{key}: '{text}' is not {what}");
        return null;
    }

    private static int? Count(string key, YamlNode value, List<string> problems) =>
        Number(key, value, problems, int.MaxValue, "a whole number of 0 or more");

    private static int? Port(string key, YamlNode value, List<string> problems) =>
        Number(key, value, problems, 65535, "a port number");

    private static TimeSpan? Duration(string key, YamlNode value, List<string> problems)
    {
        var text = Text(key, value, problems);
        if (text is null)
        {
            return null;
        }
        if (ChoriaDuration.Parse(text) is { } duration)
        {
            return duration;
        }
        problems.Add($"{key}: '{text}' is not a duration such as 90s, 10m, 1h, 1d, 1w or 1y");
        return null;
    }

    private static Microsoft.Extensions.Logging.LogLevel? LogLevel(string key, YamlNode value, List<string> problems)
    {
        var text = Text(key, value, problems);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        try
        {
            return Logging.LogSettings.ParseLevel(text);
        }
        catch (FormatException e)
        {
            problems.Add($"{key}: {e.Message}");
            return null;
        }
    }

    private static TimeSpan? Interval(string key, YamlNode value, List<string> problems)
    {
        var interval = Duration(key, value, problems);
        if (interval < MinimumInterval)
        {
            problems.Add($"{key}: '{((YamlScalarNode)value).Value}' is shorter than the minimum of 1m");
            return null;
        }
        return interval;
    }
}
