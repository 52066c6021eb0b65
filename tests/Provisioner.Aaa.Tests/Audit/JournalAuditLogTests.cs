using Microsoft.Data.Sqlite;
using Npgsql;
using Provisioner.Aaa.Audit;
using Provisioner.Testing;

namespace Provisioner.Aaa.Tests.Audit;

public sealed class JournalAuditLogTests
{
    private static AuditRecord Record(string id, string user, DateTimeOffset at, AuditDecision decision = AuditDecision.Allow) =>
        new(id, at, "london", "member-1", AuditKind.Sign, user, "up=" + user, decision, "rpcutil.ping", "allowed by rpcutil.*", "{\"protocol\":\"choria:request:1\"}");

    [Fact]
    public async Task On_sqlite_a_repeat_is_ignored_and_queries_select_by_user_and_time()
    {
        var file = Path.Combine(Path.GetTempPath(), $"aaa-audit-{Guid.NewGuid():N}.db");
        try
        {
            await AssertBehaviourAsync(new JournalAuditLog(() => new SqliteConnection($"Data Source={file}")));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task On_postgres_members_creating_the_table_together_and_repeats_are_handled()
    {
        await using var postgres = await PostgresServerProcess.StartAsync();
        var logs = Enumerable.Range(0, 3).Select(_ => new JournalAuditLog(() => new NpgsqlConnection(postgres.ConnectionString))).ToList();

        await Task.WhenAll(logs.Select(l => l.EnsureCreatedAsync()));

        await AssertBehaviourAsync(logs[0], created: true);
    }

    private static async Task AssertBehaviourAsync(JournalAuditLog log, bool created = false)
    {
        if (!created)
        {
            await log.EnsureCreatedAsync();
            await log.EnsureCreatedAsync();
        }
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await log.WriteAsync(Record("a", "bob", start), default);
        await log.WriteAsync(Record("a", "bob", start.AddSeconds(5)), default);
        await log.WriteAsync(Record("b", "bob", start.AddMinutes(10), AuditDecision.Deny), default);
        await log.WriteAsync(Record("c", "alice", start.AddMinutes(10)), default);

        var bob = await log.ReadAsync(new AuditQuery("up=bob"));
        var recent = await log.ReadAsync(new AuditQuery("bob", start.AddMinutes(1)));
        var all = await log.ReadAsync(new AuditQuery());

        Assert.Equal(["a", "b"], bob.Select(r => r.Id));
        Assert.Equal(start, bob[0].Time);
        Assert.Equal(AuditDecision.Deny, bob[1].Decision);
        Assert.Equal("b", Assert.Single(recent).Id);
        Assert.Equal(3, all.Count);
        Assert.Equal("b", Assert.Single(await log.ReadAsync(new AuditQuery(Limit: 1))).Id);
    }
}
