using System.Text.Json;
using Provisioner.Host.Cli;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Onboarding;

/// <summary>
/// <c>provisioner fleet --protocol mixed</c> against one member on an org issuer network over a real nats-server: the
/// member provisions the v1 half and the v2 half at once, and the summary and <c>--json</c> count both protocols.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class MixedProtocolFleetTests(NatsServerFixture nats) : OrgIssuerNetworkTest(nats)
{
    [Fact]
    public async Task A_mixed_fleet_provisioned_by_one_member_shows_its_v1_and_v2_counts_in_the_summary_and_the_json()
    {
        await World.StartMemberAsync(Network.MemberSettings);
        var tokenFile = Path.Combine(World.Dir, "fleet.token");
        await File.WriteAllTextAsync(tokenFile, Network.ProvisioningToken(protocolV2: false));
        var jsonFile = Path.Combine(World.Dir, "fleet.json");
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await ProvisionerCli.RunAsync(
            ["fleet", "--nodes", "6", "--token-file", tokenFile, "--broker", Nats.Url, "--protocol", "mixed", "--identity-prefix", "mixp",
             "--restart-delay", "100ms", "--connections", "2", "--timeout", "120", "--json", jsonFile],
            output, error);

        Assert.True(exit == ExitCodes.Ok, output + "\n" + error);
        Assert.Contains("  protocols: v1 3 nodes (3 provisioned), v2 3 nodes (3 provisioned)", output.ToString().Split('\n').Select(l => l.TrimEnd('\r')));
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(jsonFile));
        var protocols = json.RootElement.GetProperty("protocols");
        foreach (var protocol in new[] { "v1", "v2" })
        {
            Assert.Equal(3, protocols.GetProperty(protocol).GetProperty("nodes").GetInt32());
            Assert.Equal(3, protocols.GetProperty(protocol).GetProperty("provisioned").GetInt32());
        }
        // The member journaled all six, both halves, as provisioned.
        await Eventually.TrueAsync(async () => (await World.JournalAsync("mixp")).Count(r => r.FinalStage == NodeStage.Provisioned) == 6, TimeSpan.FromSeconds(30));
    }
}
