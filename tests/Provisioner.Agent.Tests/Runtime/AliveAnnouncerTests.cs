using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Provisioner.Agent.Runtime;
using Provisioner.Messages.Lifecycle;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Agent.Tests.Runtime;

/// <summary>
/// The node's <c>alive</c> events on a fake clock: only the test moves time, and each check waits for the events
/// that time made due. An event's timestamp is the fake time it went out at, so one sent early or late shows.
/// </summary>
public sealed class AliveAnnouncerTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1700000000);

    private sealed class Announcer : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public Announcer(TestNode node, AliveSchedule schedule, FakeTimeProvider clock)
        {
            _run = AliveAnnouncer.RunAsync(
                // The node's own clock stands still; the event is stamped with the fake time it goes out at.
                () => node.Runtime.NewEvent(LifecycleEventType.Alive) with { Timestamp = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds()) },
                (e, _) =>
                {
                    Published.Enqueue(e);
                    return ValueTask.CompletedTask;
                },
                schedule,
                clock,
                NullLogger.Instance,
                _stop.Token);
        }

        public ConcurrentQueue<LifecycleEvent> Published { get; } = new();

        public Task Has(int count) => Eventually.TrueAsync(() => Published.Count >= count, TimeSpan.FromSeconds(10), $"expected {count} alive events, saw {Published.Count}");

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task The_first_event_goes_out_after_the_first_delay_then_one_every_interval()
    {
        var clock = new FakeTimeProvider(Start);
        using var node = new TestNode();
        await using var announcer = new Announcer(node, new AliveSchedule(TimeSpan.FromMinutes(7), TimeSpan.FromMinutes(30)), clock);

        clock.Advance(TimeSpan.FromMinutes(7) - TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        await announcer.Has(1);
        clock.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        await announcer.Has(2);
        clock.Advance(TimeSpan.FromMinutes(30));
        await announcer.Has(3);

        Assert.Equal(
            [Start.AddMinutes(7), Start.AddMinutes(37), Start.AddMinutes(67)],
            announcer.Published.Select(e => e.Timestamp));
    }

    [Fact]
    public async Task An_alive_event_names_the_node_its_component_and_version_with_a_fresh_id()
    {
        var clock = new FakeTimeProvider(Start);
        using var node = new TestNode();
        await using var announcer = new Announcer(node, new AliveSchedule(TimeSpan.Zero, TimeSpan.FromMinutes(30)), clock);

        await announcer.Has(1);
        clock.Advance(TimeSpan.FromMinutes(30));
        await announcer.Has(2);

        var events = announcer.Published.ToArray();
        Assert.All(events, e =>
        {
            Assert.Equal(LifecycleEventType.Alive, e.Type);
            Assert.Equal("n1.example.net", e.Identity);
            Assert.Equal("provision_mode_server", e.Component);
            Assert.Equal("0.29.4", e.Version);
            Assert.Null(e.NewVersion);
            Assert.Equal("choria.lifecycle.event.alive.provision_mode_server", e.Subject);
        });
        Assert.NotEqual(events[0].Id, events[1].Id);
    }

    [Fact]
    public async Task After_a_clock_jump_one_event_goes_out_and_the_cadence_restarts()
    {
        var clock = new FakeTimeProvider(Start);
        using var node = new TestNode();
        await using var announcer = new Announcer(node, new AliveSchedule(TimeSpan.Zero, TimeSpan.FromMinutes(30)), clock);
        await announcer.Has(1);

        clock.Advance(TimeSpan.FromHours(5));
        await announcer.Has(2);
        clock.Advance(TimeSpan.FromMinutes(30));
        await announcer.Has(3);

        Assert.Equal([Start, Start.AddHours(5), Start.AddHours(5).AddMinutes(30)], announcer.Published.Select(e => e.Timestamp));
    }

    [Fact]
    public void Choria_s_schedule_draws_the_first_event_within_the_first_interval_in_whole_thirtieths()
    {
        var firsts = Enumerable.Range(0, 200).Select(seed => AliveSchedule.Of(AliveSchedule.ChoriaInterval, random: new Random(seed)).FirstDelay).ToList();

        Assert.All(firsts, d => Assert.True(d >= TimeSpan.Zero && d < TimeSpan.FromMinutes(30) && d.Ticks % TimeSpan.TicksPerMinute == 0, d.ToString()));
        Assert.True(firsts.Distinct().Count() > 10);
        Assert.Equal(TimeSpan.FromMinutes(30), AliveSchedule.Of(AliveSchedule.ChoriaInterval).Interval);
        Assert.Equal(TimeSpan.FromSeconds(3), AliveSchedule.Of(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)).FirstDelay);
        Assert.Throws<ArgumentOutOfRangeException>(() => AliveSchedule.Of(TimeSpan.Zero));
    }
}
