using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Provisioner.Actors.Journal;
using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Nodes;

/// <summary>Each attempt's end is one log line: Info when the node is provisioned, Warning when it failed.</summary>
public sealed class AttemptEndLogTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("provisioner-attempt-log-").FullName;
    private readonly FakeFleet _fleet = new();
    private readonly ConcurrentQueue<LogEvent> _log = new();
    private TestMember _member = null!;

    private sealed class Collector(ConcurrentQueue<LogEvent> log) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is LogEvent e) log.Enqueue(e);
        }
    }

    public async Task InitializeAsync()
    {
        _member = await TestMember.StartAsync(new JournalStore(JournalDatabase.Sqlite, $"Data Source={Path.Combine(_dir, "journal.db")}"), _fleet);
        var collector = _member.System.ActorOf(Props.Create(() => new Collector(_log)));
        _member.System.EventStream.Subscribe(collector, typeof(LogEvent));
    }

    private IReadOnlyList<LogEvent> About(string identity) => _log.Where(e => e.Message?.ToString()?.StartsWith(identity + " ", StringComparison.Ordinal) == true).ToList();

    [Fact]
    public async Task A_provisioned_node_is_one_info_line_naming_its_certificate()
    {
        _fleet.Discoverable.Add("ok.example.net");
        await Eventually.TrueAsync(() => Task.FromResult(About("ok.example.net").Any(e => e.LogLevel() == LogLevel.InfoLevel && e.Message.ToString()!.Contains("provisioned"))), TimeSpan.FromSeconds(60), "a provisioned line");

        var line = Assert.Single(About("ok.example.net"), e => e.Message.ToString()!.Contains("provisioned"));
        Assert.Equal(LogLevel.InfoLevel, line.LogLevel());
        Assert.Matches(@"^ok\.example\.net provisioned by attempt 1 \(certificate \S+\)$", line.Message.ToString());
    }

    [Fact]
    public async Task A_failed_attempt_is_one_warning_with_its_reason_and_its_retries_stay_below_info()
    {
        _fleet.Failures["bad.example.net"] = (ProvisioningStep.Gen25519, StepFailureKind.Fatal, "invalid nonce signature");
        _fleet.Discoverable.Add("bad.example.net");
        await Eventually.TrueAsync(() => Task.FromResult(About("bad.example.net").Any(e => e.LogLevel() == LogLevel.WarningLevel)), TimeSpan.FromSeconds(60), "a warning");

        var warning = Assert.Single(About("bad.example.net"), e => e.LogLevel() == LogLevel.WarningLevel);
        Assert.Equal("bad.example.net attempt 1 failed: invalid nonce signature", warning.Message.ToString());
        Assert.DoesNotContain(About("bad.example.net"), e => e.LogLevel() == LogLevel.InfoLevel && e.Message.ToString()!.Contains("step"));
    }

    public async Task DisposeAsync()
    {
        await _member.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
