using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Provisioner.Host.LiveConsole.Client;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Host.LiveConsole.Server;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Host.Tests.LiveConsole;

/// <summary>The cluster verbs with two members in one process sharing one SQLite journal.</summary>
public sealed class TwoMemberConsoleTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("provisioner-console-two-").FullName;
    private readonly FakeFleet _fleet = new();
    private ConsoleMember _first = null!;
    private ConsoleMember _second = null!;

    public async Task InitializeAsync()
    {
        var journal = $"Data Source={Path.Combine(_dir, "journal.db")}";
        _first = await ConsoleMember.StartAsync(journal, _fleet, new ConsoleOptions(), logBufferConfigured: true);
        _second = await ConsoleMember.StartAsync(journal, _fleet, new ConsoleOptions(), seed: _first.AkkaAddress, logBufferConfigured: true);
    }

    private async Task<IReadOnlyList<IReadOnlyList<string>>> Rows(params string[] words) =>
        (await ConsoleCalls.RunAsync(_first.ConsoleAddress, words)).Rows();

    // While shards move, a stats query may time out; a condition polled until it holds reads that as "not yet".
    private async Task<IReadOnlyList<IReadOnlyList<string>>> RowsOrNone(params string[] words)
    {
        var responses = await ConsoleCalls.RunAsync(_first.ConsoleAddress, words);
        return responses.Any(r => r.Kind == ResponseKinds.Table) ? responses.Rows() : [];
    }

    [Fact]
    public async Task Cluster_show_lists_both_members_and_leave_hands_the_leaving_members_shards_to_the_other()
    {
        await Eventually.TrueAsync(async () => (await Rows("cluster", "show")).Count(r => r[2] == "Up") == 2, TimeSpan.FromSeconds(30), "both members up");
        var members = await Rows("cluster", "show");
        Assert.Equal(new[] { _first.AkkaAddress, _second.AkkaAddress }.Order(), members.Select(r => r[0]).Order());
        Assert.All(members, r => Assert.Equal("reachable", r[3]));

        foreach (var i in Enumerable.Range(1, 12))
        {
            _fleet.Discoverable.Add($"spread{i}.example.net");
        }
        await Eventually.TrueAsync(async () =>
        {
            var stats = await RowsOrNone("shard", "stats");
            return stats.Count == 3 && stats.All(r => int.Parse(r[2]) > 0) && stats[^1][2] == "12";
        }, TimeSpan.FromSeconds(60), "twelve entities spread over both members");

        var leaving = await ConsoleCalls.RunAsync(_first.ConsoleAddress, "cluster", "leave", $"127.0.0.1:{_second.Port}");
        Assert.Equal([$"{_second.AkkaAddress} is leaving: its shards and singletons hand over, then it exits"], leaving.Lines());
        await _second.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(60));

        await Eventually.TrueAsync(async () => (await Rows("cluster", "show")).Count == 1, TimeSpan.FromSeconds(30), "the leaver is removed");
        await Eventually.TrueAsync(async () =>
        {
            var stats = await RowsOrNone("shard", "stats");
            return stats.Count == 2 && stats[0][0] == _first.AkkaAddress && stats[1][2] == "12";
        }, TimeSpan.FromSeconds(60), "every remembered entity runs on the remaining member");
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await using var _ = await ConsoleClient.ConnectAsync(_second.ConsoleAddress, null, TimeSpan.FromSeconds(5), CancellationToken.None);
                return false;
            }
            catch (SocketException)
            {
                return true;
            }
        }, TimeSpan.FromSeconds(30), "the leaver's console stopped with its actor system");
    }

    [Fact]
    public async Task Console_logger_configured_as_an_akka_logger_keeps_the_members_log_from_its_first_lines()
    {
        var lines = (await ConsoleCalls.RunAsync(_first.ConsoleAddress, "log", "recent", "1000", "--level", "info")).Lines();
        Assert.Contains(lines, l => l.Contains($"Cluster Node [{_first.AkkaAddress}] - Starting up"));
        Assert.Contains(lines, l => l.Contains($"console listening on 127.0.0.1:{_first.ConsoleAddress.Port}"));
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
