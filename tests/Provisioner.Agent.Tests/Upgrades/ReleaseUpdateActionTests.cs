using Xunit;
using System.Text.Json;
using Provisioner.Agent.Actions;
using Provisioner.Agent.Files;
using Provisioner.Agent.Runtime;
using Provisioner.Agent.Upgrades;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Security.Files;

namespace Provisioner.Agent.Tests.Upgrades;

public sealed class ReleaseUpdateActionTests : IDisposable
{
    private readonly ReleaseRepository _repository = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private sealed class FixedInstaller(ReleaseInstallResult result) : IReleaseInstaller
    {
        public List<(string Repository, string Version)> Calls { get; } = [];

        public ReleaseInstallResult Install(string repository, string version)
        {
            Calls.Add((repository, version));
            return result;
        }
    }

    private static TestNode Node(bool allowUpdate = true, string? config = null)
    {
        MemoryFileStore? files = null;
        if (config is not null)
        {
            files = new MemoryFileStore();
            files.WriteText(TestNode.Paths.ConfigFile, config, FileModes.Public);
        }
        return new TestNode(files, TestTokens.Provisioning(allowUpdate: allowUpdate));
    }

    private static NodeRuntime Runtime(TestNode node, IReleaseInstaller installer) => new(node.Context with { Releases = installer }, new ChoriaCodec(node.Clock));

    private static string Request(string version = "0.30.0", string repository = "http://127.0.0.1:1/repo", string token = TestTokens.AgentToken) =>
        JsonSerializer.Serialize(new { token, repository, version });

    private static ActionOutcome Call(NodeRuntime runtime, string json) =>
        runtime.Provision.Invoke("release_update", RpcData.Parse(json), TestNode.Envelope());

    [Fact]
    public void A_successful_update_emits_upgraded_replies_restarting_and_starts_the_new_release()
    {
        using var node = Node();
        var installer = new FixedInstaller(ReleaseInstallResult.Done);
        using var runtime = Runtime(node, installer);

        var outcome = Call(runtime, Request());

        Assert.Equal(StatusCode.Ok, outcome.Reply.StatusCode);
        Assert.Equal("Restarting Choria Server after 2s", RpcData.Read<ActionMessageReply>(outcome.Reply.Data, "test").Message);
        Assert.Equal([LifecycleEventType.Upgraded], outcome.Events);
        Assert.Equal(new NodeEffect.Upgrade(TimeSpan.FromSeconds(2), "0.30.0"), outcome.Effect);
        Assert.Equal([("http://127.0.0.1:1/repo", "0.30.0")], installer.Calls);
        var upgraded = runtime.UpgradedEvent(outcome.UpgradedTo);
        Assert.Equal((AgentVersion.Current, "0.30.0"), (upgraded.Version, upgraded.NewVersion));
        Assert.Equal("choria.lifecycle.event.upgraded.provision_mode_server", upgraded.Subject);
    }

    [Fact]
    public void A_node_without_permission_refuses_updates_and_reports_not_upgradable()
    {
        using var node = Node(allowUpdate: false);
        var installer = new FixedInstaller(ReleaseInstallResult.Done);
        using var runtime = Runtime(node, installer);

        var outcome = Call(runtime, Request());

        Assert.Equal((StatusCode.Aborted, "Version updates is not enabled in the configuration"), (outcome.Reply.StatusCode, outcome.Reply.StatusMessage));
        Assert.Empty(installer.Calls);
        var inventory = RpcUtilActions.Invoke("inventory", runtime.Node, NodeRuntime.LoadedAgents, ["provisioning"], "provisioning");
        Assert.False(RpcData.Read<InventoryReply>(inventory.Reply.Data, "test").Upgradable);
    }

    [Fact]
    public void The_token_update_claim_or_allow_update_make_a_node_upgradable()
    {
        using var claimed = Node(allowUpdate: true);
        using var configured = Node(allowUpdate: false, config: "plugin.choria.server.provision = true\nplugin.choria.server.provision.allow_update = true\n");

        foreach (var node in new[] { claimed, configured })
        {
            var inventory = RpcUtilActions.Invoke("inventory", node.Context, NodeRuntime.LoadedAgents, ["provisioning"], "provisioning");
            Assert.True(RpcData.Read<InventoryReply>(inventory.Reply.Data, "test").Upgradable);
        }
    }

