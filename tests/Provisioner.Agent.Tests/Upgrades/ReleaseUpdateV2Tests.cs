using System.Security.Cryptography;
using System.Text.Json;
using Provisioner.Agent.Runtime;
using Provisioner.Agent.Upgrades;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Messages.Wire.V2;
using Provisioner.Security.Tokens;
using Xunit;

namespace Provisioner.Agent.Tests.Upgrades;

/// <summary>
/// choria-v2 §4.1 and acceptance scenarios 18-21 on a node speaking protocol v2: <c>release_update</c> and
/// <c>inventory</c> arrive as v2 requests signed by the provisioner's chain issuer key, the node installs from a real
/// repository into a real executable file, and every answer goes back as a v2 reply with its hash.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReleaseUpdateV2Tests : IDisposable
{
    private static readonly byte[] OldBinary = "#!/bin/sh\necho old\n"u8.ToArray();
    private static readonly byte[] NewBinary = "#!/bin/sh\necho new release 0.30.0\n"u8.ToArray();

    private readonly ReleaseRepository _repository = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _target;
    private readonly TokenSigningKey _signerKey = TokenSigningKey.FromEd25519Seed(RandomNumberGenerator.GetBytes(32));
    private readonly CallerSigner _signer;

    public ReleaseUpdateV2Tests()
    {
        _target = Path.Combine(Directory.CreateTempSubdirectory("release-target-").FullName, "choria");
        File.WriteAllBytes(_target, OldBinary);
        using var org = TokenSigningKey.FromEd25519Seed(RandomNumberGenerator.GetBytes(32));
        var chainIssuer = ChainIssuerTokens.Issue(new ChainIssuerRequest
        {
            CallerId = "provisioner_signer", PublicKeyHex = _signerKey.VerificationKey.Ed25519PublicKeyHex!, Validity = TimeSpan.FromDays(1),
        }, org, TimeProvider.System);
        _signer = CallerSigner.Create(chainIssuer, _signerKey);
    }

    private static TestNode V2Node(bool allowUpdate) => new(token: TestTokens.Provisioning(protocolV2: true, allowUpdate: allowUpdate));

    private NodeRuntime Runtime(TestNode node) =>
        new(node.Context with { Releases = new ExecutableReleaseInstaller(_target, new ReleaseDownloader(_http), ReleaseRepository.Platform) });

    private (NodeResponse Response, RpcReplyBody Body) Send(NodeRuntime runtime, string agent, string action, object data)
    {
        var transport = ChoriaCodecV2.Default.EncodeRequest(new OutgoingRequest
        {
            Agent = agent,
            Action = action,
            Data = JsonSerializer.SerializeToElement(data),
            SenderId = TestNode.Provisioner,
            CallerId = _signer.CallerId,
            RequestId = Ksuid.New(DateTimeOffset.UtcNow).ToString(),
        }, _signer);
        var response = runtime.Handle(transport, TestNode.Broker);
        Assert.False(response.IsDropped, response.DropReason);
        Assert.Equal(2, ProtocolsV2.VersionOfTransport(response.Reply));
        var reply = ChoriaCodecV2.Default.DecodeReply(response.Reply);
        Assert.Equal(TestNode.Identity, reply.Reply.Sender);
        return (response, reply.Body!);
    }

    private (NodeResponse Response, RpcReplyBody Body) ReleaseUpdate(NodeRuntime runtime, string version = "0.30.0") =>
        Send(runtime, AgentNames.Provision, "release_update", new { token = TestTokens.AgentToken, repository = _repository.Url, version });

    private bool Upgradable(NodeRuntime runtime) =>
        RpcData.Read<InventoryReply>(Send(runtime, AgentNames.RpcUtil, "inventory", new { }).Body.Data, "inventory").Upgradable;

    [Fact]
    public void Scenario_18_without_update_in_the_v2_token_release_update_is_refused_and_inventory_says_not_upgradable()
    {
        _repository.Publish("0.30.0", NewBinary);
        using var node = V2Node(allowUpdate: false);
        using var runtime = Runtime(node);

        var (response, body) = ReleaseUpdate(runtime);

        Assert.Equal((StatusCode.Aborted, "Version updates is not enabled in the configuration"), (body.StatusCode, body.StatusMessage));
        Assert.Empty(response.Events);
        Assert.Null(response.Effect);
        Assert.False(Upgradable(runtime));
        Assert.Equal(OldBinary, File.ReadAllBytes(_target));
        Assert.Empty(_repository.Server.Requests);
    }

    [Fact]
    public void With_update_in_the_v2_token_inventory_says_upgradable()
    {
        using var node = V2Node(allowUpdate: true);
        using var runtime = Runtime(node);

        Assert.True(Upgradable(runtime));
    }

    [Fact]
    public void Scenario_19_a_missing_release_is_rolled_back_in_go_updater_words_and_the_binary_is_unchanged()
    {
        using var node = V2Node(allowUpdate: true);
        using var runtime = Runtime(node);

        var (response, body) = ReleaseUpdate(runtime);

        Assert.Equal(StatusCode.Aborted, body.StatusCode);
        Assert.Equal(
            $"Update to version 0.30.0 failed, release rolled back: release 0.30.0 not found: could not fetch release from {_repository.Url}/0.30.0/linux/amd64/release.json: 404 Not Found",
            body.StatusMessage);
        Assert.Empty(response.Events);
        Assert.Null(response.Effect);
        Assert.Equal(OldBinary, File.ReadAllBytes(_target));
    }

    [Theory]
    [InlineData("bz2")]
    [InlineData("upper")]
    public void Scenario_20_a_hash_of_the_bz2_or_in_upper_case_is_an_invalid_checksum_and_the_binary_is_unchanged(string spoil)
    {
        _repository.Publish("0.30.0", NewBinary);
        var compressed = Path.Combine(_repository.Root, ReleaseRepositoryLayout.Directory("0.30.0", ReleaseRepository.Platform),
            ReleaseRepositoryLayout.BinaryName("choria", "0.30.0", ReleaseRepository.Platform));
        _repository.SetHash("0.30.0", hash => spoil == "upper" ? hash.ToUpperInvariant() : Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(compressed))));
        using var node = V2Node(allowUpdate: true);
        using var runtime = Runtime(node);

        var (response, body) = ReleaseUpdate(runtime);

        Assert.Equal((StatusCode.Aborted, "Update to version 0.30.0 failed, release rolled back: downloaded file had an invalid checksum"), (body.StatusCode, body.StatusMessage));
        Assert.Empty(response.Events);
        Assert.Equal(OldBinary, File.ReadAllBytes(_target));
    }

    [Fact]
    public void Scenario_21_a_release_update_over_v2_installs_emits_upgraded_from_old_to_new_and_replies_restarting()
    {
        _repository.Publish("0.30.0", NewBinary);
        using var node = V2Node(allowUpdate: true);
        using var runtime = Runtime(node);

        var (response, body) = ReleaseUpdate(runtime);

        Assert.Equal(StatusCode.Ok, body.StatusCode);
        Assert.Equal("Restarting Choria Server after 2s", RpcData.Read<ActionMessageReply>(body.Data, "release_update").Message);
        var upgraded = Assert.Single(response.Events);
        Assert.Equal((LifecycleEventType.Upgraded, AgentVersion.Current, "0.30.0"), (upgraded.Type, upgraded.Version, upgraded.NewVersion));
        Assert.Equal("choria.lifecycle.event.upgraded.provision_mode_server", upgraded.Subject);
        Assert.Equal(new Provisioner.Agent.Actions.NodeEffect.Upgrade(TimeSpan.FromSeconds(2), "0.30.0"), response.Effect);
        Assert.Equal(NewBinary, File.ReadAllBytes(_target));
    }

    public void Dispose()
    {
        _http.Dispose();
        _repository.Dispose();
        _signerKey.Dispose();
        Directory.Delete(Path.GetDirectoryName(_target)!, recursive: true);
    }
}
