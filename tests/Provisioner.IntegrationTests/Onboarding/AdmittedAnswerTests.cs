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
/// The entity's <c>jwt</c> step with the answer the node gave the leader's admission check, over real Choria RPC: it
/// verifies that answer on its own member without asking the node again, refuses one that does not verify for the
/// same reasons the admission would, and asks the node itself when it runs again.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class AdmittedAnswerTests(NatsServerFixture nats) : IAsyncLifetime
{
    private const string AgentToken = "s3cr3t-agent-token";
    private const string EcdhPublic = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private readonly NatsConnection _connection = new(new NatsOpts { Url = nats.Url });
    private readonly TokenVerificationKey _key = TokenVerificationKey.FromRsa(SharedRsaKey.Rsa);
    private readonly string _token = ChoriaCliTokens.WithoutExpiry(AgentToken, DateTimeOffset.UtcNow);
    private readonly string _caller = $"prov-{Guid.NewGuid():N}.example.net";
    private readonly AttemptSecrets _secrets = new();
    private FakeChoriaNode? _node;

    public async Task InitializeAsync() => await _connection.ConnectAsync();

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
        await _connection.DisposeAsync();
        _key.Dispose();
    }

    private ChoriaRpcClient Rpc() => new(_connection, new ChoriaRpcClientOptions { Identity = _caller, SeenByUrl = nats.Url });

    private ChoriaProvisioningSteps Steps() =>
        new(Rpc(), null!, new StepSettings(AgentToken, _key, null!, null!, null, TimeSpan.Zero, "member"), TimeProvider.System, _secrets);

    private async Task<string> NodeAsync()
    {
        var identity = $"n{Guid.NewGuid():N}.example.net";
        _node = await FakeChoriaNode.StartAsync(nats.Url, identity,
            FakeChoriaNode.Answering(identity, _ => RpcReplyBody.Ok("jwt", RpcData.From(new JwtReply(_token, EcdhPublic)))));
        return identity;
    }

    // Only this test's calls count: the collection's nats-server is shared.
    private int JwtRequests => _node!.Received.Count(r => r.Request.Envelope.CallerId == $"choria={_caller}" && r.Request.Body?.Action == "jwt");

    [Fact]
    public async Task The_jwt_step_verifies_the_admissions_answer_without_asking_the_node_again()
    {
        var identity = await NodeAsync();
        var admission = new ProvisioningTokenCheck(Rpc(), AgentToken, _key, TimeProvider.System);
        var admitted = Assert.IsType<TokenCheckResult.Verified>(await admission.CheckAsync(identity, TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.Equal(1, JwtRequests);
        var steps = Steps();

        steps.Admitted(identity, admitted.Answer);
        var tokenChecked = Assert.IsType<NodeEvents.TokenChecked>(await steps.RunAsync(ProvisioningStep.Jwt, NodeState.Empty(identity), CancellationToken.None));

        Assert.Equal(EcdhPublic, tokenChecked.EcdhPublic);
        Assert.Equal(AgentToken, _secrets.Of(identity)?.Token);
        Assert.Equal(1, JwtRequests);
    }

    [Fact]
    public async Task An_answer_that_does_not_verify_is_refused_without_asking_the_node()
    {
        var identity = await NodeAsync();
        var steps = Steps();
        var forged = _token[..^4] + (_token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        steps.Admitted(identity, new AdmittedToken(forged, EcdhPublic));
        var failure = await Assert.ThrowsAsync<StepFailure>(() => steps.RunAsync(ProvisioningStep.Jwt, NodeState.Empty(identity), CancellationToken.None));

        Assert.Equal(StepFailureKind.Fatal, failure.Kind);
        Assert.StartsWith("invalid provisioning JWT: ", failure.Message);
        Assert.Null(_secrets.Of(identity));
        Assert.Equal(0, JwtRequests);
    }

    [Fact]
    public async Task An_answer_with_a_malformed_ecdh_key_is_refused()
    {
        var identity = await NodeAsync();
        var steps = Steps();

        steps.Admitted(identity, new AdmittedToken(_token, "not-hex"));
        var failure = await Assert.ThrowsAsync<StepFailure>(() => steps.RunAsync(ProvisioningStep.Jwt, NodeState.Empty(identity), CancellationToken.None));

        Assert.Equal(StepFailureKind.Fatal, failure.Kind);
        Assert.Equal("invalid ecdh_public: expected 64 hex characters", failure.Message);
    }

    [Fact]
    public async Task The_answer_serves_one_jwt_step_and_a_step_that_runs_again_asks_the_node()
    {
        var identity = await NodeAsync();
        var steps = Steps();
        steps.Admitted(identity, new AdmittedToken(_token, EcdhPublic));
        await steps.RunAsync(ProvisioningStep.Jwt, NodeState.Empty(identity), CancellationToken.None);
        Assert.Equal(0, JwtRequests);

        Assert.IsType<NodeEvents.TokenChecked>(await steps.RunAsync(ProvisioningStep.Jwt, NodeState.Empty(identity), CancellationToken.None));

        Assert.Equal(1, JwtRequests);
    }

    [Fact]
    public async Task The_end_of_an_attempt_drops_an_answer_no_step_took()
    {
        var identity = await NodeAsync();
        var steps = Steps();
        steps.Admitted(identity, new AdmittedToken(_token, EcdhPublic));

        steps.AttemptEnded(identity);

        Assert.Equal(0, _secrets.Count);
        Assert.Null(_secrets.TakeAdmitted(identity));
    }
}
