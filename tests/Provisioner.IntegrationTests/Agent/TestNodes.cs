using Provisioner.Agent.Fleet;
using Provisioner.Agent.Runtime;
using Provisioner.Security.Pki;

namespace Provisioner.IntegrationTests.Agent;

/// <summary>The two kinds of node the protocol tests run against: the real agent on disk, and one simulated node.</summary>
public enum NodeKind
{
    RealAgent,
    SimulatedNode,
}

/// <summary>A running node of either kind; disposing stops it.</summary>
internal sealed class TestNodeHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private TestNodeHost(string identity, string? configDirectory, Func<CancellationToken, Task> run)
    {
        Identity = identity;
        ConfigDirectory = configDirectory;
        _run = Task.Run(() => run(_stop.Token));
    }

    public string Identity { get; }

    /// <summary>The real agent's directory; null for a simulated node.</summary>
    public string? ConfigDirectory { get; }

    public NodeAgent? Agent { get; private init; }

    public Task<int>? AgentExit { get; private init; }

    public Task<FleetResult>? FleetRun { get; private init; }

    public static TestNodeHost Start(NodeKind kind, ProvisioningToken token, PkiKeyAlgorithm csrKey = PkiKeyAlgorithm.Rsa2048, TimeSpan? aliveInterval = null)
    {
        var name = $"{(kind == NodeKind.RealAgent ? "agent" : "sim")}{Guid.NewGuid():N}"[..16];
        if (kind == NodeKind.RealAgent)
        {
            var directory = Directory.CreateTempSubdirectory("agent-node-").FullName;
            File.WriteAllText(Path.Combine(directory, "provisioning.jwt"), token.Text);
            var identity = $"{name}.example.net";
            var agent = new NodeAgent(new NodeAgentOptions
            {
                ConfigDirectory = directory,
                Identity = identity,
                CsrKeyAlgorithm = csrKey,
                EffectDelay = TimeSpan.FromMilliseconds(200),
                AliveInterval = aliveInterval ?? TimeSpan.FromMinutes(30),
                AliveFirstDelay = aliveInterval is null ? null : TimeSpan.Zero,
            });
            var exit = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            return new TestNodeHost(identity, directory, async stop => exit.TrySetResult(await agent.RunAsync(stop))) { Agent = agent, AgentExit = exit.Task };
        }
        var options = new FleetOptions
        {
            Nodes = 1,
            Token = token.Text,
            IdentityPrefix = name,
            Domain = "example.net",
            Connections = 1,
            RestartDelay = TimeSpan.FromMilliseconds(200),
            Timeout = TimeSpan.FromMinutes(2),
            CsrKeyAlgorithm = csrKey,
        };
        var simulator = new FleetSimulator(options);
        var result = new TaskCompletionSource<FleetResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        return new TestNodeHost(FleetSimulator.IdentityOf(options, 1), null, async stop => result.TrySetResult(await simulator.RunAsync(stop))) { FleetRun = result.Task };
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
        if (ConfigDirectory is not null)
        {
            Directory.Delete(ConfigDirectory, recursive: true);
        }
    }
}
