using System.Globalization;
using Akka.Configuration;
using Provisioner.Actors.Cluster;
using Provisioner.Host.Broker;
using Provisioner.Host.Logging;
using Provisioner.Host.Members.Choria;

namespace Provisioner.Host.Members;

/// <summary>
/// Everything a member starts from, typed: its place in the cluster and journal (<see cref="Cluster"/>) and its
/// <c>provisioner { }</c> section (<see cref="Provisioner"/>). <see cref="Resolve(MemberFlags, Func{string, string?})"/>
/// is the one place that applies the precedence: flags, then PROVISIONER_* variables, then the --config files and
/// Choria's files (--choria-config, --choria-client-config; they win over the HOCON files where both set a value),
/// then hocon/.
/// </summary>
public sealed record MemberSettings(ClusterOptions Cluster, ProvisionerSettings Provisioner)
{
    private const string DefaultHostname = "127.0.0.1";
    private const int DefaultPort = 4053;
    private const string HostnameKey = "akka.remote.dot-netty.tcp.hostname";
    private const string PortKey = "akka.remote.dot-netty.tcp.port";
    private const string SeedsKey = "akka.cluster.seed-nodes";
    private const string TlsKey = "provisioner.cluster.tls";

    /// <summary>Reads the --config files and Choria's files and resolves the settings.</summary>
    /// <exception cref="MemberConfigurationException">A missing file or a value that is not what its setting needs.</exception>
    public static MemberSettings Resolve(MemberFlags flags, Func<string, string?> environment)
    {
        var choria = ChoriaProvisionerConfig.None;
        if (flags.ChoriaConfig is not null)
        {
            choria = ChoriaProvisionerYaml.Read(flags.ChoriaConfig);
        }
        if (flags.ChoriaClientConfig is not null)
        {
            choria = choria with { MiddlewareHosts = ChoriaClientConfig.MiddlewareHosts(flags.ChoriaClientConfig) };
        }
        var missing = flags.ConfigFiles.Where(f => !File.Exists(f)).Select(f => $"--config: {Path.GetFullPath(f)} does not exist").ToList();
        if (missing.Count > 0)
        {
            throw new MemberConfigurationException(missing);
        }
        var malformed = flags.ConfigFiles
            .Select(f => HoconSyntaxCheck.FirstProblem(File.ReadAllText(f)) is { } problem ? $"--config: {Path.GetFullPath(f)} {problem}" : null)
            .OfType<string>().ToList();
        if (malformed.Count > 0)
        {
            throw new MemberConfigurationException(malformed);
        }
        // One text, as if the files were one: later files win and may refer to what earlier ones set.
        Config files;
        try
        {
            files = flags.ConfigFiles.Count == 0
                ? Config.Empty
                : ConfigurationFactory.ParseString(string.Join("\n", flags.ConfigFiles.Select(File.ReadAllText)));
        }
        catch (Exception e) when (e is ConfigurationException or FormatException)
        {
            throw new MemberConfigurationException([$"--config: {e.Message.ReplaceLineEndings(" ")}"]);
        }
        return Resolve(flags, environment, files, choria);
    }