    [Fact]
    public void A_provisioned_node_refuses_updates()
    {
        using var node = Node(config: "plugin.choria.server.provision = false\n");
        var installer = new FixedInstaller(ReleaseInstallResult.Done);
        using var runtime = Runtime(node, installer);

        var outcome = Call(runtime, Request());

        Assert.Equal((StatusCode.Aborted, "Cannot update a server that is not in provisioning mode"), (outcome.Reply.StatusCode, outcome.Reply.StatusMessage));
        Assert.Empty(installer.Calls);
    }

    [Theory]
    [InlineData("""{"token":"s3cr3t","version":"0.30.0"}""", StatusCode.MissingData, "Validation failed: input 'repository' is required")]
    [InlineData("""{"token":"s3cr3t","repository":"ftp://repo","version":"0.30.0"}""", StatusCode.InvalidData, "Validation failed: input 'repository' must be an http:// or https:// URL")]
    [InlineData("""{"token":"s3cr3t","repository":"http://repo"}""", StatusCode.MissingData, "Validation failed: input 'version' is required")]
    [InlineData("""{"token":"s3cr3t","repository":"http://repo","version":"012345678901234567890123456789012"}""", StatusCode.InvalidData, "Validation failed: input 'version' is 33 characters, longer than the 32 allowed")]
    [InlineData("""{"token":"wrong","repository":"http://repo","version":"0.30.0"}""", StatusCode.Aborted, "Incorrect provision token supplied")]
    public void Bad_input_or_a_wrong_token_changes_nothing(string json, StatusCode code, string message)
    {
        using var node = Node();
        var installer = new FixedInstaller(ReleaseInstallResult.Done);
        using var runtime = Runtime(node, installer);

        var outcome = Call(runtime, json);

        Assert.Equal((code, message), (outcome.Reply.StatusCode, outcome.Reply.StatusMessage));
        Assert.Null(outcome.Effect);
        Assert.Empty(installer.Calls);
    }

    [Fact]
    public void A_bad_checksum_from_a_real_repository_is_surfaced_as_rolled_back()
    {
        using var node = Node();
        _repository.Publish("0.30.0", "new"u8.ToArray());
        _repository.SetHash("0.30.0", hash => hash.ToUpperInvariant());
        using var runtime = Runtime(node, new VerifyingReleaseInstaller(new ReleaseDownloader(_http), ReleaseRepository.Platform));
        var platformRepo = _repository.Url;

        var outcome = Call(runtime, Request(repository: platformRepo));

        Assert.Equal(StatusCode.Aborted, outcome.Reply.StatusCode);
        Assert.Equal("Update to version 0.30.0 failed, release rolled back: downloaded file had an invalid checksum", outcome.Reply.StatusMessage);
        Assert.Empty(outcome.Events);
        Assert.Null(outcome.Effect);
    }

    [Fact]
    public void A_failed_rollback_says_the_server_is_broken()
    {
        using var node = Node();
        using var runtime = Runtime(node, new FixedInstaller(ReleaseInstallResult.Broken("disk full")));

        var outcome = Call(runtime, Request());

        Assert.Equal("Update to version 0.30.0 failed, rollback also failed, server in broken state: disk full", outcome.Reply.StatusMessage);
        Assert.Null(outcome.Effect);
    }

    [Fact]
    public void Release_update_needs_the_provisioning_lock()
    {
        using var node = Node();
        var installer = new FixedInstaller(ReleaseInstallResult.Done);
        using var runtime = Runtime(node, installer);
        runtime.Provision.Invoke("jwt", RpcData.Parse("""{"token":"s3cr3t"}"""), TestNode.Envelope(sender: "other.example.net"));

        var outcome = Call(runtime, Request());

        Assert.Equal("Could not obtain provisioning lock", outcome.Reply.StatusMessage);
        Assert.Empty(installer.Calls);
    }

    public void Dispose()
    {
        _http.Dispose();
        _repository.Dispose();
    }
}
