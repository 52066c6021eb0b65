using Provisioner.Actors.Journal;
using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Nodes;

/// <summary>
/// The entity tells its steps when an attempt is over for this member (so they drop the node's token and
/// password): when the attempt ends, and when the entity stops mid-attempt (member shutdown, handover).
/// </summary>
public sealed class AttemptEndTests : IAsyncLifetime
{
    private const string Node = "n1.example.net";
    private readonly string _dir = Directory.CreateTempSubdirectory("provisioner-attempt-end-").FullName;
    private readonly FakeFleet _fleet = new();
    private TestMember? _member;

    private JournalStore Journal => new(JournalDatabase.Sqlite, $"Data Source={Path.Combine(_dir, "journal.db")}");

    // Entities stay in memory for the whole test: only the end of the attempt, never passivation, tells the steps.
    public async Task InitializeAsync() => _member = await TestMember.StartAsync(Journal, _fleet, passivateAfterEnd: TimeSpan.FromMinutes(10));

    [Fact]
    public async Task A_failed_attempt_is_reported_ended_while_the_entity_stays_alive()
    {
        _fleet.Failures[Node] = (ProvisioningStep.Gen25519, StepFailureKind.Fatal, "invalid nonce signature");
        _fleet.Discoverable.Add(Node);
        await Eventually.TrueAsync(async () => (await NodeViews.OrNullAsync(_member!.Cluster.Nodes, Node))?.Stage == NodeStage.Failed, TimeSpan.FromSeconds(60), $"{Node} fails");
        await Eventually.TrueAsync(() => Task.FromResult(_fleet.EndedAttempts(Node) >= 1), TimeSpan.FromSeconds(30), "the steps hear the attempt ended");
    }

    [Fact]
    public async Task An_entity_stopped_mid_attempt_reports_the_attempt_ended_for_this_member()
    {
        _fleet.Hangs[Node] = ProvisioningStep.Inventory;
        _fleet.Discoverable.Add(Node);
        await Eventually.TrueAsync(() => Task.FromResult(_fleet.Calls(Node, ProvisioningStep.Inventory) == 1), TimeSpan.FromSeconds(60), $"{Node} waits in inventory");
        Assert.Equal(0, _fleet.EndedAttempts(Node));

        await _member!.DisposeAsync();
        _member = null;

        Assert.Equal(1, _fleet.EndedAttempts(Node));
    }

    public async Task DisposeAsync()
    {
        if (_member is not null)
        {
            await _member.DisposeAsync();
        }
        Directory.Delete(_dir, recursive: true);
    }
}
