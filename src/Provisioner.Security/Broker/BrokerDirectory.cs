using System.Text.Json;
using NATS.NKeys;
using Provisioner.Security.Files;

namespace Provisioner.Security.Broker;

/// <summary>
/// The files of a broker set up by <c>provisioner broker init</c>: the nats-server config, the public
/// manifest, the nkey seeds and the provisioner's and provisioning-mode credentials. Secrets are
/// created 0600 and never overwritten.
/// </summary>
public sealed class BrokerDirectory
{
    public const string ConfigFileName = "nats-server.conf";
    public const string ManifestFileName = "broker.json";
    public const string ProvisionerCredsFileName = "provisioner.creds";
    public const string ProvisioningModeJwtFileName = "provisioning-mode.jwt";
    public const string OperatorSeedFileName = "operator.nk";
    public const string SystemAccountSeedFileName = "system-account.nk";
    public const string ProvisioningAccountSeedFileName = "provisioning-account.nk";
    public const string ProvisioningSigningSeedFileName = "provisioning-signing.nk";
    public const string FleetAccountSeedFileName = "fleet-account.nk";
    public const string FleetSigningSeedFileName = "fleet-signing.nk";
    public const string TlsCertificateFileName = "server-cert.pem";
    public const string TlsKeyFileName = "server-key.pem";
    public const string JetStreamDirectoryName = "jetstream";

    private BrokerDirectory(string root) => Root = root;

    /// <summary>The absolute directory.</summary>
    public string Root { get; }

    public string ConfigFile => Path.Combine(Root, ConfigFileName);
    public string ManifestFile => Path.Combine(Root, ManifestFileName);
    public string ProvisionerCredsFile => Path.Combine(Root, ProvisionerCredsFileName);
    public string ProvisioningModeJwtFile => Path.Combine(Root, ProvisioningModeJwtFileName);

    /// <summary>The files <see cref="Write"/> creates (TLS files only with TLS), relative to the root.</summary>
    public static IReadOnlyList<string> FileNames(bool tls) =>
    [
        ConfigFileName, ManifestFileName, ProvisionerCredsFileName, ProvisioningModeJwtFileName, OperatorSeedFileName,
        SystemAccountSeedFileName, ProvisioningAccountSeedFileName, ProvisioningSigningSeedFileName, FleetAccountSeedFileName,
        FleetSigningSeedFileName, .. tls ? new[] { TlsCertificateFileName, TlsKeyFileName } : [],
    ];

    /// <summary>
    /// Writes everything into <paramref name="directory"/> (created if missing); with
    /// <paramref name="tlsNames"/> also a self-signed server certificate for those names. Throws
    /// <see cref="IOException"/> if any of the files already exists, before writing anything.
    /// </summary>
    public static BrokerDirectory Write(BrokerSetup setup, string directory, int port, IReadOnlyList<string>? tlsNames, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var root = Path.GetFullPath(directory);
        var existing = FileNames(tlsNames is not null).Select(f => Path.Combine(root, f)).FirstOrDefault(File.Exists);
        if (existing is not null)
        {
            throw new IOException($"{existing} already exists: refusing to overwrite broker keys; use an empty directory");
        }
        Directory.CreateDirectory(root);
        var jetStream = Path.Combine(root, JetStreamDirectoryName);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(jetStream);
        }
        else
        {
            Directory.CreateDirectory(jetStream, FileModes.PrivateDirectory);
        }
        var result = new BrokerDirectory(root);

        BrokerTlsFiles? tls = null;
        if (tlsNames is not null)
        {
            var (certificate, key) = BrokerTlsCertificate.Create(tlsNames, now, TimeSpan.FromDays(365));
            tls = new BrokerTlsFiles(Path.Combine(root, TlsCertificateFileName), Path.Combine(root, TlsKeyFileName));
            WriteNew(tls.KeyFile, key, FileModes.Secret);
            WriteNew(tls.CertificateFile, certificate, FileModes.Public);
        }
        WriteNew(Path.Combine(root, OperatorSeedFileName), setup.Operator.GetSeed() + "\n", FileModes.Secret);
        WriteNew(Path.Combine(root, SystemAccountSeedFileName), setup.SystemAccount.GetSeed() + "\n", FileModes.Secret);
        WriteNew(Path.Combine(root, ProvisioningAccountSeedFileName), setup.ProvisioningAccount.GetSeed() + "\n", FileModes.Secret);
        WriteNew(Path.Combine(root, ProvisioningSigningSeedFileName), setup.ProvisioningSigner.GetSeed() + "\n", FileModes.Secret);
        WriteNew(Path.Combine(root, FleetAccountSeedFileName), setup.FleetAccount.GetSeed() + "\n", FileModes.Secret);
        WriteNew(Path.Combine(root, FleetSigningSeedFileName), setup.FleetSigner.GetSeed() + "\n", FileModes.Secret);
        WriteNew(result.ProvisionerCredsFile, setup.ProvisionerCredentials.ToCredsFile(), FileModes.Secret);
        WriteNew(result.ProvisioningModeJwtFile, setup.ProvisioningModeJwt + "\n", FileModes.Secret);
        WriteNew(result.ManifestFile, JsonSerializer.Serialize(setup.Manifest(port, tls is not null), BrokerJsonContext.Default.BrokerManifest) + "\n", FileModes.Public);
        WriteNew(result.ConfigFile, NatsServerConfig.Render(setup, port, jetStream, tls), FileModes.Public);
        return result;
    }

    /// <summary>An existing broker directory; throws <see cref="IOException"/> when its manifest is missing.</summary>
    public static BrokerDirectory Open(string directory)
    {
        var result = new BrokerDirectory(Path.GetFullPath(directory));
        if (!File.Exists(result.ManifestFile))
        {
            throw new IOException($"{result.ManifestFile} does not exist: not a broker directory (run `provisioner broker init`)");
        }
        return result;
    }

    /// <summary>The public keys of this broker.</summary>
    public BrokerManifest ReadManifest()
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(ManifestFile), BrokerJsonContext.Default.BrokerManifest)
                ?? throw new FormatException($"{ManifestFile}: empty");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{ManifestFile}: not a broker manifest ({e.Message})");
        }
    }

    /// <summary>The key pair in one of the seed files (e.g. <see cref="FleetSigningSeedFileName"/>); the caller disposes it.</summary>
    public KeyPair ReadSeed(string seedFileName)
    {
        var path = Path.Combine(Root, seedFileName);
        try
        {
            return KeyPair.FromSeed(File.ReadAllText(path).Trim());
        }
        catch (NKeysException)
        {
            throw new FormatException($"{path}: not an nkey seed");
        }
    }

    /// <summary>The provisioner's credentials.</summary>
    public NatsCredentials ReadProvisionerCredentials() => NatsCredentials.Parse(File.ReadAllText(ProvisionerCredsFile));

    /// <summary>The shared bearer JWT of machines in provisioning mode.</summary>
    public string ReadProvisioningModeJwt() => File.ReadAllText(ProvisioningModeJwtFile).Trim();

    private static void WriteNew(string path, string content, UnixFileMode mode) =>
        SecretFile.Write(path, content, mode, SecretFileOptions.CreateNew);
}
