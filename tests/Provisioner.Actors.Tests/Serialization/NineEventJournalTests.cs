using Akka.Actor;
using Provisioner.Actors.Journal;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Serialization;

/// <summary>
/// A member started on a journal in the nine-events-per-node format (Fixtures/journal-3af766b.db, written before
/// attempts journaled three events) reads and recovers it: finished nodes with their attempts, serials, failures
/// and history; and the attempts it held in flight resume where the old journal says, without signing twice.
/// </summary>
public sealed class NineEventJournalTests : IAsyncLifetime
{
    private const string Fixture = "journal-3af766b.db";
    private readonly string _dir = Directory.CreateTempSubdirectory("provisioner-nine-event-journal-").FullName;
    private readonly FakeFleet _fleet = new();
    private TestMember _member = null!;

    private static string Id(int n) => $"nine{n:00}.fleet.example.net";

    private JournalStore Journal => new(JournalDatabase.Sqlite, $"Data Source={Path.Combine(_dir, "journal.db")}");

    public async Task InitializeAsync()
    {
        // A copy: recovery writes (resumed attempts), the fixture stays as made.
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Serialization", "Fixtures", Fixture), Path.Combine(_dir, "journal.db"));
        _member = await TestMember.StartAsync(Journal, _fleet);
    }

    private async Task<NodeView> View(string identity) =>
        await _member.Cluster.Nodes.Ask<NodeView>(new NodeQueries.GetState(identity), TimeSpan.FromSeconds(30));

    [Fact]
    public async Task The_report_reads_every_node_attempt_serial_and_failure_of_the_old_journal()
    {
        var journal = (await JournalAudit.ReadAsync(Journal)).ToDictionary(r => r.Identity);
        Assert.Equal(11, journal.Count);
        foreach (var n in new[] { 2, 3, 4, 5 })
        {
            var node = journal[Id(n)];
            Assert.Equal((Id(n), NodeStage.Provisioned, 1, 9), (node.Identity, node.FinalStage, node.Attempts, node.Events));
            Assert.Single(node.CertificateSerials);
            Assert.Single(node.JwtIds);
            Assert.NotNull(node.TimeToProvisioned);
        }
        Assert.Equal((NodeStage.Provisioned, 2, 2, 18), (journal[Id(1)].FinalStage, journal[Id(1)].Attempts, journal[Id(1)].CertificateSerials.Count, journal[Id(1)].Events));
        Assert.Equal((NodeStage.Failed, "choria_provision#configure: no reply"), (journal[Id(6)].FinalStage, journal[Id(6)].LastFailure));
        Assert.Equal((NodeStage.Deferred, "configuration defered: not in CMDB"), (journal[Id(7)].FinalStage, journal[Id(7)].LastFailure));
        Assert.Equal((NodeStage.Failed, "provisioning token: signature invalid"), (journal[Id(8)].FinalStage, journal[Id(8)].LastFailure));
        Assert.Equal(NodeStage.JwtIssued, journal[Id(9)].FinalStage);
        Assert.Equal(NodeStage.KeyProven, journal[Id(10)].FinalStage);
        Assert.Equal(NodeStage.Configured, journal[Id(11)].FinalStage);
    }

    [Fact]
    public async Task Finished_entities_recover_their_stage_attempts_credentials_and_full_history()
    {
        var journal = await JournalAudit.ReadAsync(Journal);
        foreach (var node in journal.Where(r => !r.FinalStage.IsRunning()))
        {
            var view = await View(node.Identity);
            Assert.Equal((node.Identity, node.FinalStage, node.Attempts), (view.Identity, view.Stage, view.Attempt));
            Assert.Equal((node.Identity, node.CertificateSerials.LastOrDefault()), (view.Identity, view.CertificateSerial));
            var history = await _member.Cluster.Nodes.Ask<NodeHistory>(new NodeQueries.GetHistory(node.Identity), TimeSpan.FromSeconds(30));
            Assert.Equal((node.Identity, node.Events), (history.Identity, history.Events.Count));
        }
        var failed = await _member.Cluster.Nodes.Ask<NodeHistory>(new NodeQueries.GetHistory(Id(6)), TimeSpan.FromSeconds(30));
        Assert.Equal(4, failed.Events.Count(line => line.Contains("StepRetried step=Configure")));
        Assert.Contains("AttemptFailed step=Configure: choria_provision#configure: no reply", failed.Events[^1]);
    }

    [Fact]
    public async Task Attempts_in_flight_in_the_old_journal_resume_when_their_nodes_are_seen_again_and_none_is_signed_twice()
    {
        var before = (await JournalAudit.ReadAsync(Journal)).ToDictionary(r => r.Identity);
        foreach (var n in new[] { 9, 10, 11 })
        {
            _fleet.Discoverable.Add(Id(n));
        }
        foreach (var n in new[] { 9, 10, 11 })
        {
            await Eventually.TrueAsync(async () => (await View(Id(n))).Stage == NodeStage.Provisioned, TimeSpan.FromSeconds(60), $"{Id(n)} provisioned");
        }
        var after = (await JournalAudit.ReadAsync(Journal)).ToDictionary(r => r.Identity);

        // Credentials issued: configured with them, attempt 1, nothing signed.
        Assert.Equal((0, 0, 1), (_fleet.Calls(Id(9), ProvisioningStep.Sign), _fleet.Calls(Id(9), ProvisioningStep.IssueServerJwt), _fleet.Calls(Id(9), ProvisioningStep.Configure)));
        Assert.Equal((1, before[Id(9)].CertificateSerials.Single(), before[Id(9)].JwtIds.Single()), (after[Id(9)].Attempts, after[Id(9)].CertificateSerials.Single(), after[Id(9)].JwtIds.Single()));
        // Configured: restarted only.
        Assert.Equal((0, 0, 1), (_fleet.Calls(Id(11), ProvisioningStep.Sign), _fleet.Calls(Id(11), ProvisioningStep.Configure), _fleet.Calls(Id(11), ProvisioningStep.Restart)));
        Assert.Equal((1, before[Id(11)].CertificateSerials.Single()), (after[Id(11)].Attempts, after[Id(11)].CertificateSerials.Single()));
        // Nothing issued: run again from the start as attempt 2, signed once.
        Assert.Equal((1, 1), (_fleet.Calls(Id(10), ProvisioningStep.Jwt, attempt: 2), _fleet.Calls(Id(10), ProvisioningStep.Sign, attempt: 2)));
        Assert.Equal((2, 1), (after[Id(10)].Attempts, after[Id(10)].CertificateSerials.Count));
    }

    public async Task DisposeAsync()
    {
        await _member.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
