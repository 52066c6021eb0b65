using System.CommandLine;
using Provisioner.Actors.Journal;
using Akka.Configuration;
using Provisioner.Host.Members;
using Provisioner.Host.Reporting;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Issuance;
using Spectre.Console;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner report</c>: what the journal says was done: outcomes, failures by reason, speed, latency,
/// each member's share, and whether anything was signed twice. The demo and the benchmark end with it.
/// </summary>
public static class ReportCommand
{
    public static Command Create(CliWriters io)
    {
        var db = new Option<string?>("--db") { Description = "sqlite or postgres [env PROVISIONER_DB, default sqlite]" };
        var connection = new Option<string?>("--db-connection") { Description = "Journal connection string [env PROVISIONER_DB_CONNECTION, default Data Source=provisioner.db]" };
        var members = new Option<int?>("--members") { Description = "Members in the cluster (default: members that provisioned something)" };
        var expect = new Option<int?>("--expect") { Description = "Exit 1 unless exactly this many nodes are provisioned, none failed and none signed twice (by the journal, and by the ledger when given)" };
        var prefix = new Option<string?>("--identity-prefix") { Description = "Only nodes whose identity starts with this" };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the summary as JSON to this file" };
        var ledger = new Option<DirectoryInfo?>("--issuance-ledger") { Description = "The members' provisioner.issuance-ledger directory: also count attempts issued two serials or jtis (including ones the journal lost in a crash)" };
        var killedAt = new Option<string?>("--killed-at") { Description = "When a member was SIGKILLed (ISO 8601, UTC): also report the first node provisioned from an attempt started after it" };
        var newLeaderAt = new Option<string?>("--new-leader-at") { Description = "With --killed-at: when a new leader started (ISO 8601, UTC, as the members' logs stamp it); count only attempts started from then on, still timed from the kill (the dead leader's last starts begin just after the kill)" };
        var wait = new Option<int>("--wait") { Description = "Wait up to this many seconds for attempts still running to end (or --expect nodes to appear)", DefaultValueFactory = _ => 0 };
        var command = new Command("report", "Summarise provisioning from the journal: outcomes, failures, nodes per minute, latency, share per member");
        command.Options.Add(db);
        command.Options.Add(connection);
        command.Options.Add(members);
        command.Options.Add(expect);
        command.Options.Add(wait);
        command.Options.Add(json);
        command.Options.Add(prefix);
        command.Options.Add(ledger);
        command.Options.Add(killedAt);
        command.Options.Add(newLeaderAt);
        command.SetAction(async (parsed, cancellation) =>
        {
            JournalStore journal;
            try
            {
                journal = JournalSettings.Resolve(parsed.GetValue(db), parsed.GetValue(connection), ProvisionerVariables.FromProcess, Config.Empty);
            }
            catch (MemberConfigurationException e)
            {
                throw new UsageException(string.Join("; ", e.Problems));
            }
            var killed = Time(parsed.GetValue(killedAt), "--killed-at");
            var newLeader = Time(parsed.GetValue(newLeaderAt), "--new-leader-at");
            if (newLeader is not null && killed is null)
            {
                throw new UsageException("--new-leader-at needs --killed-at");
            }
            if (newLeader < killed)
            {
                throw new UsageException($"--new-leader-at: {parsed.GetValue(newLeaderAt)} is before --killed-at {parsed.GetValue(killedAt)}");
            }
            var deadline = DateTime.UtcNow.AddSeconds(parsed.GetValue(wait));
            var expected = parsed.GetValue(expect);
            ProvisioningSummary summary;
            while (true)
            {
                IReadOnlyList<NodeRecord> records;
                try
                {
                    records = await JournalAudit.ReadAsync(journal, cancellation);
                }
                catch (System.Data.Common.DbException e)
                {
                    throw new UsageException($"cannot read the {journal.Database} journal: {e.Message}");
                }
                if (parsed.GetValue(prefix) is { Length: > 0 } only)
                {
                    records = records.Where(r => r.Identity.StartsWith(only, StringComparison.Ordinal)).ToList();
                }
                summary = ProvisioningSummary.Of(records, parsed.GetValue(members));
                if (parsed.GetValue(ledger) is { } ledgerDir)
                {
                    var issued = IssuanceLedger.ReadAll(ledgerDir.FullName)
                        .Where(l => parsed.GetValue(prefix) is not { Length: > 0 } only || l.Identity.StartsWith(only, StringComparison.Ordinal))
                        .ToList();
                    summary = summary with { Issuance = IssuanceAudit.Of(issued, records) };
                }
                if (killed is { } k)
                {
                    summary = summary with { Failover = ServedAfterKill.Of(records, k, newLeader) };
                }
                var settled = summary.InProgress == 0 && (expected is null || summary.Nodes >= expected);
                if (settled || DateTime.UtcNow >= deadline) break;
                await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
            }
            Render(summary, io);
            if (parsed.GetValue(json) is { } jsonFile)
            {
                await File.WriteAllTextAsync(jsonFile.FullName, summary.ToJson(), cancellation);
            }
            return expected is null || (summary.Provisioned == expected && summary.Failed == 0 && summary.SingleIssuance)
                ? ExitCodes.Ok
                : ExitCodes.Invalid;
        });
        return command;
    }