    /// <summary>Resolves the settings from flags, environment, the operator's HOCON and Choria's settings already read.</summary>
    public static MemberSettings Resolve(MemberFlags flags, Func<string, string?> environment, Config files, ChoriaProvisionerConfig? choria = null)
    {
        var journal = JournalSettings.Resolve(flags.Database, flags.Connection, environment, files);
        var hocon = ProvisionerConfig.Defaults(journal.Database);
        if (SettingsCheck.Problems(files, hocon) is { Count: > 0 } problems)
        {
            throw new MemberConfigurationException(problems);
        }
        var defaults = files.WithFallback(hocon);
        var tls = ClusterTls(flags, environment, defaults);
        var hostname = flags.Hostname ?? environment(ProvisionerVariables.Hostname) ?? FileString(files, HostnameKey) ?? DefaultHostname;
        var port = Port("cluster port", flags.Port, environment(ProvisionerVariables.Port), FileString(files, PortKey)) ?? DefaultPort;
        IReadOnlyList<string> seeds = flags.Seeds.Count > 0 ? flags.Seeds
            : environment(ProvisionerVariables.Seeds)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : FileSeeds(files) is { Count: > 0 } fromFiles ? fromFiles
            : [ClusterOptions.AddressOf(hostname, port, secure: tls is not null)];
        var cluster = new ClusterOptions(hostname, port, seeds, journal, Overrides: files, Tls: tls);

        var section = (choria ?? ChoriaProvisionerConfig.None).ApplyTo(ProvisionerSettings.From(defaults));
        var provisioner = section with
        {
            Broker = section.Broker with
            {
                Url = flags.NatsUrl ?? environment(ProvisionerVariables.NatsUrl) ?? section.Broker.Url,
                Credentials = WithPassword(section.Broker.Credentials, environment(ProvisionerVariables.NatsPassword)),
            },
            MetricsPort = Port("metrics port", flags.MetricsPort, environment(ProvisionerVariables.MetricsPort), null) ?? section.MetricsPort,
            MetricsBind = flags.MetricsBind ?? environment(ProvisionerVariables.MetricsBind) ?? section.MetricsBind,
            ConsoleBind = flags.Console ?? environment(ProvisionerVariables.Console) ?? section.ConsoleBind,
            WebBind = flags.Web ?? environment(ProvisionerVariables.Web) ?? section.WebBind,
            ConsoleTrustLoopback = Switch(ProvisionerVariables.ConsoleTrustLoopback, environment(ProvisionerVariables.ConsoleTrustLoopback)) ?? section.ConsoleTrustLoopback,
            RequireTokenExpiry = Switch(ProvisionerVariables.RequireTokenExpiry, environment(ProvisionerVariables.RequireTokenExpiry)) ?? section.RequireTokenExpiry,
            Log = new LogSettings(
                ProvisionerSettings.Parsed("--log-level", flags.LogLevel, LogSettings.ParseLevel)
                    ?? ProvisionerSettings.Parsed(ProvisionerVariables.LogLevel, environment(ProvisionerVariables.LogLevel), LogSettings.ParseLevel)
                    ?? section.Log.Level,
                ProvisionerSettings.Parsed("--log-format", flags.LogFormat, LogSettings.ParseFormat)
                    ?? ProvisionerSettings.Parsed(ProvisionerVariables.LogFormat, environment(ProvisionerVariables.LogFormat), LogSettings.ParseFormat)
                    ?? section.Log.Format,
                flags.LogFile ?? environment(ProvisionerVariables.LogFile) ?? section.Log.File),
        };
        return new MemberSettings(cluster, provisioner);
    }

    /// <summary>The password from the environment, else read from <c>provisioner.nats.password-file</c> (one line; its line break is not part of it).</summary>
    private static BrokerCredentials WithPassword(BrokerCredentials credentials, string? environment)
    {
        if (environment is not null)
        {
            return credentials with { Password = environment, PasswordFile = "" };
        }
        if (string.IsNullOrWhiteSpace(credentials.PasswordFile))
        {
            return credentials;
        }
        string text;
        try
        {
            text = File.ReadAllText(credentials.PasswordFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MemberConfigurationException([$"provisioner.nats.password-file: cannot read {credentials.PasswordFile}: {e.Message}"]);
        }
        var password = text.TrimEnd('\r', '\n');
        return password.Length > 0
            ? credentials with { Password = password }
            : throw new MemberConfigurationException([$"provisioner.nats.password-file: {credentials.PasswordFile} is empty"]);
    }

    /// <summary>The cluster TLS files, each from its flag, variable or file; all three or none.</summary>
    private static ClusterTlsFiles? ClusterTls(MemberFlags flags, Func<string, string?> environment, Config config)
    {
        var cert = flags.ClusterTlsCert ?? environment(ProvisionerVariables.ClusterTlsCert) ?? NonEmpty(config.GetString($"{TlsKey}.cert", ""));
        var key = flags.ClusterTlsKey ?? environment(ProvisionerVariables.ClusterTlsKey) ?? NonEmpty(config.GetString($"{TlsKey}.key", ""));
        var ca = flags.ClusterTlsCa ?? environment(ProvisionerVariables.ClusterTlsCa) ?? NonEmpty(config.GetString($"{TlsKey}.ca", ""));
        if (cert is null && key is null && ca is null)
        {
            return null;
        }
        var missing = new[] { ("cert", cert), ("key", key), ("ca", ca) }.Where(s => s.Item2 is null).Select(s => s.Item1).ToList();
        return missing.Count == 0
            ? new ClusterTlsFiles(cert!, key!, ca!)
            : throw new MemberConfigurationException([$"{TlsKey} needs cert, key and ca together; missing: {string.Join(", ", missing)}"]);
    }

    private static string? NonEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string? FileString(Config files, string key) =>
        !files.IsEmpty && files.HasPath(key) ? files.GetString(key) : null;

    private static IReadOnlyList<string> FileSeeds(Config files) =>
        !files.IsEmpty && files.HasPath(SeedsKey) ? files.GetStringList(SeedsKey).ToList() : [];

    /// <summary>An on/off variable, spelled as HOCON spells booleans.</summary>
    private static bool? Switch(string variable, string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "on" or "true" or "yes" => true,
        "off" or "false" or "no" => false,
        _ => throw new MemberConfigurationException([$"{variable} '{text}' is not on or off"]),
    };

    private static int? Port(string setting, int? flag, string? environment, string? file)
    {
        var text = flag?.ToString(CultureInfo.InvariantCulture) ?? environment ?? file;
        if (text is null)
        {
            return null;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new MemberConfigurationException([$"{setting} '{text}' is not a port number"]);
    }
}
