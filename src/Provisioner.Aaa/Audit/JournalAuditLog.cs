using System.Data.Common;

namespace Provisioner.Aaa.Audit;

/// <summary>
/// The audit trail in the cluster's journal database (SQLite or PostgreSQL), table <c>aaa_audit</c>. Each decision is
/// one committed row before its answer leaves the member, so a member killed at any point loses no answered
/// decision; the row's key is <see cref="AuditRecord.Id"/> and a repeat is ignored (<c>ON CONFLICT DO NOTHING</c>),
/// so a client retrying the same request on another member adds no duplicate. A table rather than Akka events:
/// the service is stateless and every member writes concurrently, which a single persistent actor would serialise
/// through one member and a per-member actor could not deduplicate across members.
/// </summary>
public sealed class JournalAuditLog(Func<DbConnection> connect) : IAuditSink
{
    public const string Table = "aaa_audit";

    private const string Columns = "id, at_ms, site, member, kind, user_name, caller, decision, subject, reason, request";

    /// <summary>
    /// Creates the table and its index when they do not exist; every member runs it at start. PostgreSQL's
    /// <c>IF NOT EXISTS</c> is not safe against a concurrent creator (members started together), so a failed attempt
    /// is tried again once the other has committed.
    /// </summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellation = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CreateAsync(cancellation);
                return;
            }
            catch (DbException) when (attempt < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellation);
            }
        }
    }

    private async Task CreateAsync(CancellationToken cancellation)
    {
        await using var connection = connect();
        await connection.OpenAsync(cancellation);
        foreach (var sql in new[]
        {
            $"CREATE TABLE IF NOT EXISTS {Table} (id VARCHAR(64) PRIMARY KEY, at_ms BIGINT NOT NULL, site TEXT NOT NULL, member TEXT NOT NULL, " +
            "kind TEXT NOT NULL, user_name TEXT NOT NULL, caller TEXT NOT NULL, decision TEXT NOT NULL, subject TEXT NOT NULL, reason TEXT NOT NULL, request TEXT NOT NULL)",
            $"CREATE INDEX IF NOT EXISTS {Table}_user_at ON {Table} (user_name, at_ms)",
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellation);
        }
    }

    public async Task WriteAsync(AuditRecord record, CancellationToken cancellation)
    {
        await using var connection = connect();
        await connection.OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {Table} ({Columns}) VALUES (@id, @at, @site, @member, @kind, @user, @caller, @decision, @subject, @reason, @request) ON CONFLICT (id) DO NOTHING";
        Add(command, "id", record.Id);
        Add(command, "at", record.Time.ToUnixTimeMilliseconds());
        Add(command, "site", record.Site);
        Add(command, "member", record.Member);
        Add(command, "kind", record.Kind.ToString().ToLowerInvariant());
        Add(command, "user", record.User);
        Add(command, "caller", record.Caller);
        Add(command, "decision", record.Action);
        Add(command, "subject", record.Subject);
        Add(command, "reason", record.Reason);
        Add(command, "request", record.Request);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>The records <paramref name="query"/> selects, oldest first.</summary>
    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditQuery query, CancellationToken cancellation = default)
    {
        await using var connection = connect();
        await connection.OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (!string.IsNullOrEmpty(query.User))
        {
            where.Add("user_name = @user");
            Add(command, "user", Tokens.CallerIds.UserOf(query.User));
        }
        if (query.Since is { } since)
        {
            where.Add("at_ms >= @since");
            Add(command, "since", since.ToUnixTimeMilliseconds());
        }
        var filter = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);
        command.CommandText = $"SELECT {Columns} FROM (SELECT {Columns} FROM {Table}{filter} ORDER BY at_ms DESC, id LIMIT @limit) AS newest ORDER BY at_ms, id";
        Add(command, "limit", (long)Math.Max(1, query.Limit));
        var records = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            records.Add(new AuditRecord(
                reader.GetString(0),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4) == "login" ? AuditKind.Login : AuditKind.Sign,
                reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7) == "allow" ? AuditDecision.Allow : AuditDecision.Deny,
                reader.GetString(8),
                reader.GetString(9),
                reader.GetString(10)));
        }
        return records;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
