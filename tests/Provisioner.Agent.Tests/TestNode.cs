using System.Text.Json;
using Provisioner.Agent.Actions;
using Provisioner.Agent.Boot;
using Provisioner.Agent.Config;
using Provisioner.Agent.Files;
using Provisioner.Agent.Runtime;
using Provisioner.Messages.Wire;
using Provisioner.Security.Files;
using Provisioner.Security.Pki;
using Provisioner.Testing;

namespace Provisioner.Agent.Tests;

/// <summary>A node over an in-memory file store, booted from whatever files the test put there.</summary>
internal sealed class TestNode : IDisposable
{
    public const string Identity = "n1.example.net";
    public const string Provisioner = "prov.example.net";
    public const string CallerId = "choria=prov.example.net";

    public TestNode(MemoryFileStore? files = null, string? token = null, ManualClock? clock = null, IActionFaults? faults = null, bool writeToken = true)
    {
        Files = files ?? new MemoryFileStore();
        Clock = clock ?? new ManualClock();
        if (writeToken && !Files.FileExists(Paths.TokenFile))
        {
            Files.WriteText(Paths.TokenFile, token ?? TestTokens.Provisioning(), FileModes.Public);
        }
        Boot = NodeBoot.Decide(Files, Paths, Identity, Clock);
        Context = new NodeContext
        {
            Files = Files,
            Paths = Paths,
            Boot = Boot,
            CsrKeyAlgorithm = PkiKeyAlgorithm.EcdsaP256,
            Clock = Clock,
            Faults = faults ?? ActionFaults.None,
        };
        Runtime = new NodeRuntime(Context, new ChoriaCodec(Clock));
    }

    public const string BrokerUrl = "nats://broker.example.net:4222";

    public static NodePaths Paths { get; } = new("/etc/choria");

    /// <summary>A provisioning-mode connection to <see cref="BrokerUrl"/>, as NodeConnectionOptions sets one up.</summary>
    public static BrokerConnection Broker { get; } = new(
        BrokerUrl, [BrokerUrl], $"provisioning {Identity}", false, false, -1,
        TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2), 2, null);

    public MemoryFileStore Files { get; }
    public ManualClock Clock { get; }
    public NodeBootState Boot { get; }
    public NodeContext Context { get; }
    public NodeRuntime Runtime { get; }
    public ProvisionActions Actions => Runtime.Provision;

    public static RequestEnvelope Envelope(string sender = Provisioner, string caller = CallerId) =>
        new(RequestIds.New(), sender, caller, Protocols.ProvisioningCollective, AgentNames.Provision, 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), RequestFilter.ForAgents([AgentNames.Provision]));

    public ActionOutcome Call(string action, object data, string sender = Provisioner, string caller = CallerId) =>
        Actions.Invoke(action, data as JsonElement? ?? JsonSerializer.SerializeToElement(data), Envelope(sender, caller));

    public ActionOutcome Call(string action, string json, string sender = Provisioner, string caller = CallerId) =>
        Actions.Invoke(action, RpcData.Parse(json), Envelope(sender, caller));

    public void Dispose() => Runtime.Dispose();
}
