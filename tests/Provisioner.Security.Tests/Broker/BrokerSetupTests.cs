using System.Text.Json;
using NATS.NKeys;
using Provisioner.Messages.Wire;
using Provisioner.Security.Broker;
using Xunit;

namespace Provisioner.Security.Tests.Broker;

public sealed class BrokerSetupTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private static IEnumerable<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString());

    [Fact]
    public void Accounts_are_signed_by_the_operator_with_every_limit_explicit()
    {
        using var setup = BrokerSetup.Generate(BrokerSetupOptions.Default, Now);

        foreach (var jwt in new[] { setup.SystemAccountJwt, setup.ProvisioningAccountJwt, setup.FleetAccountJwt })
        {
            var claims = NatsJwt.ReadVerified(jwt);
            Assert.Equal(setup.Operator.GetPublicKey(), claims.GetProperty("iss").GetString());
            var limits = claims.GetProperty("nats").GetProperty("limits");
            foreach (var name in new[] { "subs", "data", "payload", "imports", "exports", "conn", "leaf" })
            {
                Assert.Equal(-1, limits.GetProperty(name).GetInt64());
            }
            Assert.True(limits.GetProperty("wildcards").GetBoolean());
        }
        Assert.Equal(setup.SystemAccount.GetPublicKey(), NatsJwt.ReadVerified(setup.OperatorJwt).GetProperty("nats").GetProperty("system_account").GetString());
    }

    [Fact]
    public void Provisioning_account_exports_lifecycle_events_that_the_fleet_account_imports()
    {
        using var setup = BrokerSetup.Generate(BrokerSetupOptions.Default, Now);

        var provisioning = NatsJwt.ReadVerified(setup.ProvisioningAccountJwt).GetProperty("nats");
        var fleet = NatsJwt.ReadVerified(setup.FleetAccountJwt).GetProperty("nats");

        var export = Assert.Single(provisioning.GetProperty("exports").EnumerateArray());
        Assert.Equal("choria.lifecycle.>", export.GetProperty("subject").GetString());
        Assert.Equal("stream", export.GetProperty("type").GetString());
        var import = Assert.Single(fleet.GetProperty("imports").EnumerateArray());
        Assert.Equal("choria.lifecycle.>", import.GetProperty("subject").GetString());
        Assert.Equal(setup.ProvisioningAccount.GetPublicKey(), import.GetProperty("account").GetString());
        Assert.False(provisioning.TryGetProperty("imports", out _));
        Assert.Equal([setup.FleetSigner.GetPublicKey()], Strings(fleet.GetProperty("signing_keys")));
    }

    [Fact]
    public void Provisioning_mode_bearer_may_use_only_choria_provisioning_subjects()
    {
        using var setup = BrokerSetup.Generate(BrokerSetupOptions.Default, Now);

        var claims = NatsJwt.ReadVerified(setup.ProvisioningModeJwt);
        var nats = claims.GetProperty("nats");

        Assert.True(nats.GetProperty("bearer_token").GetBoolean());
        Assert.Equal(setup.ProvisioningSigner.GetPublicKey(), claims.GetProperty("iss").GetString());
        Assert.Equal(setup.ProvisioningAccount.GetPublicKey(), nats.GetProperty("issuer_account").GetString());
        Assert.Equal(ProvisioningModeSubjects.Subscribe, Strings(nats.GetProperty("sub").GetProperty("allow")));
        Assert.Equal(["choria.lifecycle.>", "provisioning.reply.>", "provisioning.registration.>"], Strings(nats.GetProperty("pub").GetProperty("allow")));
        Assert.Equal(Now.AddDays(365).ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
    }

    [Fact]
    public void Provisioner_is_bound_to_its_own_key_and_networks_without_subject_limits()
    {
        var options = BrokerSetupOptions.Default with { ProvisionerNetworks = ["10.1.0.0/16", "127.0.0.1/32"], ProvisionerValidity = TimeSpan.FromDays(30) };
        using var setup = BrokerSetup.Generate(options, Now);

        var claims = NatsJwt.ReadVerified(setup.ProvisionerCredentials.Jwt);
        var nats = claims.GetProperty("nats");

        Assert.Equal(setup.Provisioner.GetPublicKey(), claims.GetProperty("sub").GetString());
        using (var fromSeed = KeyPair.FromSeed(setup.ProvisionerCredentials.Seed))
        {
            Assert.Equal(setup.Provisioner.GetPublicKey(), fromSeed.GetPublicKey());
        }
        Assert.Equal("provisioner", claims.GetProperty("name").GetString());
        Assert.Equal(["10.1.0.0/16", "127.0.0.1/32"], Strings(nats.GetProperty("src")));
        Assert.Equal(Now.AddDays(30).ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
        Assert.False(nats.TryGetProperty("pub", out _));
        Assert.False(nats.TryGetProperty("sub", out _));
        Assert.False(nats.TryGetProperty("bearer_token", out _));
        Assert.NotEqual(setup.ProvisioningSigner.GetPublicKey(), claims.GetProperty("iss").GetString());
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("300.0.0.0/8")]
    public void Rejects_a_provisioner_network_that_is_not_a_cidr(string network)
    {
        var error = Assert.Throws<FormatException>(() => BrokerSetup.Generate(BrokerSetupOptions.Default with { ProvisionerNetworks = [network] }, Now));

        Assert.Contains(network, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_config_uses_a_memory_resolver_preloaded_with_every_account_and_no_config_users()
    {
        using var setup = BrokerSetup.Generate(BrokerSetupOptions.Default, Now);

        var config = NatsServerConfig.Render(setup, 4222, "/var/lib/nats", new BrokerTlsFiles("/etc/nats/cert.pem", "/etc/nats/key.pem"));

        Assert.Contains("resolver: MEMORY", config, StringComparison.Ordinal);
        Assert.Contains($"operator: \"{setup.OperatorJwt}\"", config, StringComparison.Ordinal);
        Assert.Contains($"system_account: \"{setup.SystemAccount.GetPublicKey()}\"", config, StringComparison.Ordinal);
        Assert.Contains($"{setup.SystemAccount.GetPublicKey()}: \"{setup.SystemAccountJwt}\"", config, StringComparison.Ordinal);
        Assert.Contains($"{setup.ProvisioningAccount.GetPublicKey()}: \"{setup.ProvisioningAccountJwt}\"", config, StringComparison.Ordinal);
        Assert.Contains($"{setup.FleetAccount.GetPublicKey()}: \"{setup.FleetAccountJwt}\"", config, StringComparison.Ordinal);
        Assert.Contains("cert_file: \"/etc/nats/cert.pem\"", config, StringComparison.Ordinal);
        Assert.DoesNotContain("users:", config, StringComparison.Ordinal);
        Assert.DoesNotContain("authorization", config, StringComparison.Ordinal);
        Assert.DoesNotContain("password", config, StringComparison.Ordinal);
        Assert.DoesNotContain(setup.FleetSigner.GetSeed(), config, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_holds_public_keys_only()
    {
        using var setup = BrokerSetup.Generate(BrokerSetupOptions.Default, Now);

        var manifest = setup.Manifest(4222, tls: false);

        Assert.Equal(setup.FleetSigner.GetPublicKey(), manifest.FleetSigningKey);
        Assert.Equal(setup.FleetAccount.GetPublicKey(), manifest.FleetAccount);
        Assert.All(new[] { manifest.Operator, manifest.SystemAccount, manifest.ProvisioningAccount, manifest.ProvisioningSigningKey, manifest.FleetAccount, manifest.FleetSigningKey, manifest.ProvisionerUser },
            key => Assert.False(key.StartsWith('S')));
    }
}
