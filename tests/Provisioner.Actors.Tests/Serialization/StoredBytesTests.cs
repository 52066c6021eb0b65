using System.Text;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Journal;
using Provisioner.Actors.Nodes;
using Provisioner.Actors.Serialization;
using Provisioner.Messages.Nodes;
using Xunit;

namespace Provisioner.Actors.Tests.Serialization;

/// <summary>
/// Pins the stored bytes of every manifest (Golden/&lt;manifest&gt;.json) and reads a journal written before
/// the re-layout, so a renamed property, enum member or manifest cannot silently change the journal format.
/// </summary>
public sealed class StoredBytesTests : IDisposable
{
    private readonly Akka.Actor.ActorSystem _system = Akka.Actor.ActorSystem.Create("golden", "akka.actor.provider = local");

    private static string Dir(string name) => Path.Combine(AppContext.BaseDirectory, "Serialization", name);

    public static IEnumerable<object[]> Samples() => ProvisionerSerializerTests.Samples();

    [Theory]
    [MemberData(nameof(Samples))]
    public void Stored_bytes_match_the_golden_file_and_decode_back(object message)
    {
        var manifest = ProvisionerSerializer.Manifests[message.GetType()];
        var golden = File.ReadAllBytes(Path.Combine(Dir("Golden"), manifest + ".json"));
        var serializer = new ProvisionerSerializer((Akka.Actor.ExtendedActorSystem)_system);
        var decoded = ProvisionerSerializer.Decode(golden, manifest);
        Assert.Equal(message.GetType(), decoded.GetType());
        Assert.Equal(Encoding.UTF8.GetString(golden), Encoding.UTF8.GetString(serializer.ToBinary(message)));
        Assert.Equal(Encoding.UTF8.GetString(golden), Encoding.UTF8.GetString(serializer.ToBinary(decoded)));
    }

    [Fact]
    public void A_failure_with_retries_stores_the_old_fields_then_its_retries_and_one_without_stores_the_old_bytes()
    {
        var serializer = new ProvisionerSerializer((Akka.Actor.ExtendedActorSystem)_system);
        var t0 = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        var failed = new NodeEvents.AttemptFailed("n1.example.net", 1, t0, ProvisioningStep.Gencsr, "common name x does not match identity y");
        var golden = File.ReadAllText(Path.Combine(Dir("Golden"), "ne-fail.json"));
        Assert.Equal(golden, Encoding.UTF8.GetString(serializer.ToBinary(failed)));

        var retried = failed with { Retries = [new StepRetry(t0, ProvisioningStep.Configure, 1, "no reply")] };
        var bytes = serializer.ToBinary(retried);
        Assert.Equal(
            golden[..^1] + ",\"retries\":[{\"at\":\"2026-11-28T12:00:00+00:00\",\"step\":\"Configure\",\"try\":1,\"error\":\"no reply\"}]}",
            Encoding.UTF8.GetString(bytes));
        var back = Assert.IsType<NodeEvents.AttemptFailed>(ProvisionerSerializer.Decode(bytes, "ne-fail"));
        Assert.Equal(retried.Retries, back.Retries);
    }

