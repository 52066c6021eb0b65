using Akka.Actor;
using Microsoft.Extensions.Logging;
using Provisioner.Host.Cli;
using Provisioner.Messages.Fleet;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Onboarding;

/// <summary>
/// Simulated machines holding a token as Choria's documented <c>choria jwt provisioning provisioning.jwt
/// signer-key.pem --token ...</c> makes it (RS256, no <c>exp</c>) are provisioned by a member, which warns once that
/// the token never expires; with <c>provisioner.require-token-expiry = on</c> they are never admitted.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class ChoriaCliTokenOnboardingTests(NatsServerFixture nats) : OnboardingWorldTest(nats)
{
    private string _token = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _token = ChoriaCliTokens.WithoutExpiry(OnboardingWorld.AgentToken, DateTimeOffset.UtcNow, urls: Nats.Url);
    }

    public override async Task DisposeAsync() => await base.DisposeAsync();

    [Fact]
    public async Task Nodes_holding_a_choria_cli_token_without_exp_are_provisioned_and_the_member_warns_once_that_it_never_expires()
    {
        var loggers = new RecordingLoggerFactory();
        await World.StartMemberAsync(World.ChoriaSignerVerifyKeySetting(), loggers);

        var result = await World.RunFleetAsync(3, "choria-cli", token: _token);

        Assert.True(result.AllProvisioned, result.SummaryLine);
        await Eventually.TrueAsync(async () => (await World.JournalAsync("choria-cli")).Count(r => r.FinalStage == NodeStage.Provisioned) == 3, TimeSpan.FromSeconds(30));
        var warnings = loggers.Logger.Lines.Where(l => l.Level == LogLevel.Warning && l.Text.Contains(TokenLifetime.NeverExpiresWarning)).ToList();
        var warning = Assert.Single(warnings);
        Assert.StartsWith($"provisioning token {ProvisioningTokens.ParseUnverified(_token).Id} (first presented by choria-cli", warning.Text);

        var tokenFile = Path.Combine(World.Dir, "provisioning.jwt");
        File.WriteAllText(tokenFile, _token);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await ProvisionerCli.RunAsync(["jwt", "view", tokenFile, "--verify-key", Path.Combine(World.Dir, "choria-signer-public.pem")], stdout, stderr);
        Assert.Equal(0, code);
        Assert.Contains("Signature: valid", stdout.ToString());
        Assert.Equal($"warning: {tokenFile}: the token never expires: it has no exp claim{Environment.NewLine}", stderr.ToString());
    }

    [Fact]
    public async Task With_require_token_expiry_on_the_same_nodes_are_never_admitted_for_the_exact_reason()
    {
        var member = await World.StartMemberAsync($"{World.ChoriaSignerVerifyKeySetting()}\nrequire-token-expiry = on");

        var result = await World.RunFleetAsync(2, "expiry-required", token: _token, timeout: TimeSpan.FromSeconds(15));

        Assert.False(result.AllProvisioned, result.SummaryLine);
        for (var n = 1; n <= 2; n++)
        {
            var identity = $"expiry-required{n}.fleet.example.net";
            await Eventually.TrueAsync(async () =>
                (await member.Cluster.Leader.Ask<NodeBackoff>(new LeaderMessages.GetBackoff(identity), TimeSpan.FromSeconds(10))).LastReason is { Length: > 0 }, TimeSpan.FromSeconds(10));
            var backoff = await member.Cluster.Leader.Ask<NodeBackoff>(new LeaderMessages.GetBackoff(identity), TimeSpan.FromSeconds(10));
            Assert.Equal("invalid provisioning JWT: exp: the provisioning token has no expiry", backoff.LastReason);
        }
        Assert.Empty(await World.JournalAsync("expiry-required"));
    }
}
