using System.Text.Json;
using NATS.Client.Core;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;
using Provisioner.Security.Pki;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Agent;

/// <summary>The real agent behaves as a Choria server on a real broker: alive events, choria_util#info, seen-by.</summary>
[Collection(NatsServerFixture.Collection)]
public sealed class AgentChoriaServerTests(NatsServerFixture nats) : AgentTestBase(nats)
{
    [Fact]
    public async Task The_agent_says_it_is_alive_on_schedule_and_answers_info_with_its_broker_in_seen_by()
    {
        await using var node = TestNodeHost.Start(NodeKind.RealAgent, Token, PkiKeyAlgorithm.EcdsaP256, aliveInterval: TimeSpan.FromSeconds(1));
        await Events.WaitForAsync(node.Identity, LifecycleEventType.Startup, LifecycleComponents.ProvisionModeServer);

        var alive = await Events.WaitForAsync(node.Identity, LifecycleEventType.Alive, LifecycleComponents.ProvisionModeServer, count: 2);
        var alives = Events.Of(node.Identity).Where(e => e.Type == LifecycleEventType.Alive).ToList();
        Assert.Equal("0.29.4", alive.Version);
        Assert.Equal("choria.lifecycle.event.alive.provision_mode_server", alive.Subject);
        Assert.Equal(alives.Count, alives.Select(e => e.Id).Distinct().Count());

        var requestId = RequestIds.New();
        var request = ChoriaCodec.Default.EncodeRequest(new OutgoingRequest
        {
            Agent = AgentNames.ChoriaUtil,
            Action = "info",
            SenderId = "prov.example.net",
            CallerId = "choria=prov.example.net",
            RequestId = requestId,
        });
        await using var replies = await Connection.SubscribeCoreAsync<byte[]>(Subjects.Reply("choria=prov.example.net", requestId));
        await Connection.PingAsync();
        await Connection.PublishAsync(Subjects.NodeRequest(node.Identity), request);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var message = await replies.Msgs.ReadAsync(wait.Token);

        var reply = ChoriaCodec.Default.DecodeReply(message.Data);
        Assert.Equal([[BrokerUrl, node.Identity, BrokerUrl]], reply.Headers.SeenBy!.Select(h => h.ToArray()).ToArray());
        Assert.Equal(StatusCode.Ok, reply.Body!.StatusCode);
        var data = reply.Body.Data;
        Assert.Equal(BrokerUrl, data.GetProperty("connected_server").GetString());
        Assert.Equal([BrokerUrl], data.GetProperty("client_options").GetProperty("servers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal($"provisioning {node.Identity}", data.GetProperty("client_options").GetProperty("name").GetString());
        Assert.Equal([new Uri(BrokerUrl).Host + ":" + new Uri(BrokerUrl).Port], data.GetProperty("middleware_servers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("choria 0.29.4", data.GetProperty("choria_version").GetString());
        Assert.False(data.GetProperty("secure_protocol").GetBoolean());
        Assert.False(data.GetProperty("using_srv").GetBoolean());
    }
}