    [Fact]
    public void An_acceptance_stores_its_trace_context_under_pinned_names_and_one_without_stores_the_old_bytes()
    {
        var (serializer, _, accepted, golden) = Acceptance();

        var traced = accepted with { Trace = new TraceContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=opaque") };
        var bytes = serializer.ToBinary(traced);
        Assert.Equal(File.ReadAllText(Path.Combine(Dir("Golden"), "ne-accepted-traced.json")), Encoding.UTF8.GetString(bytes));
        Assert.Equal(traced.Trace, Assert.IsType<NodeEvents.AttemptAccepted>(ProvisionerSerializer.Decode(bytes, "ne-accepted")).Trace);
        var withoutState = accepted with { Trace = new TraceContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01") };
        Assert.Equal(golden[..^1] + ",\"trace\":{\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"}}", Encoding.UTF8.GetString(serializer.ToBinary(withoutState)));
    }

    [Fact]
    public void A_start_with_the_admissions_answer_adds_it_under_pinned_names_and_one_without_keeps_the_old_bytes()
    {
        var serializer = new ProvisionerSerializer((Akka.Actor.ExtendedActorSystem)_system);
        var golden = File.ReadAllText(Path.Combine(Dir("Golden"), "nc-start.json"));
        var start = new NodeCommands.StartAttempt("n1.example.net", AttemptTrigger.LifecycleEvent, new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(golden, Encoding.UTF8.GetString(serializer.ToBinary(start)));

        var admitted = start with { Admission = new AdmittedToken("header.claims.signature", new string('a', 64)) };
        var bytes = serializer.ToBinary(admitted);

        Assert.Equal(golden[..^1] + $",\"admission\":{{\"jwt\":\"header.claims.signature\",\"ecdh_public\":\"{new string('a', 64)}\"}}}}", Encoding.UTF8.GetString(bytes));
        Assert.Equal(admitted.Admission, Assert.IsType<NodeCommands.StartAttempt>(ProvisionerSerializer.Decode(bytes, "nc-start")).Admission);
        Assert.DoesNotContain("header.claims.signature", admitted.ToString());
    }

    [Fact]
    public void An_acceptance_journaled_before_traces_decodes_without_one()
    {
        var old = File.ReadAllBytes(Path.Combine(Dir("Golden"), "ne-accepted.json"));
        var accepted = Assert.IsType<NodeEvents.AttemptAccepted>(ProvisionerSerializer.Decode(old, "ne-accepted"));
        Assert.Null(accepted.Trace);
        Assert.Null(NodeState.Journaled(NodeState.Empty(accepted.Identity), accepted).Trace);
    }

    [Fact]
    public void An_accepted_renewal_stores_the_old_fields_then_what_it_renews_and_a_first_acceptance_stores_the_old_bytes()
    {
        var (serializer, t0, accepted, golden) = Acceptance();

        var renewal = accepted with { Renews = new RenewalNote(1, "0a1b", "jti", t0.AddMinutes(90)) };
        var bytes = serializer.ToBinary(renewal);
        Assert.Equal(
            golden[..^1] + ",\"renews\":{\"attempt\":1,\"serial\":\"0a1b\",\"jti\":\"jti\",\"expires\":\"2026-11-28T13:30:00+00:00\"}}",
            Encoding.UTF8.GetString(bytes));
        Assert.Equal(renewal.Renews, Assert.IsType<NodeEvents.AttemptAccepted>(ProvisionerSerializer.Decode(bytes, "ne-accepted")).Renews);
        var withoutJwt = accepted with { Renews = new RenewalNote(1, "0a1b", null, null) };
        Assert.EndsWith(",\"renews\":{\"attempt\":1,\"serial\":\"0a1b\"}}", Encoding.UTF8.GetString(serializer.ToBinary(withoutJwt)));

        // A traced renewal stores the trace first, then what it renews.
        var both = renewal with { Trace = new TraceContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01") };
        Assert.EndsWith(
            "\"trace\":{\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"},\"renews\":{\"attempt\":1,\"serial\":\"0a1b\",\"jti\":\"jti\",\"expires\":\"2026-11-28T13:30:00+00:00\"}}",
            Encoding.UTF8.GetString(serializer.ToBinary(both)));
    }

    private (ProvisionerSerializer Serializer, DateTimeOffset T0, NodeEvents.AttemptAccepted Accepted, string Golden) Acceptance()
    {
        var serializer = new ProvisionerSerializer((Akka.Actor.ExtendedActorSystem)_system);
        var t0 = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        var accepted = new NodeEvents.AttemptAccepted("n1.example.net", 1, t0.AddMilliseconds(40), t0, AttemptTrigger.LifecycleEvent, new string('a', 64));
        var golden = File.ReadAllText(Path.Combine(Dir("Golden"), "ne-accepted.json"));
        Assert.Equal(golden, Encoding.UTF8.GetString(serializer.ToBinary(accepted)));
        return (serializer, t0, accepted, golden);
    }

    [Fact]
    public async Task Journal_written_before_the_relayout_folds_to_the_same_nodes()
    {
        var journal = await JournalAudit.ReadAsync(new JournalStore(JournalDatabase.Sqlite, $"Data Source={Path.Combine(Dir("Fixtures"), "journal-e29b679.db")}"));
        Assert.Equal(12, journal.Count);
        Assert.All(journal, r => Assert.Equal(NodeStage.Provisioned, r.FinalStage));
        Assert.All(journal, r => Assert.Single(r.CertificateSerials));
        Assert.All(journal, r => Assert.Single(r.JwtIds));
        var fix09 = Assert.Single(journal, r => r.Identity == "fix09.fleet.example.net");
        Assert.Equal(3, fix09.Attempts);
        Assert.Equal(19, fix09.Events);
        Assert.Equal(2, journal.Single(r => r.Identity == "fix02.fleet.example.net").Attempts);
        Assert.Equal(135, journal.Sum(r => r.Events));
    }

    [Fact]
    public async Task The_journal_names_the_attempts_still_running_and_only_those()
    {
        var journal = new JournalReader(new JournalStore(JournalDatabase.Sqlite, $"Data Source={Path.Combine(Dir("Fixtures"), "journal-3af766b.db")}"));
        var running = await journal.RunningSinceAsync(DateTimeOffset.MinValue, CancellationToken.None);
        Assert.Equal(["nine09.fleet.example.net", "nine10.fleet.example.net", "nine11.fleet.example.net"], running.Order());
        Assert.Empty(await journal.RunningSinceAsync(DateTimeOffset.UtcNow, CancellationToken.None));
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
