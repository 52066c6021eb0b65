using System.CommandLine;
using Akka.Configuration;
using Provisioner.Aaa.Audit;
using Provisioner.Host.Members;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner aaa audit [--user U] [--since T]</c>: the AAA decisions the members recorded in the journal, read
/// straight from the database (the console's <c>aaa audit</c> reads the same through a member).
/// </summary>
internal static class AaaAuditCommand
{
    public static Command Create(CliWriters io)
    {
        var db = new Option<string?>("--db") { Description = "sqlite or postgres [env PROVISIONER_DB, default sqlite]" };
        var connection = new Option<string?>("--db-connection") { Description = "Journal connection string [env PROVISIONER_DB_CONNECTION, default Data Source=provisioner.db]" };
        var user = new Option<string?>("--user") { Description = "Only this user (bob or up=bob)" };
        var since = new Option<string?>("--since") { Description = "From this RFC 3339 time, or this long ago (90m, 24h)" };
        var limit = new Option<int>("--limit") { Description = "At most this many of the newest", DefaultValueFactory = _ => 1000 };
        var command = new Command("audit", "Every login and signing decision the AAA service recorded, oldest first") { db, connection, user, since, limit };
        command.SetAction(async (parsed, cancellation) =>
        {
            Actors.Journal.JournalStore journal;
            try
            {
                journal = JournalSettings.Resolve(parsed.GetValue(db), parsed.GetValue(connection), ProvisionerVariables.FromProcess, Config.Empty);
            }
            catch (MemberConfigurationException e)
            {
                throw new UsageException(string.Join("; ", e.Problems));
            }
            DateTimeOffset? from;
            try
            {
                from = parsed.GetValue(since) is { } text ? AuditSince.Parse(text, DateTimeOffset.UtcNow) : null;
            }
            catch (FormatException e)
            {
                throw new UsageException($"--since: {e.Message}");
            }
            IReadOnlyList<AuditRecord> records;
            try
            {
                records = await new JournalAuditLog(() => journal.Connect(readOnly: true)).ReadAsync(new AuditQuery(parsed.GetValue(user), from, Math.Max(1, parsed.GetValue(limit))), cancellation);
            }
            catch (System.Data.Common.DbException e)
            {
                throw new UsageException($"cannot read the AAA audit trail from the {journal.Database} journal: {e.Message}");
            }
            foreach (var record in records)
            {
                io.Out.WriteLine(AuditLine.Format(record));
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
