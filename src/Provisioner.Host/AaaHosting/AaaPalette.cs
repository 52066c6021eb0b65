using Provisioner.Aaa.Audit;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Host.LiveConsole.Server;

namespace Provisioner.Host.AaaHosting;

/// <summary><c>aaa</c>: the AAA audit trail the cluster's members keep in the journal.</summary>
public sealed class AaaPalette(JournalAuditLog audit) : ICommandPalette
{
    public string Name => "aaa";

    public string Help => "AAA: the audit trail of every login and signing decision";

    public IReadOnlyList<ConsoleCommand> Commands =>
    [
        new("audit", "Login and signing decisions, oldest first",
            [
                CommandArgument.Option("--user", "Only this user (bob or up=bob)"),
                CommandArgument.Option("--since", "From this RFC 3339 time, or this long ago (90m, 24h)"),
                CommandArgument.Option("--limit", "At most this many of the newest (default 100)"),
            ], AuditAsync),
    ];

    private async Task AuditAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        DateTimeOffset? since;
        try
        {
            since = invocation.Optional("--since") is { } text ? AuditSince.Parse(text, DateTimeOffset.UtcNow) : null;
        }
        catch (FormatException e)
        {
            throw new CommandUsageException($"--since: {e.Message}");
        }
        var records = await audit.ReadAsync(new AuditQuery(invocation.Optional("--user"), since, invocation.Int("--limit", 100, 1, 100_000)), cancellation);
        await invocation.TableAsync(AuditLine.Columns, [.. records.Select(AuditLine.Cells)], cancellation);
    }
}
