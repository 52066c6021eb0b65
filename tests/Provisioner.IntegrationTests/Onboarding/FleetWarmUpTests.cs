using System.Text.Json;
using Provisioner.Host.Cli;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Onboarding;

/// <summary>
/// <c>provisioner fleet --warmup-nodes</c> and <c>--start-file</c> against one member over a real nats-server: the
/// warm-up nodes are provisioned first and counted nowhere, and the counted nodes wait for the start file.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class FleetWarmUpTests(NatsServerFixture nats) : OnboardingWorldTest(nats)
{
    private string[] FleetArgs(string tokenFile, string startFile, string jsonFile) =>
        ["fleet", "--nodes", "3", "--identity-prefix", "counted", "--warmup-nodes", "2", "--warmup-prefix", "warm", "--start-file", startFile,
         "--token-file", tokenFile, "--broker", Nats.Url, "--restart-delay", "100ms", "--connections", "1", "--timeout", "120", "--json", jsonFile];

    [Fact]
    public async Task Warm_up_nodes_are_provisioned_first_and_the_counted_nodes_wait_for_the_start_file()
    {
        await World.StartMemberAsync();
        var tokenFile = Path.Combine(World.Dir, "fleet.token");
        await File.WriteAllTextAsync(tokenFile, World.Token);
        var startFile = Path.Combine(World.Dir, "peak.start");
        var jsonFile = Path.Combine(World.Dir, "fleet.json");
        var output = new StringWriter();
        var error = new StringWriter();

        var run = Task.Run(() => ProvisionerCli.RunAsync(FleetArgs(tokenFile, startFile, jsonFile), output, error));

        await Eventually.TrueAsync(async () => (await World.JournalAsync("warm")).Count(r => r.FinalStage == NodeStage.Provisioned) == 2, TimeSpan.FromMinutes(1));
        // Held back: for as long as a counted node would take to show up in the journal, none does.
        var heldUntil = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTimeOffset.UtcNow < heldUntil)
        {
            if (run.IsCompleted)
            {
                Assert.Fail($"the fleet ended before its start file existed: {await run}\n{output}\n{error}");
            }
            Assert.Empty(await World.JournalAsync("counted"));
            await Task.Delay(200);
        }

        await File.WriteAllTextAsync(startFile, "");
        var exit = await run.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == ExitCodes.Ok, output + "\n" + error);
        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains("Warm-up done: 2 of 2 provisioned", string.Join("\n", lines));
        Assert.StartsWith("fleet nodes=3 provisioned=3 failed=0 ", lines.Last(l => l.Length > 0));
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(jsonFile));
        Assert.Equal(3, json.RootElement.GetProperty("protocols").GetProperty("v1").GetProperty("nodes").GetInt32());
        await Eventually.TrueAsync(async () => (await World.JournalAsync("counted")).Count(r => r.FinalStage == NodeStage.Provisioned) == 3, TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData(new[] { "--warmup-nodes", "-1" }, "error: --warmup-nodes: must not be negative, got -1")]
    [InlineData(new[] { "--warmup-nodes", "2", "--warmup-prefix", "same", "--identity-prefix", "same" },
        "error: --warmup-prefix: must differ from --identity-prefix, or the warm-up nodes would be counted nodes' namesakes")]
    public async Task A_bad_warm_up_is_refused_with_one_line(string[] options, string expected)
    {
        var tokenFile = Path.Combine(World.Dir, "fleet.token");
        await File.WriteAllTextAsync(tokenFile, World.Token);
        var error = new StringWriter();

        var exit = await ProvisionerCli.RunAsync(["fleet", "--nodes", "1", "--token-file", tokenFile, .. options], new StringWriter(), error);

        Assert.Equal(ExitCodes.UsageOrIo, exit);
        Assert.Equal(expected, error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].TrimEnd('\r'));
    }
}
