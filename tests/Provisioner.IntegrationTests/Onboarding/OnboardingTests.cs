using Akka.Actor;
using Provisioner.Agent.Fleet;
using Provisioner.Messages.Fleet;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Onboarding;

/// <summary>
/// A real member, the real nats-server and the fleet simulator (the same action handlers as the real agent):
/// the provisioning sequence end to end, and the spec's failure scenarios (§10: 4, 5, 6, 7, 10).
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class OnboardingTests(NatsServerFixture nats) : OnboardingWorldTest(nats)
{
    [Fact]
    public async Task Five_hundred_simulated_nodes_are_provisioned_with_one_certificate_and_one_jwt_each()
    {
        var member = await World.StartMemberAsync();
        var result = await World.RunFleetAsync(500, "bulk");
        Assert.True(result.AllProvisioned, result.SummaryLine);

        // A node restarts 100 ms after its restart reply, possibly before the member has persisted that reply.
        await Eventually.TrueAsync(async () => (await World.JournalAsync("bulk")).Count(r => r.FinalStage == NodeStage.Provisioned) == 500, TimeSpan.FromMinutes(1));
        var journal = await World.JournalAsync("bulk");
        Assert.Equal(500, journal.Count);
        Assert.All(journal, r => Assert.Equal(NodeStage.Provisioned, r.FinalStage));
        Assert.All(journal, r => Assert.Single(r.CertificateSerials));
        Assert.All(journal, r => Assert.Single(r.JwtIds));
        Assert.Equal(500, journal.SelectMany(r => r.CertificateSerials).Distinct().Count());
        Assert.Equal(500, journal.SelectMany(r => r.JwtIds).Distinct().Count());
        Assert.All(journal, r => Assert.Equal(member.Address, r.ProvisionedBy));
    }

    [Fact]
    public async Task Forged_tokens_are_never_admitted_and_denied_names_fail_with_the_spec_reason_and_nothing_is_signed()
    {
        var member = await World.StartMemberAsync();
        var impostorToken = World.IssueToken("impostor", OnboardingWorld.AgentToken);
        var runs = new[]
        {
            World.RunFleetAsync(5, "forged", token: impostorToken, timeout: TimeSpan.FromSeconds(20)),
            World.RunFleetAsync(5, "denied", domain: "example.choria", timeout: TimeSpan.FromSeconds(20)),
        };
        await Task.WhenAll(runs);

        await Eventually.TrueAsync(async () => (await World.JournalAsync("denied")).Count(r => r.FinalStage == NodeStage.Failed) == 5, TimeSpan.FromSeconds(60));
        // A forged token fails admission: the leader holds why, and no entity or journal row exists for the name.
        for (var n = 1; n <= 5; n++)
        {
            var backoff = await member.Cluster.Leader.Ask<NodeBackoff>(new LeaderMessages.GetBackoff($"forged{n}.fleet.example.net"), TimeSpan.FromSeconds(10));
            Assert.StartsWith("invalid provisioning JWT", backoff.LastReason);
        }
        Assert.Empty(await World.JournalAsync("forged"));
        var denied = await World.JournalAsync("denied");
        Assert.All(denied, r => Assert.Contains("matches denied certificate pattern", r.LastFailure));
        Assert.All(denied, r => Assert.Empty(r.CertificateSerials));
        Assert.All(denied, r => Assert.Empty(r.JwtIds));
    }

    [Fact]
    public async Task Each_node_with_a_forged_nonce_or_a_wrong_common_name_fails_its_first_attempt_for_that_reason_and_succeeds_on_the_next()
    {
        await World.StartMemberAsync();
        // One fault per fleet, on every node of it, so each node's first failure has exactly one expected reason.
        var runs = await Task.WhenAll(
            World.RunFleetAsync(5, "badsig", faults: FleetFaults.Parse("badsig=1"), timeout: TimeSpan.FromSeconds(90)),
            World.RunFleetAsync(5, "wrongcn", faults: FleetFaults.Parse("wrongcn=1"), timeout: TimeSpan.FromSeconds(90)));
        Assert.All(runs, run => Assert.True(run.AllProvisioned, run.SummaryLine));
        Assert.All(runs.SelectMany(run => run.Nodes), node => Assert.Single(node.Faults));

        // A node restarts 100 ms after its restart reply, possibly before the member has persisted that reply.
        await Eventually.TrueAsync(async () => (await World.JournalAsync("badsig")).Concat(await World.JournalAsync("wrongcn"))
            .Count(r => r.FinalStage == NodeStage.Provisioned) == 10, TimeSpan.FromMinutes(1));
        var forgedNonce = await World.FailedAttemptsAsync("badsig");
        var wrongName = await World.FailedAttemptsAsync("wrongcn");
        Assert.Equal(runs[0].Nodes.Select(n => n.Identity).Order(), forgedNonce.Keys.Order());
        Assert.Equal(runs[1].Nodes.Select(n => n.Identity).Order(), wrongName.Keys.Order());
        foreach (var (identity, failures) in forgedNonce)
        {
            var failure = Assert.Single(failures);
            Assert.Equal((1, ProvisioningStep.Gen25519, "invalid nonce signature"), (failure.Attempt, failure.Step, failure.Reason));
        }
        foreach (var (identity, failures) in wrongName)
        {
            var failure = Assert.Single(failures);
            Assert.Equal((1, ProvisioningStep.Gencsr, $"common name impostor.{identity} does not match identity {identity}"),
                (failure.Attempt, failure.Step, failure.Reason));
        }
        // A failed proof signs nothing: one certificate per node, from its second attempt.
        var journal = (await World.JournalAsync("badsig")).Concat(await World.JournalAsync("wrongcn")).ToList();
        Assert.Equal(10, journal.Count);
        Assert.All(journal, r => Assert.Equal((NodeStage.Provisioned, 2), (r.FinalStage, r.Attempts)));
        Assert.All(journal, r => Assert.Single(r.CertificateSerials));
    }

    [Fact]
    public async Task Wrong_agent_token_is_never_admitted_and_the_leader_holds_the_nodes_words()
    {
        var member = await World.StartMemberAsync("token = \"not-the-agent-token\"");
        await World.RunFleetAsync(3, "wrongtoken", timeout: TimeSpan.FromSeconds(15));
        for (var n = 1; n <= 3; n++)
        {
            var identity = $"wrongtoken{n}.fleet.example.net";
            await Eventually.TrueAsync(async () => (await member.Cluster.Leader.Ask<NodeBackoff>(new LeaderMessages.GetBackoff(identity), TimeSpan.FromSeconds(10)))
                .LastReason.Contains("Incorrect provision token supplied", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        }
        Assert.Empty(await World.JournalAsync("wrongtoken"));
    }

    [Fact]
    public async Task Helper_configuration_chooses_the_server_jwt_collectives_and_nodes_without_an_ecdh_key_are_provisioned()
    {
        // Choria's rule: the configuration's collectives, else its security provider, before our own setting. The choria
        // provider configuration is one a node boots on: its token and seed, and the issuer of the server JWTs.
        var issuer = File.ReadAllText(Path.Combine(World.Dir, "server-jwt.pub")).Trim();
        var helper = World.WriteHelper($$$"""
            input=$(cat)
            case "$input" in
              *'"identity":"cfgprov'*) echo '{"configuration":{"plugin.choria.server.provision":"false","plugin.security.provider":"choria","plugin.security.choria.token_file":"/etc/choria/server.jwt","plugin.security.choria.seed_file":"/etc/choria/server.seed","plugin.security.issuer.names":"choria","plugin.security.issuer.choria.public":"{{{issuer}}}"}}' ;;
              *) echo '{"configuration":{"plugin.choria.server.provision":"false","collectives":"eu,us"}}' ;;
            esac
            """);
        await World.StartMemberAsync($"helper = \"{helper}\"\nserver-jwt.collectives = \"ours\"");
        var faults = FleetFaults.Parse("noecdh=1");

        var results = await Task.WhenAll(
            World.RunFleetAsync(3, "cfgcoll", faults: faults),
            World.RunFleetAsync(3, "cfgprov", faults: faults));

        Assert.All(results, r => Assert.True(r.AllProvisioned, r.SummaryLine));
        foreach (var (prefix, collectives) in new[] { ("cfgcoll", new[] { "eu", "us" }), ("cfgprov", new[] { "choria" }) })
        {
            await Eventually.TrueAsync(async () => (await World.JournalAsync(prefix)).Count(r => r.FinalStage == NodeStage.Provisioned) == 3, TimeSpan.FromSeconds(30));
            var nodes = await World.EventsAsync(prefix);
            Assert.Equal(3, nodes.Count);
            Assert.All(nodes.Values, events =>
            {
                Assert.Equal("", Assert.Single(events.OfType<NodeEvents.AttemptAccepted>()).EcdhPublic);
                var jwt = Assert.Single(events.OfType<NodeEvents.CredentialsIssued>()).ServerJwt!;
                Assert.Equal(collectives, ServerTokens.ParseUnverified(jwt.ServerJwt).Collectives);
            });
        }
    }

    [Fact]
    public async Task Failing_helper_fails_the_attempt_and_nothing_is_configured()
    {
        var helper = Path.Combine(World.Dir, "helper.sh");
        await File.WriteAllTextAsync(helper, "#!/bin/sh\ncat >/dev/null\necho 'no CA today' >&2\nexit 3\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        await World.StartMemberAsync($"helper = \"{helper}\"");
        await World.RunFleetAsync(3, "helpless", timeout: TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync(async () => (await World.JournalAsync("helpless")).Count(r => r.FinalStage == NodeStage.Failed) == 3, TimeSpan.FromSeconds(60));
        var journal = await World.JournalAsync("helpless");
        Assert.All(journal, r => Assert.Contains("exited with non 0 exitcode", r.LastFailure));
        Assert.All(journal, r => Assert.Empty(r.JwtIds));
    }
}
