using Xunit;

namespace Provisioner.Testing;

/// <summary>
/// One real nats-server shared by every test in a collection. Each test project declares
/// <c>[CollectionDefinition(NatsServerFixture.Collection)] class NatsCollection : ICollectionFixture&lt;NatsServerFixture&gt;</c>.
/// </summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    public const string Collection = "nats-server";

    private NatsServerProcess? _server;

    public NatsServerProcess Server => _server ?? throw new InvalidOperationException("nats-server fixture is not started");
    public string Url => Server.Url;

    public async Task InitializeAsync() => _server = await NatsServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
