using System.Security.Cryptography;
using System.Text.Json;
using Provisioner.Actors.Nodes;
using Provisioner.Actors.Onboarding;
using Provisioner.Actors.Onboarding.Helper;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Onboarding;

/// <summary>
/// The sign and server-JWT steps over a real helper process: what Choria takes from the helper's output is taken the
/// same way (collectives from its configuration map, a private key only with the node's ECDH key).
/// </summary>
public sealed class HelperStepsTests : IDisposable
{
    private const string Identity = "n1.example.net";
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-05T10:00:00Z");

    private readonly HelperScripts _scripts = new();
    private readonly ManualClock _clock = new(At);
    private readonly TokenSigningKey _jwtKey = TokenSigningKey.FromEd25519Seed(RandomNumberGenerator.GetBytes(32));

    public void Dispose()
    {
        _jwtKey.Dispose();
        _scripts.Dispose();
    }

    // The helper prints `output`, which the script reads from a file so that PEM newlines need no shell quoting.
    private ChoriaProvisioningSteps Steps(object output, ServerJwtPolicy? policy = null)
    {
        var outputFile = _scripts.PathOf("output.json");
        File.WriteAllText(outputFile, JsonSerializer.Serialize(output));
        var helper = _scripts.Write("helper.sh", $"cat >/dev/null\ncat '{outputFile}'");
        var settings = new StepSettings(
            "token", null!, new CsrInspector(), new ServerJwtIssuer(_jwtKey, policy ?? new ServerJwtPolicy(), _clock),
            null, TimeSpan.FromDays(1), "member");
        // The sign and server-JWT steps call no node.
        return new ChoriaProvisioningSteps(null!, new HelperSigner(new HelperRunner(helper), _clock), settings, _clock);
    }

    private static NodeState AtSign(string ecdhPublic)
    {
        var csr = CsrFactory.Create(new CsrSubject(Identity), PkiKeyAlgorithm.EcdsaP256);
        return NodeState.Empty(Identity) with
        {
            Stage = NodeStage.CsrAccepted,
            Attempt = 1,
            Token = new NodeEvents.TokenChecked(Identity, 1, At, ecdhPublic),
            Key = new NodeEvents.KeyProven(Identity, 1, At, new string('b', 64), "nonce", "/etc/choria", "sig"),
            Csr = new NodeEvents.CsrAccepted(Identity, 1, At, csr.CsrPem, "PUB", "/etc/choria/ssl"),
        };
    }

    private static async Task<ServerClaims> SignAndIssue(ChoriaProvisioningSteps steps, NodeState state)
    {
        var signed = (NodeEvents.Signed)await steps.RunAsync(ProvisioningStep.Sign, state, CancellationToken.None);
        var issued = (NodeEvents.JwtIssued)await steps.RunAsync(ProvisioningStep.IssueServerJwt, state with { Signature = signed }, CancellationToken.None);
        return ServerTokens.ParseUnverified(issued.ServerJwt);
    }

    [Fact]
    public async Task Server_jwt_collectives_come_from_the_helper_configuration_map_before_our_setting()
    {
        var steps = Steps(
            new { configuration = new Dictionary<string, string> { ["collectives"] = "eu,us", ["plugin.choria.server.provision"] = "false" } },
            new ServerJwtPolicy { ConfiguredCollectives = "ours" });

        var claims = await SignAndIssue(steps, AtSign(new string('a', 64)));

        Assert.Equal(["eu", "us"], claims.Collectives);
    }

    [Fact]
    public async Task Helper_security_provider_choria_gives_the_choria_collective_over_our_setting()
    {
        var steps = Steps(
            new { configuration = new Dictionary<string, string> { ["plugin.security.provider"] = "choria", ["plugin.choria.server.provision"] = "false" } },
            new ServerJwtPolicy { ConfiguredCollectives = "ours" });

        var claims = await SignAndIssue(steps, AtSign(new string('a', 64)));

        Assert.Equal(["choria"], claims.Collectives);
    }

    [Fact]
    public async Task Our_collectives_setting_applies_when_the_helper_names_none()
    {
        var steps = Steps(
            new { configuration = new Dictionary<string, string> { ["plugin.choria.server.provision"] = "false" } },
            new ServerJwtPolicy { ConfiguredCollectives = "ours" });

        var claims = await SignAndIssue(steps, AtSign(new string('a', 64)));

        Assert.Equal(["ours"], claims.Collectives);
    }

    [Fact]
    public async Task A_helper_key_without_the_nodes_ecdh_key_fails_the_attempt_with_choria_s_words()
    {
        using var rsa = RSA.Create(2048);
        var steps = Steps(new
        {
            configuration = new Dictionary<string, string> { ["plugin.choria.server.provision"] = "false" },
            key = PemEncoding.WriteString("RSA PRIVATE KEY", rsa.ExportRSAPrivateKey()),
        });

        var failure = await Assert.ThrowsAsync<StepFailure>(() => steps.RunAsync(ProvisioningStep.Sign, AtSign(ecdhPublic: ""), CancellationToken.None));

        Assert.Equal(StepFailureKind.Fatal, failure.Kind);
        Assert.Equal("private key received from helper but server did not start Diffie-Hellman exchange", failure.Message);
    }

    [Fact]
    public async Task A_node_without_an_ecdh_key_is_configured_when_the_helper_returns_no_key()
    {
        var steps = Steps(new { configuration = new Dictionary<string, string> { ["plugin.choria.server.provision"] = "false" } });

        var signed = (NodeEvents.Signed)await steps.RunAsync(ProvisioningStep.Sign, AtSign(ecdhPublic: ""), CancellationToken.None);

        Assert.Null(signed.EncryptedKey);
        Assert.Null(signed.ProvisionerEcdhPublic);
        Assert.Equal("false", signed.Configuration["plugin.choria.server.provision"]);
    }
}
