using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Microsoft.Data.Sqlite;
using NATS.Client.Core;
using Provisioner.Actors.Telemetry;
using Provisioner.Host.Members;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Messages.Fleet;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;
using Provisioner.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Provisioner.IntegrationTests.Fleet;

/// <summary>
/// A real member on its own real nats-server (with its monitoring port, to see the member's connection) against
/// what anyone on the provisioning broker can send: identities that break the identity rule, and a flood of
/// startup events for names with no machine behind them. Real machines are the fleet simulator.
/// </summary>
public sealed class HostileAnnouncementTests(ITestOutputHelper output) : IAsyncLifetime
{
    private NatsServerProcess _nats = null!;
    private int _monitorPort;
    private OnboardingWorld _world = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _monitorPort = FreePort.Next();
        var config = Path.Combine(Path.GetTempPath(), $"nats-monitor-{_monitorPort}.conf");
        await File.WriteAllTextAsync(config, $"http: \"127.0.0.1:{_monitorPort}\"\n");
        _nats = await NatsServerProcess.StartAsync(config);
        File.Delete(config);
        _world = new OnboardingWorld(_nats.Url);
    }

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        await _nats.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task Invalid_identities_from_events_and_discovery_are_dropped_and_counted_and_the_member_keeps_its_connection()
    {
        var member = await _world.StartMemberAsync();
        var connection = await MemberConnectionAsync(member);
        var lifecycleBefore = ProvisionerMetrics.InvalidIdentities.WithLabels("lifecycle").Value;
        var discoveryBefore = ProvisionerMetrics.InvalidIdentities.WithLabels("discovery").Value;
        var huge = new string('x', 5000) + ".example.net";

        await using var hostile = new NatsConnection(new NatsOpts { Url = _nats.Url });
        await hostile.ConnectAsync();
        // Answers every discovery ping twice: a 5,000-character sender and a wildcard.
        var pongs = 0;
        var pings = await hostile.SubscribeCoreAsync<byte[]>(Subjects.BroadcastAgent(AgentNames.Discovery));
        var answering = Task.Run(async () =>
        {
            await foreach (var ping in pings.Msgs.ReadAllAsync())
            {
                var request = ChoriaCodec.Default.DecodeRequest(ping.Data);
                await hostile.PublishAsync(request.ReplyTo, ChoriaCodec.Default.EncodeDiscoveryPong(request, huge));
                await hostile.PublishAsync(request.ReplyTo, ChoriaCodec.Default.EncodeDiscoveryPong(request, "n1.*"));
                Interlocked.Add(ref pongs, 2);
            }
        });
        await hostile.PingAsync();
        await hostile.PublishAsync(StartupSubject, Startup(huge));
        await hostile.PingAsync();

        // The member sweeps every 5 s in this world; both pongs of a sweep are dropped.
        await Eventually.TrueAsync(() => Task.FromResult(
            ProvisionerMetrics.InvalidIdentities.WithLabels("discovery").Value - discoveryBefore >= 2
            && ProvisionerMetrics.InvalidIdentities.WithLabels("lifecycle").Value - lifecycleBefore >= 1), TimeSpan.FromSeconds(30));
        Assert.Equal(1, ProvisionerMetrics.InvalidIdentities.WithLabels("lifecycle").Value - lifecycleBefore);

        var real = await _world.RunFleetAsync(1, "valid", timeout: TimeSpan.FromSeconds(60));
        Assert.True(real.AllProvisioned, real.SummaryLine);

        Assert.Equal(connection, await MemberConnectionAsync(member));
        Assert.DoesNotContain("control line", _nats.Log, StringComparison.OrdinalIgnoreCase);
        Assert.Empty((await _world.JournalAsync("x")).Concat(await _world.JournalAsync("n1")));
        await pings.UnsubscribeAsync();
        await answering.WaitAsync(TimeSpan.FromSeconds(10));
        output.WriteLine($"pongs sent {pongs}; member connection {connection} kept");
    }

    [Fact]
    public async Task Three_thousand_fake_names_leave_no_trace_in_the_journal_and_ten_real_machines_still_provision_within_120_s()
    {
        const int fakes = 3000;
        const string marker = "floodfake";
        var member = await _world.StartMemberAsync();
        var connection = await MemberConnectionAsync(member);
        var admittedBefore = ProvisionerMetrics.Admissions.WithLabels("admitted").Value;
        var unansweredBefore = ProvisionerMetrics.Admissions.WithLabels("unanswered").Value;
        var overflowBefore = ProvisionerMetrics.WorkQueueOverflow.Value;

        await using var hostile = new NatsConnection(new NatsOpts { Url = _nats.Url });
        await hostile.ConnectAsync();
        var started = Stopwatch.StartNew();
        for (var i = 0; i < fakes; i++)
        {
            await hostile.PublishAsync(StartupSubject, Startup($"{marker}-{i:D4}.example.net"));
        }
        await hostile.PingAsync();
        var announced = started.Elapsed;
        var fleet = await _world.RunFleetAsync(10, "real", timeout: TimeSpan.FromSeconds(120));
        var realTime = started.Elapsed;
        Assert.True(fleet.AllProvisioned, fleet.SummaryLine);
        Assert.True(realTime < TimeSpan.FromSeconds(120), $"10 real machines took {realTime}");

        // The flood drains: each fake name is checked once and does not answer, or waited past the stale limit
        // (two discovery intervals, 10 s in this world) and is skipped unchecked.
        await Eventually.TrueAsync(async () =>
            (await member.Cluster.Leader.Ask<LeaderStatus>(new LeaderMessages.GetStatus(), TimeSpan.FromSeconds(10))) is { Queued: 0, InFlight: 0 },
            TimeSpan.FromSeconds(120));
        var drained = started.Elapsed;
        var unanswered = ProvisionerMetrics.Admissions.WithLabels("unanswered").Value - unansweredBefore;
        Assert.True(unanswered > 0, "no fake name was checked");
        var backoff = await member.Cluster.Leader.Ask<NodeBackoff>(new LeaderMessages.GetBackoff($"{marker}-0000.example.net"), TimeSpan.FromSeconds(10));
        Assert.Equal(1, backoff.Failures);
        Assert.Equal($"received 0 responses while expecting a response from {marker}-0000.example.net", backoff.LastReason);
        Assert.Equal(0, ProvisionerMetrics.WorkQueueOverflow.Value - overflowBefore);

        // No entity, event or remembered-entity row names a fake: not in the journal's nodes, not a byte in the files.
        Assert.Empty(await _world.JournalAsync(marker));
        Assert.Equal(10, (await _world.JournalAsync("real")).Count);
        Assert.Equal(0, JournalBytesNaming(marker));
        Assert.Equal(connection, await MemberConnectionAsync(member));

        output.WriteLine(
            $"{fakes} fake startups published in {announced.TotalSeconds:F1} s; 10 real machines provisioned {realTime.TotalSeconds:F1} s after the flood began " +
            $"(fleet run {fleet.Elapsed.TotalSeconds:F1} s); admissions: admitted {ProvisionerMetrics.Admissions.WithLabels("admitted").Value - admittedBefore}, " +
            $"unanswered {unanswered}, skipped as stale {fakes - unanswered}; queue drained {drained.TotalSeconds:F1} s after the flood began; " +
            $"journal rows for fake names 0; journal file {new FileInfo(JournalFile).Length} bytes");
    }

    private static string StartupSubject => Subjects.Lifecycle(LifecycleEvent.NameOf(LifecycleEventType.Startup), LifecycleComponents.ProvisionModeServer);

    private static byte[] Startup(string identity) => LifecycleCodec.EncodeCloudEvent(
        new LifecycleEvent(LifecycleEventType.Startup, Guid.NewGuid().ToString(), identity, LifecycleComponents.ProvisionModeServer, DateTimeOffset.UtcNow, "0.29.4"));

    private string JournalFile => Path.Combine(_world.Dir, "journal.db");

    // Counts occurrences of the marker in the SQLite file and its write-ahead log: whatever table a row is in.
    private int JournalBytesNaming(string marker)
    {
        SqliteConnection.ClearAllPools();
        var needle = Encoding.UTF8.GetBytes(marker);
        var count = 0;
        foreach (var file in new[] { JournalFile, JournalFile + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray().AsSpan();
            for (var at = bytes.IndexOf(needle); at >= 0; at = bytes.IndexOf(needle))
            {
                count++;
                bytes = bytes[(at + needle.Length)..];
            }
        }
        return count;
    }

    // The member's client id on the broker: a dropped and re-made connection gets a new one.
    private async Task<ulong> MemberConnectionAsync(MemberHost member)
    {
        var name = $"provisioner-{member.Settings.Cluster.Hostname}-{member.Settings.Cluster.Port}";
        using var connz = JsonDocument.Parse(await _http.GetStringAsync($"http://127.0.0.1:{_monitorPort}/connz?limit=10000"));
        var ours = connz.RootElement.GetProperty("connections").EnumerateArray()
            .Where(c => c.TryGetProperty("name", out var n) && n.GetString() == name)
            .Select(c => c.GetProperty("cid").GetUInt64())
            .ToList();
        return Assert.Single(ours);
    }
}
