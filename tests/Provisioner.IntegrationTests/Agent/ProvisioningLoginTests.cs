using NATS.Client.Core;
using Provisioner.Actors.Rpc;
using Provisioner.IntegrationTests.Broker;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Agent;

/// <summary>
/// Nodes in provisioning mode log in to the broker as Choria's server does, each way on a real nats-server that
/// accepts nothing else: the whole provisioning JWT as the NATS token, and <c>chusr</c>/<c>chpwd</c> as user and
/// password. Each node holds a token as <c>choria jwt provisioning</c> makes it (RS256, no <c>exp</c>); it has logged
/// in when its startup event arrives and it answers <c>choria_provision#jwt</c> with that token. (The third way, the
/// bearer NATS JWT for the operator-mode broker, is <see cref="LockedDownBrokerTests"/>.)
/// </summary>
public sealed class ProvisioningLoginTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("provisioning-login-").FullName;
    private readonly int _port = FreePort.Next();
    private NatsServerProcess? _server;

    private string Url => $"nats://127.0.0.1:{_port}";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task StartBrokerAsync(string authorization)
    {
        var config = Path.Combine(_dir, "nats-server.conf");
        await File.WriteAllTextAsync(config, authorization);
        _server = await NatsServerProcess.StartAsync(config, _port, jetStreamFlags: false);
    }

    [Theory]
    [InlineData(NodeKind.RealAgent)]
    [InlineData(NodeKind.SimulatedNode)]
    public async Task A_node_logs_in_with_its_whole_provisioning_jwt_as_the_nats_token(NodeKind kind)
    {
        var token = ChoriaCliTokens.WithoutExpiry(ScriptedProvisioner.AgentToken, DateTimeOffset.UtcNow, urls: Url);
        // nats-server takes a token of any length in its configuration; the CONNECT line that carries it is capped
        // by max_control_line (4096 bytes by default), which a Choria token (about 800 characters RS256) stays under.
        await StartBrokerAsync($$"""authorization { token: "{{token}}" }""");
        await Refused(new NatsAuthOpts { Token = token[..^1] });

        await AssertLogsInAndAnswersAsync(kind, token, new NatsAuthOpts { Token = token });
    }

    [Theory]
    [InlineData(NodeKind.RealAgent)]
    [InlineData(NodeKind.SimulatedNode)]
    public async Task A_node_logs_in_with_the_chusr_and_chpwd_of_its_token(NodeKind kind)
    {
        var password = $"pw-{Guid.NewGuid():N}";
        var token = ChoriaCliTokens.WithoutExpiry(ScriptedProvisioner.AgentToken, DateTimeOffset.UtcNow, urls: Url, brokerUser: "provisioning-node", brokerPassword: password);
        var provisionerPassword = $"pw-{Guid.NewGuid():N}";
        await StartBrokerAsync($$"""
            authorization {
              users = [
                { user: "provisioning-node", password: "{{password}}" }
                { user: "provisioner", password: "{{provisionerPassword}}" }
              ]
            }
            """);
        await Refused(new NatsAuthOpts { Token = token });

        await AssertLogsInAndAnswersAsync(kind, token, new NatsAuthOpts { Username = "provisioner", Password = provisionerPassword });
    }

    /// <summary>The broker lets in no one without the credentials under test: not anonymous clients, not <paramref name="wrong"/>.</summary>
    private async Task Refused(NatsAuthOpts wrong)
    {
        Assert.Contains("Authorization Violation", (await BrokerConnection.RefusedAsync(Url, NatsAuthOpts.Default)).ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Authorization Violation", (await BrokerConnection.RefusedAsync(Url, wrong)).ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private async Task AssertLogsInAndAnswersAsync(NodeKind kind, string token, NatsAuthOpts provisionerLogin)
    {
        await using var provisioner = new NatsConnection(BrokerConnection.Options(Url, provisionerLogin));
        await provisioner.ConnectAsync();
        await using var events = await LifecycleWatch.StartAsync(provisioner);
        using var key = TokenVerificationKey.FromRsa(SharedRsaKey.Rsa);

        await using var node = TestNodeHost.Start(kind, new ProvisioningToken(token, key));
        await events.WaitForAsync(node.Identity, LifecycleEventType.Startup, LifecycleComponents.ProvisionModeServer);

        var rpc = new ChoriaRpcClient(provisioner, new ChoriaRpcClientOptions { Identity = "prov.example.net", SeenByUrl = Url });
        var result = await rpc.CallAsync(node.Identity, AgentNames.Provision, "jwt", new JwtRequest(ScriptedProvisioner.AgentToken), TimeSpan.FromSeconds(10));
        Assert.True(result.IsOk, result.Error);
        Assert.Equal(token, result.Read<JwtReply>().Jwt);
    }
}
