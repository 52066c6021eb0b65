using System.CommandLine;
using System.Net;
using Provisioner.Security.Broker;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner broker ...</c>: sets up the NATS broker the provisioner and the fleet share (operator
/// mode, provisioning and fleet accounts, see docs/broker-security.md).
/// </summary>
public static class BrokerCommands
{
    public static Command Create(CliWriters io)
    {
        var broker = new Command("broker", "Set up the NATS broker (nats-server operator mode) for provisioning.");
        broker.Subcommands.Add(Init(io));
        return broker;
    }

    private static Command Init(CliWriters io)
    {
        var output = new Option<string>("--out") { Description = "Directory to write the config, keys and credentials into (must not hold a broker already).", Required = true };
        var tls = new Option<bool>("--tls") { Description = "Also write a self-signed server certificate and enable TLS on the listener." };
        var port = new Option<int>("--port") { Description = "Client port.", DefaultValueFactory = _ => 4222 };
        var cidrs = new Option<string[]>("--provisioner-cidr")
        {
            Description = "Network the provisioner may connect from (repeatable).",
            DefaultValueFactory = _ => ["127.0.0.1/32"],
        };
        var tlsNames = new Option<string[]>("--tls-name") { Description = "Host name or address for the server certificate (repeatable; default localhost, 127.0.0.1 and this host's name)." };
        var validity = new Option<int>("--validity-days") { Description = "How long the provisioner's and the provisioning-mode credentials last.", DefaultValueFactory = _ => 365 };
        var init = new Command("init", "Write a nats-server config, nkeys (0600), the provisioner's credentials and the provisioning-mode credentials.")
        {
            output, tls, port, cidrs, tlsNames, validity,
        };
        init.SetAction(pr =>
        {
            var days = pr.GetValue(validity);
            var chosenPort = pr.GetValue(port);
            if (days < 1)
            {
                throw new UsageException("--validity-days: must be at least 1");
            }
            if (chosenPort is < 1 or > 65535)
            {
                throw new UsageException("--port: must be 1-65535");
            }
            IReadOnlyList<string> networks;
            try
            {
                networks = ProvisioningAccountUsers.RequireNetworks(pr.GetValue(cidrs) ?? []);
            }
            catch (FormatException e)
            {
                throw new UsageException($"--provisioner-cidr: {e.Message}");
            }
            IReadOnlyList<string>? names = null;
            if (pr.GetValue(tls))
            {
                var given = pr.GetValue(tlsNames) ?? [];
                names = given.Length > 0 ? given : ["localhost", "127.0.0.1", Dns.GetHostName()];
            }
            var directory = pr.GetValue(output)!;
            var existing = BrokerDirectory.FileNames(names is not null).Select(f => Path.Combine(directory, f)).FirstOrDefault(File.Exists);
            if (existing is not null)
            {
                throw new UsageException($"{existing} already exists: refusing to overwrite broker keys; choose an empty --out directory");
            }

            var now = DateTimeOffset.UtcNow;
            var options = new BrokerSetupOptions(networks, TimeSpan.FromDays(days), TimeSpan.FromDays(days));
            using var setup = BrokerSetup.Generate(options, now);
            var written = BrokerDirectory.Write(setup, directory, chosenPort, names, now);
            var manifest = setup.Manifest(chosenPort, names is not null);

            io.Out.WriteLine($"Broker written to {written.Root}");
            io.Out.WriteLine($"  start it:            nats-server -c {written.ConfigFile}");
            io.Out.WriteLine($"  operator:            {manifest.Operator}");
            io.Out.WriteLine($"  provisioning account: {manifest.ProvisioningAccount}");
            io.Out.WriteLine($"  fleet account:       {manifest.FleetAccount} (machine JWTs signed by {manifest.FleetSigningKey})");
            io.Out.WriteLine($"  provisioner:         {written.ProvisionerCredsFile} (user {manifest.ProvisionerUser}, from {string.Join(", ", networks)}, expires {now.AddDays(days):yyyy-MM-dd})");
            io.Out.WriteLine($"  provisioning mode:   {written.ProvisioningModeJwtFile} (shared bearer JWT for provisioning tokens: keep it secret)");
            io.Out.WriteLine($"  machine JWT signer:  {Path.Combine(written.Root, BrokerDirectory.FleetSigningSeedFileName)}");
            if (names is not null)
            {
                io.Out.WriteLine($"  TLS:                 {Path.Combine(written.Root, BrokerDirectory.TlsCertificateFileName)} for {string.Join(", ", names)}");
            }
            io.Out.WriteLine("Seeds and credentials are 0600; none is printed here.");
            return ExitCodes.Ok;
        });
        return init;
    }
}
