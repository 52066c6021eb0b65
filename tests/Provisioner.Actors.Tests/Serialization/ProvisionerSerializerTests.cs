using Akka.Actor;
using Akka.Configuration;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Journal;
using Provisioner.Actors.Nodes;
using Provisioner.Actors.Serialization;
using Provisioner.Messages.Fleet;
using Provisioner.Messages.Nodes;
using Xunit;

namespace Provisioner.Actors.Tests.Serialization;

public sealed class ProvisionerSerializerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private readonly ActorSystem _system;

    public ProvisionerSerializerTests()
    {
        var options = new ClusterOptions("127.0.0.1", 0, [], new JournalStore(JournalDatabase.Sqlite, "Data Source=unused.db"));
        // Only the serialization settings matter here; a local provider avoids starting a cluster.
        var config = ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(ProvisionerConfig.Load(options));
        _system = ActorSystem.Create("serialization", config);
    }

    public static IEnumerable<object[]> Samples()
    {
        const string id = "n1.example.net";
        var map = new Dictionary<string, string> { ["plugin.choria.server.provision"] = "false" };
        object[] all =
        [
            new NodeEvents.AttemptStarted(id, 1, T0, AttemptTrigger.LifecycleEvent),
            new NodeEvents.TokenChecked(id, 1, T0, new string('a', 64)),
            new NodeEvents.KeyProven(id, 1, T0, new string('b', 64), "0c1d2e3f405162738495a6b7c8d9eafb", "/etc/choria", "sig"),
            new NodeEvents.Inventoried(id, 1, T0, "{\"version\":\"0.29.4\"}", "0.29.4"),
            new NodeEvents.CsrAccepted(id, 1, T0, "-----BEGIN CERTIFICATE REQUEST-----", "pub", "/etc/choria/ssl"),
            new NodeEvents.Signed(id, 1, T0, "0a1b", "cert", "ca", "/etc/choria/ssl", map, new Dictionary<string, string> { ["a.policy"] = "x" }, new Dictionary<string, string>(), "enc", "ecdh", "msg", "{}"),
            new NodeEvents.JwtIssued(id, 1, T0, "jti", "jwt", T0.AddYears(1), "creds"),
            new NodeEvents.Configured(id, 1, T0, "Wrote 3 lines"),
            new NodeEvents.Provisioned(id, 1, T0, "m1"),
            new NodeEvents.ShutdownRequested(id, 1, T0, "why"),
            new NodeEvents.ShutDown(id, 1, T0),
            new NodeEvents.StepRetried(id, 1, T0, ProvisioningStep.Configure, 2, "timeout"),
            new NodeEvents.AttemptFailed(id, 1, T0, ProvisioningStep.Gencsr, "common name x does not match identity y"),
            new NodeEvents.AttemptDeferred(id, 1, T0, "configuration defered: later"),
            new NodeEvents.Upgraded(id, 1, T0, "0.29.4", "0.30.0", "Restarting Choria Server after 2s"),
            new NodeEvents.UpgradeChecked(id, 1, T0, new UpgradeNote(UpgradeNote.Skipped, "0.30.0", "0.30.0", "already at 0.30.0")),
            new NodeEvents.AttemptAccepted(id, 1, T0.AddMilliseconds(40), T0, AttemptTrigger.LifecycleEvent, new string('a', 64)),
            new NodeEvents.CredentialsIssued(
                id,
                1,
                T0,
                new NodeEvents.Signed(id, 1, T0, "0a1b", "cert", "ca", "/etc/choria/ssl", map, new Dictionary<string, string> { ["a.policy"] = "x" }, new Dictionary<string, string>(), "enc", "ecdh", "msg", "{}"),
                new NodeEvents.JwtIssued(id, 1, T0, "jti", "jwt", T0.AddYears(1), "creds")),
            NodeState.Journaled(NodeState.Empty(id), new NodeEvents.AttemptStarted(id, 1, T0, AttemptTrigger.LifecycleEvent)),
            new NodeCommands.StartAttempt(id, AttemptTrigger.LifecycleEvent, T0),
            new NodeCommands.Retry(id, "console"),
            new NodeQueries.GetState(id),
            new NodeQueries.GetHistory(id),
            NodeReply.NoOp(id, NodeStage.KeyProven, "running"),
            new NodeView(id, NodeStage.Failed, 2, 1, "err", T0, T0, null, "0a", "jti", "akka.tcp://provisioner@127.0.0.1:1"),
            new NodeHistory(id, ["a", "b"]),
            new LeaderMessages.AttemptEnded(id, NodeStage.Provisioned, ""),
            new LeaderMessages.AttemptHandedOff(id, 2),
            new LeaderMessages.NodeAnnounced(id, AttemptTrigger.Discovery),
            new LeaderMessages.Pause("console"),
            new LeaderMessages.Resume("console"),
            new LeaderMessages.GetStatus(),
            new LeaderMessages.Sweep(),
            new LeaderMessages.GetBackoff(id),
            new NodeBackoff(id, 2, "received 0 responses while expecting a response from n1.example.net", T0),
            new LeaderStatus("addr", false, 1, 2, 500, 3, 4, 5, 6, 7, T0),
        ];
        return all.Select(o => new[] { o });
    }

    [Fact]
    public void Every_owned_type_has_a_sample_in_this_test()
    {
        var sampled = Samples().Select(s => s[0].GetType()).ToHashSet();
        Assert.Empty(ProvisionerSerializer.Manifests.Keys.Where(t => !sampled.Contains(t)));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Message_is_bound_to_our_serializer_and_round_trips(object message)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.IsType<ProvisionerSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var bytes = serializer.ToBinary(message);
        var back = _system.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(message, message.GetType()), System.Text.Json.JsonSerializer.Serialize(back, back.GetType()));
        Assert.Equal(message.GetType(), back.GetType());
    }

    [Fact]
    public void Unknown_manifest_is_refused_with_a_clear_error()
    {
        var serializer = new ProvisionerSerializer((ExtendedActorSystem)_system);
        var e = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([], "nope"));
        Assert.Contains("unknown manifest 'nope'", e.Message);
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
