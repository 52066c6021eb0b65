using Akka.Actor;
using Provisioner.Actors.Journal;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Serialization;

/// <summary>
/// A member started on a journal written before the re-layout (Fixtures/journal-e29b679.db, snapshots
/// included) recovers every entity to the state the journal proves, and its fleet watcher and leader run on it.
/// </summary>
public sealed class OldJournalRecoveryTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("provisioner-old-journal-").FullName;
    private readonly FakeFleet _fleet = new();
    private TestMember _member = null!;

    private JournalStore Journal => new(JournalDatabase.Sqlite, $"Data Source={Path.Combine(_dir, "journal.db")}");

    public async Task InitializeAsync()
    {
        // A copy: the member writes to its journal (remember-entities, new attempts), the fixture stays as made.
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Serialization", "Fixtures", "journal-e29b679.db"), Path.Combine(_dir, "journal.db"));
        _member = await TestMember.StartAsync(Journal, _fleet);
    }

    [Fact]
    public async Task Every_entity_recovers_the_stage_attempts_serial_and_history_its_old_journal_proves()
    {
        var expected = await JournalAudit.ReadAsync(Journal);
        Assert.Equal(12, expected.Count);
        foreach (var node in expected)
        {
            var view = await _member.Cluster.Nodes.Ask<NodeView>(new NodeQueries.GetState(node.Identity), TimeSpan.FromSeconds(30));
            Assert.Equal((node.Identity, NodeStage.Provisioned), (view.Identity, view.Stage));
            Assert.Equal((node.Identity, node.Attempts), (view.Identity, view.Attempt));
            Assert.Equal((node.Identity, Assert.Single(node.CertificateSerials)), (view.Identity, view.CertificateSerial));
            Assert.Equal((node.Identity, Assert.Single(node.JwtIds)), (view.Identity, view.JwtId));

            var history = await _member.Cluster.Nodes.Ask<NodeHistory>(new NodeQueries.GetHistory(node.Identity), TimeSpan.FromSeconds(30));
            Assert.Equal((node.Identity, node.Events), (history.Identity, history.Events.Count));
        }
    }

    [Fact]
    public async Task A_recovered_provisioned_node_starts_a_new_attempt_that_ends_provisioned()
    {
        const string identity = "fix09.fleet.example.net";
        _fleet.Discoverable.Add(identity);
        await Eventually.TrueAsync(
            async () => await NodeViews.OrNullAsync(_member.Cluster.Nodes, identity) is { Attempt: 4, Stage: NodeStage.Provisioned },
            TimeSpan.FromSeconds(60),
            $"{identity} provisioned again in attempt 4");
        Assert.Equal(1, _fleet.Calls(identity, ProvisioningStep.Sign, attempt: 4));
    }

    public async Task DisposeAsync()
    {
        await _member.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