    private static void Render(ProvisioningSummary s, CliWriters io)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(io.Out), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var table = new Table().Border(TableBorder.Rounded).Title("Provisioning summary");
        table.AddColumn("measure");
        table.AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("nodes in journal", s.Nodes.ToString());
        table.AddRow("provisioned", s.Provisioned.ToString());
        table.AddRow("shut down on request", s.ShutDown.ToString());
        table.AddRow("failed or deferred", s.Failed.ToString());
        table.AddRow("still in progress", s.InProgress.ToString());
        table.AddRow("signed twice (must be 0)", s.SignedTwice.ToString());
        if (s.Issuance is { } issuance)
        {
            table.AddRow("ledger: attempts issued twice (must be 0)", issuance.IssuedTwice.ToString());
            table.AddRow("ledger: provisioned, not in it (must be 0)", issuance.NotInLedger.ToString());
            table.AddRow("ledger: re-issued after a crash, same id", issuance.IssuedAgain.ToString());
        }
        table.AddRow("nodes per minute (whole run)", s.NodesPerMinute.ToString("F0"));
        table.AddRow("nodes per minute (steady, 10-90%)", s.SteadyNodesPerMinute.ToString("F0"));
        table.AddRow("p50 time to provisioned", Ms(s.P50));
        table.AddRow("p95 time to provisioned", Ms(s.P95));
        table.AddRow("p99 time to provisioned", Ms(s.P99));
        table.AddRow("journal events per node", s.EventsPerNode.ToString("F1"));
        console.Write(table);
        if (s.FailuresByReason.Count > 0)
        {
            var failures = new Table().Border(TableBorder.Rounded).Title("Failures by reason");
            failures.AddColumn("reason");
            failures.AddColumn(new TableColumn("nodes").RightAligned());
            foreach (var (reason, count) in s.FailuresByReason) failures.AddRow(Markup.Escape(reason), count.ToString());
            console.Write(failures);
        }
        var share = new Table().Border(TableBorder.Rounded).Title("Share per member");
        share.AddColumn("member");
        share.AddColumn(new TableColumn("provisioned").RightAligned());
        share.AddColumn(new TableColumn("share").RightAligned());
        foreach (var (member, count) in s.PerMember)
        {
            share.AddRow(Markup.Escape(member), count.ToString(), s.Provisioned == 0 ? "-" : $"{100.0 * count / s.Provisioned:F0}%");
        }
        console.Write(share);
        if (s.Failover is { } f)
        {
            var counted = f.FromNewLeader ? $"started after the new leader did ({(f.CountedFrom - f.KilledAt).TotalSeconds:F1} s after the kill)" : "started after the kill";
            io.Out.WriteLine(f.FirstProvisioned is { } t
                ? $"failover: first node provisioned from an attempt {counted} {t.TotalSeconds:F1} s after the SIGKILL ({f.Identity} by {f.Member}; {f.NodesServed} such nodes)"
                : $"failover: no node was provisioned from an attempt {counted}");
        }
        io.Out.WriteLine($"provisioned={s.Provisioned} failed={s.Failed} nodes_per_min={s.NodesPerMinute:F0} members={s.Members}");
    }

    private static DateTimeOffset? Time(string? text, string option) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at
        : throw new UsageException($"{option}: '{text}' is not an ISO 8601 time");

    private static string Ms(TimeSpan? t) => t is null ? "-" : $"{t.Value.TotalMilliseconds:F0} ms";
}
