using System.Runtime.Versioning;
using Provisioner.IntegrationTests.Broker;
using Provisioner.IntegrationTests.Cluster;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Onboarding;

/// <summary>
/// A member process whose provisioner settings come only from Choria's files, as an estate has them: the provisioner's
/// YAML (helper, token, keys, broker_provisioning_password) and a client configuration naming the broker. The
/// nats-server lets only user <c>provisioner</c> with that password send requests to nodes, so a provisioned fleet
/// shows the YAML's password reached the broker login.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ChoriaConfigOnboardingTests : IAsyncLifetime
{
    private PasswordBroker _broker = null!;
    private OnboardingWorld _world = null!;

    public async Task InitializeAsync()
    {
        _broker = await PasswordBroker.StartAsync();
        _world = new OnboardingWorld(_broker.Server.Url);
    }

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task A_member_started_from_choria_provisioner_yaml_provisions_a_simulated_fleet()
    {
        var helper = Path.Combine(_world.Dir, "helper.sh");
        await File.WriteAllTextAsync(helper, """
            #!/bin/sh
            cat >/dev/null
            echo '{"configuration":{"plugin.choria.server.provision":"false","plugin.choria.srv_domain":"choria.example.net"}}'
            """);
        File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var yaml = Path.Combine(_world.Dir, "choria-provisioner.yaml");
        await File.WriteAllTextAsync(yaml, $"""
            workers: 4
            interval: 1m
            logfile: /dev/stdout
            loglevel: info
            helper: {helper}
            token: {OnboardingWorld.AgentToken}
            site: choria-estate
            choria_insecure: true
            broker_provisioning_password: {_broker.Password}
            jwt_verify_cert: {await File.ReadAllTextAsync(Path.Combine(_world.Dir, "provisioning.pub"))}
            jwt_signing_key: {Path.Combine(_world.Dir, "server-jwt.seed")}
            leader_election: true
            features:
              jwt: true
              ed25519: true
            """);
        var client = Path.Combine(_world.Dir, "choria.conf");
        await File.WriteAllTextAsync(client, $"plugin.choria.middleware_hosts = {new Uri(_broker.Server.Url).Authority}\n");

        await using var member = await MemberProcess.StartAsync(["--choria-config", yaml, "--choria-client-config", client], "sqlite", _world.JournalConnection, []);
        var result = await _world.RunFleetAsync(5, "estate", _broker.MachineToken(_world));

        Assert.True(result.AllProvisioned, result.SummaryLine + "\n" + member.Output);
        await Eventually.TrueAsync(async () => (await _world.JournalAsync("estate")).Count(r => r.FinalStage == NodeStage.Provisioned) == 5, TimeSpan.FromMinutes(1));
        var journal = await _world.JournalAsync("estate");
        Assert.All(journal, r => Assert.Single(r.JwtIds));
        await member.StopAsync();
        Assert.DoesNotContain(_broker.Password, member.Output);
    }
}
