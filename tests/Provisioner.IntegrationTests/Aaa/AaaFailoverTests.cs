using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NATS.Client.Core;
using Provisioner.Aaa.Audit;
using Provisioner.Aaa.Client;
using Provisioner.IntegrationTests.Cluster;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Messages.Wire;
using Provisioner.Security.Keys;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Aaa;

/// <summary>
/// Three member processes serve aaa_signer on one journal; one is SIGKILLed in the middle of a signing burst. The
/// client repeats a request that got no answer, as a client would: every request ends signed, and the audit trail
/// holds exactly one allow record for each, none lost with the killed member and none doubled by the repeats.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class AaaFailoverTests(NatsServerFixture nats) : OnboardingWorldTest(nats)
{
    private const int Requests = 240;
    private readonly List<MemberProcess> _members = [];

    public override async Task DisposeAsync()
    {
        foreach (var member in _members) await member.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_member_killed_during_a_signing_burst_loses_and_doubles_no_audit_record()
    {
        var aaa = new AaaSetup(World.Dir);
        var config = World.WriteMemberConfig(aaa.MemberSetting);
        var first = await MemberProcess.StartAsync(config, "sqlite", World.JournalConnection, []);
        _members.Add(first);
        _members.Add(await MemberProcess.StartAsync(config, "sqlite", World.JournalConnection, [first.Address]));
        _members.Add(await MemberProcess.StartAsync(config, "sqlite", World.JournalConnection, [first.Address]));

        await using var connection = new NatsConnection(new NatsOpts { Url = Nats.Url });
        await connection.ConnectAsync();
        using var key = Ed25519KeyPair.Generate();
        var token = aaa.BobToken(key);
        var client = new AaaSignerClient(connection, "choria", "burst-client", TimeProvider.System);
        var requests = Enumerable.Range(0, Requests)
            .Select(_ => ClientRequests.Build("rpcutil", "ping", RpcData.EmptyObject, "up=bob", "burst-client", "choria", TimeProvider.System))
            .ToList();
        var signed = new ConcurrentDictionary<string, string>();
        var repeats = 0;

        var burst = Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (request, cancellation) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    signed[RequestId(request)] = await client.SignAsync(request, token, key, cancellation);
                    return;
                }
                catch (AaaClientException) when (attempt < 5)
                {
                    Interlocked.Increment(ref repeats);
                }
            }
        });
        await Eventually.TrueAsync(() => signed.Count >= Requests / 4, TimeSpan.FromMinutes(2), "a quarter of the burst is signed");
        _members[1].Kill();
        await burst;

        Assert.Equal(Requests, signed.Count);
        var records = await new JournalAuditLog(() => new SqliteConnection(World.JournalConnection)).ReadAsync(new AuditQuery("bob", Limit: 10 * Requests));
        Assert.All(records, r => Assert.Equal(AuditDecision.Allow, r.Decision));
        var recordedIds = records.Select(r => RequestId(r.Request)).ToList();
        Assert.Equal(Requests, recordedIds.Count);
        Assert.Equal(requests.Select(RequestId).Order(), recordedIds.Order());
        Assert.True(records.Select(r => r.Member).Distinct().Count() >= 2, "the burst was spread over the members");
    }

    private static string RequestId(string request)
    {
        using var document = JsonDocument.Parse(request);
        return document.RootElement.GetProperty("envelope").GetProperty("requestid").GetString()!;
    }
}
