using NATS.Client.Core;
using NATS.Client.JetStream;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Broker;

[Collection(NatsServerFixture.Collection)]
public sealed class NatsServerFixtureTests(NatsServerFixture nats)
{
    [Fact]
    public async Task Real_server_delivers_a_published_message_to_a_subscriber()
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url });
        await connection.ConnectAsync();
        var subscription = await connection.SubscribeCoreAsync<string>("fixture.check");
        await connection.PublishAsync("fixture.check", "hello");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var message = await subscription.Msgs.ReadAsync(cts.Token);
        Assert.Equal("hello", message.Data);
    }

    [Fact]
    public async Task Real_server_has_jetstream_enabled()
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url });
        var js = new NatsJSContext(connection);
        var info = await js.GetAccountInfoAsync();
        Assert.NotNull(info);
    }

    [Fact]
    public async Task Server_started_separately_is_gone_after_dispose()
    {
        var server = await NatsServerProcess.StartAsync();
        var pid = server.Pid;
        await server.DisposeAsync();
        Assert.False(File.Exists($"/proc/{pid}/status") && !File.ReadAllText($"/proc/{pid}/status").Contains("zombie"),
            $"nats-server pid {pid} still runs after dispose");
    }
}
