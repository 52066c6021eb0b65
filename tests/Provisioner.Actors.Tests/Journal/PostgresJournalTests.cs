using Akka.Actor;
using Npgsql;
using Provisioner.Actors.Journal;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Journal;

/// <summary>
/// One real member on a real PostgreSQL 15 journal, with fake steps. Each instance (one per test) gets
/// its own server and database: a journal is never shared with another mode or another test.
/// </summary>
public sealed class PostgresJournalTests : IAsyncLifetime
{
    private const int NodeCount = 20;
    private readonly FakeFleet _fleet = new();
    private PostgresServerProcess _postgres = null!;
    private TestMember? _member;

    private static IEnumerable<string> Identities => Enumerable.Range(1, NodeCount).Select(i => $"pg{i}.example.net");

    public async Task InitializeAsync() => _postgres = await PostgresServerProcess.StartAsync();

    private async Task StartMemberAsync() =>
        _member = await TestMember.StartAsync(new JournalStore(JournalDatabase.Postgres, _postgres.ConnectionString), _fleet, upTimeout: TimeSpan.FromSeconds(60));

    private async Task StopMemberAsync()
    {
        await _member!.LeaveAsync(TimeSpan.FromSeconds(60));
        _member = null;
    }

    private async Task<NodeView> View(string identity) =>
        await _member!.Cluster.Nodes.Ask<NodeView>(new NodeQueries.GetState(identity), TimeSpan.FromSeconds(10));

    private async Task<long> JournalRowsAsync(string identity)
    {
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM journal WHERE persistence_id LIKE @id", connection);
        command.Parameters.AddWithValue("id", $"%{identity}");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Member_restarted_on_the_same_postgres_journal_remembers_every_node()
    {
        await StartMemberAsync();
        foreach (var identity in Identities) _fleet.Discoverable.Add(identity);
        foreach (var identity in Identities)
        {
            await Eventually.TrueAsync(async () => (await View(identity)).Stage == NodeStage.Provisioned,
                TimeSpan.FromSeconds(120), $"{identity} reaches Provisioned");
        }
        var before = new Dictionary<string, NodeView>();
        foreach (var identity in Identities) before[identity] = await View(identity);

        await StopMemberAsync();
        Assert.True(await JournalRowsAsync("pg1.example.net") > 0, "pg1.example.net's events are in PostgreSQL's journal table");
        _fleet.Discoverable.Clear();
        await StartMemberAsync();

        foreach (var identity in Identities)
        {
            var after = await View(identity);
            Assert.Equal(NodeStage.Provisioned, after.Stage);
            Assert.NotNull(after.CertificateSerial);
            Assert.NotNull(after.JwtId);
            Assert.Equal(before[identity].CertificateSerial, after.CertificateSerial);
            Assert.Equal(before[identity].JwtId, after.JwtId);
            Assert.Equal(1, _fleet.Calls(identity, ProvisioningStep.Sign));
        }
    }

    public async Task DisposeAsync()
    {
        if (_member is not null) await _member.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
