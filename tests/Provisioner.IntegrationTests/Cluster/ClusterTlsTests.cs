using System.Net;
using Provisioner.Agent.Fleet;
using Provisioner.Host.LiveConsole.Client;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Security.Pki;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Cluster;

/// <summary>
/// Two member processes with certificates from the cluster CA form a cluster over mutual TLS; a process that
/// holds no such certificate, seeded at them, cannot join: the members, and who holds the shards, stay as they were.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class ClusterTlsTests(NatsServerFixture nats) : OnboardingWorldTest(nats)
{
    private readonly List<MemberProcess> _members = [];
    private MemberProcess _first = null!;
    private MemberProcess _second = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The provisioner's own CA is the cluster CA; the intruder's CA is one nobody here trusts.
        using (var cluster = CertificateAuthority.Load(Path.Combine(World.Dir, "ca")))
        {
            WriteMember("first", cluster, cluster.CertificatePem);
            WriteMember("second", cluster, cluster.CertificatePem);
            using var foreign = CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256, "Intruder CA");
            // Its best case: it trusts the real cluster CA (whose certificate is no secret) as well as its own,
            // so its side of every handshake succeeds and only the members' checks can keep it out.
            WriteMember("intruder", foreign, cluster.CertificatePem + "\n" + foreign.CertificatePem);
        }
        _first = await Start("first", []);
        _second = await Start("second", [_first.Address]);
        await Eventually.TrueAsync(async () => (await MembersAsync(_first)).Count(m => m.Status == "Up") == 2, TimeSpan.FromMinutes(1));
        // Machines onboarded, so that shards are allocated across both members.
        var result = await new FleetSimulator(new FleetOptions
        {
            Nodes = 20,
            Token = World.Token,
            BrokerUrls = [World.NatsUrl],
            Concurrency = 20,
            IdentityPrefix = "tls",
            RestartDelay = TimeSpan.FromMilliseconds(100),
            Timeout = TimeSpan.FromMinutes(2),
        }).RunAsync();
        Assert.True(result.AllProvisioned, result.SummaryLine);
    }

    public override async Task DisposeAsync()
    {
        foreach (var member in _members) await member.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Member_with_a_certificate_from_another_ca_cannot_join_and_changes_no_membership_or_shards()
    {
        var before = await SnapshotAsync();
        var intruder = MemberProcess.Launch(Config("intruder", tls: true), "sqlite", IntruderJournal("intruder"), [_first.Address, _second.Address], secure: true);
        _members.Add(intruder);

        await AwaitAttemptsAsync(intruder);
        // Both members refused it by its certificate, not by accident of the network.
        await WithOutputAsync(intruder, () => Eventually.TrueAsync(() => Refused(_first, "CN=intruder") && Refused(_second, "CN=intruder"), TimeSpan.FromMinutes(1)));
        Assert.Contains("does not chain to the cluster CA", _first.Output);

        await AssertUnchangedAsync(before, intruder);
    }

    [Fact]
    public async Task Member_without_cluster_tls_cannot_join_and_changes_no_membership_or_shards()
    {
        var before = await SnapshotAsync();
        // A plain member dials the same ports with the plain scheme.
        var plainSeeds = new[] { _first.Port, _second.Port }.Select(p => Actors.Cluster.ClusterOptions.AddressOf("127.0.0.1", p)).ToList();
        var intruder = MemberProcess.Launch(Config("plain", tls: false), "sqlite", IntruderJournal("plain"), plainSeeds);
        _members.Add(intruder);

        await AwaitAttemptsAsync(intruder);

        await AssertUnchangedAsync(before, intruder);
    }

    /// <summary>Waits until the intruder has tried its seeds and given up at least once.</summary>
    private Task AwaitAttemptsAsync(MemberProcess intruder) =>
        WithOutputAsync(intruder, () => Eventually.TrueAsync(() => intruder.Output.Contains("Couldn't join seed nodes after", StringComparison.Ordinal), TimeSpan.FromMinutes(2)));

    private async Task WithOutputAsync(MemberProcess intruder, Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- intruder ---\n{intruder.Output}\n--- first member ---\n{_first.Output}", e);
        }
    }

    private async Task AssertUnchangedAsync(Snapshot before, MemberProcess intruder)
    {
        Assert.False(intruder.IsUp, intruder.Output);
        foreach (var member in new[] { _first, _second })
        {
            var members = await MembersAsync(member);
            Assert.Equal(before.Members, members.Select(m => m.Address).Order().ToList());
            Assert.All(members, m => Assert.Equal("Up", m.Status));
            Assert.DoesNotContain(members, m => m.Address.EndsWith($":{intruder.Port}", StringComparison.Ordinal));
        }
        var after = await SnapshotAsync();
        Assert.Equal(before.ShardHolders, after.ShardHolders);
        Assert.Equal(before.Shards, after.Shards);
    }

    private sealed record Snapshot(IReadOnlyList<string> Members, IReadOnlyList<string> ShardHolders, int Shards);

    private async Task<Snapshot> SnapshotAsync()
    {
        var members = (await MembersAsync(_first)).Select(m => m.Address).Order().ToList();
        Assert.Equal(new[] { _first.Address, _second.Address }.Order().ToList(), members);
        var rows = (await RunAsync(_first, "shard", "stats")).First(r => r.Kind == ResponseKinds.Table).Rows!;
        var holders = rows.Where(r => r[0] != "total").Select(r => r[0]).Order().ToList();
        var shards = int.Parse(rows.Single(r => r[0] == "total")[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(shards > 0, "the fleet run allocated no shards");
        return new Snapshot(members, holders, shards);
    }

    private static async Task<IReadOnlyList<(string Address, string Status)>> MembersAsync(MemberProcess member)
    {
        var rows = (await RunAsync(member, "cluster", "show")).First(r => r.Kind == ResponseKinds.Table).Rows!;
        return rows.Select(r => (r[0], r[2])).ToList();
    }

    private static async Task<List<ConsoleResponse>> RunAsync(MemberProcess member, params string[] words)
    {
        await using var client = await ConsoleClient.ConnectAsync(member.Console, null, TimeSpan.FromSeconds(10), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var responses = new List<ConsoleResponse>();
        await foreach (var response in client.RunAsync(words, timeout.Token))
        {
            responses.Add(response);
        }
        return responses;
    }

    private static bool Refused(MemberProcess member, string subject) =>
        member.Output.Split('\n').Any(l => l.Contains("refusing cluster peer", StringComparison.Ordinal) && l.Contains(subject, StringComparison.Ordinal));

    private async Task<MemberProcess> Start(string name, IReadOnlyList<string> seeds)
    {
        var member = await MemberProcess.StartAsync(Config(name, tls: true), "sqlite", World.JournalConnection, seeds, secure: true);
        _members.Add(member);
        return member;
    }

    /// <summary>An intruder brings its own journal: it shares nothing with the cluster but the network.</summary>
    private string IntruderJournal(string name) => $"Data Source={Path.Combine(World.Dir, name + ".db")}";

    private void WriteMember(string name, CertificateAuthority issuer, string trustedCaPem)
    {
        var issued = issuer.IssueMember(name, ["localhost"], [IPAddress.Loopback], TimeSpan.FromDays(1));
        var directory = Directory.CreateDirectory(Path.Combine(World.Dir, "tls-" + name)).FullName;
        File.WriteAllText(Path.Combine(directory, "member.pem"), issued.CertificatePem);
        File.WriteAllText(Path.Combine(directory, "member.key"), issued.PrivateKeyPem);
        File.WriteAllText(Path.Combine(directory, "ca.pem"), trustedCaPem);
    }

    private string Config(string name, bool tls)
    {
        var directory = Path.Combine(World.Dir, "tls-" + name);
        var settings = tls
            ? $$"""
              cluster.tls {
                cert = "{{Path.Combine(directory, "member.pem")}}"
                key = "{{Path.Combine(directory, "member.key")}}"
                ca = "{{Path.Combine(directory, "ca.pem")}}"
              }
              """
            : "";
        var path = Path.Combine(World.Dir, name + ".conf");
        File.WriteAllText(path, World.MemberConfig(settings));
        return path;
    }
}
