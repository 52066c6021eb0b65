using System.Text;

namespace Provisioner.Security.Broker;

/// <summary>
/// Renders the nats-server configuration for a <see cref="BrokerSetup"/>: operator mode with every
/// account JWT preloaded into a memory resolver, so the file is self-contained. Users are never
/// listed: in operator mode 2.9.10 refuses to start with config-file users.
/// </summary>
public static class NatsServerConfig
{
    /// <summary>The config text; paths must be absolute because nats-server resolves them from its working directory.</summary>
    public static string Render(BrokerSetup setup, int port, string jetStreamDirectory, BrokerTlsFiles? tls)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "port: must be 1-65535");
        }
        var text = new StringBuilder();
        text.Append("# nats-server configuration written by `provisioner broker init`.\n");
        text.Append("# Operator mode: accounts come from the JWTs below; users present JWTs signed by account keys.\n");
        text.Append("port: ").Append(port).Append('\n');
        text.Append("operator: ").Append(Quote(setup.OperatorJwt)).Append('\n');
        text.Append("system_account: ").Append(Quote(setup.SystemAccount.GetPublicKey())).Append('\n');
        text.Append("resolver: MEMORY\n");
        text.Append("resolver_preload: {\n");
        Preload(text, "SYS", setup.SystemAccount.GetPublicKey(), setup.SystemAccountJwt);
        Preload(text, "PROVISIONING: machines in provisioning mode and the provisioner", setup.ProvisioningAccount.GetPublicKey(), setup.ProvisioningAccountJwt);
        Preload(text, "FLEET: provisioned machines", setup.FleetAccount.GetPublicKey(), setup.FleetAccountJwt);
        text.Append("}\n");
        text.Append("jetstream: {\n  store_dir: ").Append(Quote(jetStreamDirectory)).Append("\n}\n");
        if (tls is not null)
        {
            text.Append("tls: {\n");
            text.Append("  cert_file: ").Append(Quote(tls.CertificateFile)).Append('\n');
            text.Append("  key_file: ").Append(Quote(tls.KeyFile)).Append('\n');
            text.Append("  timeout: 5\n");
            text.Append("}\n");
        }
        return text.ToString();
    }

    private static void Preload(StringBuilder text, string comment, string account, string jwt) =>
        text.Append("  # ").Append(comment).Append('\n').Append("  ").Append(account).Append(": ").Append(Quote(jwt)).Append('\n');

    private static string Quote(string value)
    {
        if (value.Contains('"') || value.Contains('\\') || value.Contains('\n'))
        {
            throw new ArgumentException($"'{value}' cannot be written as a nats-server config string");
        }
        return "\"" + value + "\"";
    }
}
