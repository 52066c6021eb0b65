using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using Provisioner.Actors.Admission;
using Provisioner.Actors.Nodes;
using Provisioner.Actors.Onboarding;
using Provisioner.Actors.Rpc;
using Provisioner.IntegrationTests.Rpc;
using Provisioner.Messages.Nodes;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Onboarding;

/// <summary>
/// Both places a member verifies a node's provisioning token, the leader's admission and the entity's <c>jwt</c>
/// step, over real Choria RPC to a node that answers with a token as <c>choria jwt provisioning</c> makes it (no
/// <c>exp</c>): accepted with one warning per token, refused for the exact reason when expiry is required.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class TokenExpiryCheckTests(NatsServerFixture nats) : IAsyncLifetime
{
    private const string AgentToken = "s3cr3t-agent-token";
    private const string EcdhPublic = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private readonly NatsConnection _connection = new(new NatsOpts { Url = nats.Url });
    private readonly List<FakeChoriaNode> _nodes = [];
    private readonly TokenVerificationKey _key = TokenVerificationKey.FromRsa(SharedRsaKey.Rsa);
    private readonly RecordingLogger _log = new();
    private readonly string _token = ChoriaCliTokens.WithoutExpiry(AgentToken, DateTimeOffset.UtcNow);

    public async Task InitializeAsync() => await _connection.ConnectAsync();

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        await _connection.DisposeAsync();
        _key.Dispose();
    }

    private ChoriaRpcClient Rpc() => new(_connection, new ChoriaRpcClientOptions { Identity = "prov.example.net", SeenByUrl = nats.Url });

    private async Task<string> NodeHoldingTheTokenAsync()
    {
        var identity = $"n{Guid.NewGuid():N}.example.net";
        _nodes.Add(await FakeChoriaNode.StartAsync(nats.Url, identity,
            FakeChoriaNode.Answering(identity, _ => RpcReplyBody.Ok("jwt", RpcData.From(new JwtReply(_token, EcdhPublic))))));
        return identity;
    }

    private IReadOnlyList<string> Warnings => _log.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Text).ToList();

    [Fact]
    public async Task Admission_accepts_a_token_without_exp_and_warns_once_for_the_token_however_many_nodes_hold_it()
    {
        var check = new ProvisioningTokenCheck(Rpc(), AgentToken, _key, TimeProvider.System, requireExpiry: false, new NeverExpiringTokens(_log));
        var first = await NodeHoldingTheTokenAsync();
        var second = await NodeHoldingTheTokenAsync();

        var verified = Assert.IsType<TokenCheckResult.Verified>(await check.CheckAsync(first, TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.IsType<TokenCheckResult.Verified>(await check.CheckAsync(second, TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Null(verified.Claims.ExpiresAt);
        var warning = Assert.Single(Warnings);
        Assert.Equal($"provisioning token {verified.Claims.Id} (first presented by {first}): the token never expires: it has no exp claim; " +
            "provisioner.require-token-expiry = on refuses such tokens", warning);
    }

    [Fact]
    public async Task Admission_refuses_a_token_without_exp_for_the_exact_reason_when_expiry_is_required()
    {
        var check = new ProvisioningTokenCheck(Rpc(), AgentToken, _key, TimeProvider.System, requireExpiry: true, new NeverExpiringTokens(_log));
        var identity = await NodeHoldingTheTokenAsync();

        var refused = Assert.IsType<TokenCheckResult.Refused>(await check.CheckAsync(identity, TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal("invalid provisioning JWT: exp: the provisioning token has no expiry", refused.Reason);
        Assert.Empty(Warnings);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_entitys_jwt_step_follows_require_token_expiry(bool requireExpiry)
    {
        var settings = new StepSettings(AgentToken, _key, null!, null!, null, TimeSpan.Zero, "member",
            RequireTokenExpiry: requireExpiry, NeverExpiringTokens: new NeverExpiringTokens(_log));
        var steps = new ChoriaProvisioningSteps(Rpc(), null!, settings, TimeProvider.System);
        var identity = await NodeHoldingTheTokenAsync();

        if (requireExpiry)
        {
            var failure = await Assert.ThrowsAsync<StepFailure>(() => steps.RunAsync(ProvisioningStep.Jwt, NodeState.Empty(identity), CancellationToken.None));
            Assert.Equal(StepFailureKind.Fatal, failure.Kind);
            Assert.Equal("invalid provisioning JWT: exp: the provisioning token has no expiry", failure.Message);
        }
        else
        {
            var checkedEvent = Assert.IsType<NodeEvents.TokenChecked>(await steps.RunAsync(ProvisioningStep.Jwt, NodeState.Empty(identity), CancellationToken.None));
            Assert.Equal(EcdhPublic, checkedEvent.EcdhPublic);
            Assert.Contains(TokenLifetime.NeverExpiresWarning, Assert.Single(Warnings));
        }
    }
}
