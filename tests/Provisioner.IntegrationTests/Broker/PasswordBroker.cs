using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Security.Tokens;
using Provisioner.Testing;

namespace Provisioner.IntegrationTests.Broker;

/// <summary>
/// A nats-server where only user <c>provisioner</c>, with <see cref="Password"/>, may send requests to nodes: a
/// provisioned node shows the member really logged in with it. Machines in provisioning mode log in as Choria's
/// servers do, with their token's chusr/chpwd (<see cref="MachineToken"/>); provisioned ones, without credentials,
/// are the anonymous user.
/// </summary>
public sealed class PasswordBroker : IAsyncDisposable
{
    private const string MachinesUser = "machines";
    private const string MachinesPassword = "m4chines";
    private readonly string _configDirectory;

    private PasswordBroker(NatsServerProcess server, string configDirectory, string password)
    {
        Server = server;
        _configDirectory = configDirectory;
        Password = password;
    }

    public NatsServerProcess Server { get; }

    /// <summary>The provisioner user's password.</summary>
    public string Password { get; }

    public static async Task<PasswordBroker> StartAsync()
    {
        var password = $"pw-{Guid.NewGuid():N}";
        var configDirectory = Directory.CreateTempSubdirectory("password-broker-").FullName;
        var config = Path.Combine(configDirectory, "nats-server.conf");
        const string NoRequests = """permissions: { publish: { deny: ["provisioning.node.>", "provisioning.broadcast.>"] } }""";
        await File.WriteAllTextAsync(config, $$"""
            authorization {
              users = [
                { user: "provisioner", password: "{{password}}" }
                { user: "{{MachinesUser}}", password: "{{MachinesPassword}}", {{NoRequests}} }
                { user: "anonymous", password: "{{Guid.NewGuid():N}}", {{NoRequests}} }
              ]
            }
            no_auth_user: "anonymous"
            """);
        return new PasswordBroker(await NatsServerProcess.StartAsync(config), configDirectory, password);
    }

    /// <summary>A provisioning token of <paramref name="world"/> whose chusr/chpwd log machines in to this broker.</summary>
    public string MachineToken(OnboardingWorld world)
    {
        using var signer = TokenSigningKey.Load(Path.Combine(world.Dir, "provisioning.seed"));
        return ProvisioningTokens.Issue(
            new ProvisioningTokenRequest { Token = OnboardingWorld.AgentToken, Urls = [Server.Url], BrokerUsername = MachinesUser, BrokerPassword = MachinesPassword },
            signer,
            TimeProvider.System);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_configDirectory, recursive: true);
    }
}
