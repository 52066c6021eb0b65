using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Provisioner.Actors.Nodes;
using Provisioner.Actors.Serialization;
using Provisioner.Messages.Nodes;

namespace Provisioner.Benchmarks.Serialization;

/// <summary><c>ProvisionerSerializer</c> on the journal's events and the snapshot, with real-sized payloads.</summary>
[MemoryDiagnoser]
public class SerializerBenchmarks
{
    private ActorSystem _system = null!;
    private ProvisionerSerializer _serializer = null!;
    private object _message = null!;
    private byte[] _bytes = null!;

    /// <summary>The manifest of the message measured: attempt start, key proof, signed certificate, server JWT, snapshot.</summary>
    [Params("ne-start", "ne-key", "ne-signed", "ne-jwt", "ns-1")]
    public string Manifest { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench", "akka.actor.provider = local");
        _serializer = new ProvisionerSerializer((ExtendedActorSystem)_system);
        var node = SampleNode.Create();
        var events = new List<INodeEvent> { new NodeEvents.AttemptStarted(SampleNode.Identity, 1, SampleNode.T0, AttemptTrigger.LifecycleEvent) };
        events.AddRange(node.StepEvents);
        var snapshot = events.Aggregate(NodeState.Empty(SampleNode.Identity), NodeState.Apply);
        _message = Manifest == "ns-1"
            ? snapshot
            : events.Single(e => ProvisionerSerializer.Manifests[e.GetType()] == Manifest);
        _bytes = _serializer.ToBinary(_message);
        if (Decode().GetType() != _message.GetType())
        {
            throw new InvalidOperationException($"{Manifest} does not round-trip");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark]
    public byte[] ToBinary() => _serializer.ToBinary(_message);

    [Benchmark]
    public object Decode() => ProvisionerSerializer.Decode(_bytes, Manifest);
}
