using System.Text.Json;
using Provisioner.Agent.Actions;
using Provisioner.Agent.Boot;
using Provisioner.Agent.Config;
using Provisioner.Agent.Files;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Security.Files;
using Provisioner.Security.Keys;
using Provisioner.Security.Pki;
using Xunit;

namespace Provisioner.Agent.Tests.Actions;

public sealed class ProvisionActionsTests
{
    private const string Token = TestTokens.AgentToken;

    private static T Read<T>(ActionOutcome outcome)
    {
        Assert.Equal(StatusCode.Ok, outcome.Reply.StatusCode);
        return RpcData.Read<T>(outcome.Reply.Data, "test");
    }

    private static void AssertFailed(ActionOutcome outcome, StatusCode code, string message)
    {
        Assert.Equal(code, outcome.Reply.StatusCode);
        Assert.Equal(message, outcome.Reply.StatusMessage);
        Assert.Equal(JsonValueKind.Object, outcome.Reply.Data.ValueKind);
        Assert.Empty(outcome.Reply.Data.EnumerateObject());
        Assert.Null(outcome.Effect);
    }

    private static TestNode Provisioned(string config = "plugin.choria.server.provision = false\n", string? token = null)
    {
        var files = new MemoryFileStore();
        files.WriteText(TestNode.Paths.ConfigFile, config, FileModes.Public);
        return new TestNode(files, token);
    }

    [Theory]
    [InlineData("release_updates")]
    [InlineData("Shutdown")]
    [InlineData("reboot")]
    [InlineData("")]
    public void An_unknown_action_is_refused_as_unknown_and_never_shuts_the_node_down(string action)
    {
        using var node = new TestNode();

        AssertFailed(node.Call(action, """{"token":"s3cr3t"}"""), StatusCode.UnknownAction, $"Unknown action {action} for agent choria_provision");
    }

    [Fact]
    public void Every_known_action_is_answered_by_its_own_handler()
    {
        foreach (var action in ProvisionActions.Actions)
        {
            using var node = new TestNode();

            var outcome = node.Call(action, """{"token":"s3cr3t"}""");

            Assert.Equal(action == "shutdown", outcome.Effect is NodeEffect.Shutdown);
            Assert.NotEqual(StatusCode.UnknownAction, outcome.Reply.StatusCode);
        }
    }

    [Fact]
    public void Jwt_returns_the_token_and_a_fresh_ecdh_key_on_every_call()
    {
        using var node = new TestNode();

        var first = Read<JwtReply>(node.Call("jwt", """{"token":"s3cr3t"}"""));
        var second = Read<JwtReply>(node.Call("jwt", """{"token":"s3cr3t"}"""));

        Assert.Equal(node.Files.ReadText(TestNode.Paths.TokenFile), first.Jwt);
        Assert.Matches("^[0-9a-f]{64}$", first.EcdhPublic);
        Assert.Matches("^[0-9a-f]{64}$", second.EcdhPublic);
        Assert.NotEqual(first.EcdhPublic, second.EcdhPublic);
    }

    [Fact]
    public void Jwt_of_a_node_without_the_exchange_returns_no_ecdh_key()
    {
        using var node = new TestNode(faults: new NoEcdhFaults());

        var reply = Read<JwtReply>(node.Call("jwt", """{"token":"s3cr3t"}"""));

        Assert.Equal(node.Files.ReadText(TestNode.Paths.TokenFile), reply.Jwt);
        Assert.Equal("", reply.EcdhPublic);
    }

    private sealed class NoEcdhFaults : IActionFaults
    {
        public bool CorruptNonceSignature() => false;
        public string? ReplaceCommonName(string requested) => null;
        public bool RefuseRestart() => false;
        public bool WithholdEcdhPublic() => true;
    }

    [Fact]
    public void Jwt_refuses_a_wrong_token()
    {
        using var node = new TestNode();

        AssertFailed(node.Call("jwt", """{"token":"guess"}"""), StatusCode.Aborted, "Incorrect provision token supplied");
    }

    [Fact]
    public void Locked_actions_refuse_another_caller_until_the_lock_lapses()
    {
        using var node = new TestNode();
        Assert.Equal(StatusCode.Ok, node.Call("jwt", """{"token":"s3cr3t"}""").Reply.StatusCode);

        AssertFailed(node.Call("gen25519", """{"token":"s3cr3t","nonce":"abc"}""", caller: "choria=other.example.net"), StatusCode.Aborted, "Could not obtain provisioning lock");
        AssertFailed(node.Call("jwt", """{"token":"s3cr3t"}""", sender: "other.example.net"), StatusCode.Aborted, "Could not obtain provisioning lock");

        node.Clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(StatusCode.Ok, node.Call("jwt", """{"token":"s3cr3t"}""").Reply.StatusCode);
        node.Clock.Advance(TimeSpan.FromSeconds(119));
        AssertFailed(node.Call("jwt", """{"token":"s3cr3t"}""", caller: "choria=other.example.net"), StatusCode.Aborted, "Could not obtain provisioning lock");

        node.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(StatusCode.Ok, node.Call("jwt", """{"token":"s3cr3t"}""", caller: "choria=other.example.net").Reply.StatusCode);
        Assert.Equal("prov.example.net.choria=other.example.net", node.Actions.LockHolder);
    }

    [Fact]
    public void Gen25519_writes_a_private_seed_drops_old_jwts_and_signs_the_nonce()
    {
        using var node = new TestNode();
        node.Files.WriteText(TestNode.Paths.ServerJwtFile, "old", FileModes.Secret);
        node.Files.WriteText(TestNode.Paths.NatsJwtFile, "old", FileModes.Secret);

        var reply = Read<Gen25519Reply>(node.Call("gen25519", """{"nonce":"0c1d2e3f405162738495a6b7c8d9eafb","token":"s3cr3t"}"""));

        Assert.True(NonceVerifier.Verify(reply.PublicKey, "0c1d2e3f405162738495a6b7c8d9eafb", reply.Signature).IsValid);
        Assert.Equal("/etc/choria", reply.Directory);
        using var seed = Ed25519KeyPair.FromSeedHex(node.Files.ReadText(TestNode.Paths.SeedFile)!);
        Assert.Equal(reply.PublicKey, seed.PublicKeyHex);
        Assert.Equal(FileModes.Secret, node.Files.ModeOf(TestNode.Paths.SeedFile));
        Assert.False(node.Files.FileExists(TestNode.Paths.ServerJwtFile));
        Assert.False(node.Files.FileExists(TestNode.Paths.NatsJwtFile));
    }

    [Theory]
    [InlineData("jwt", """{"token":"s3cr3t"}""")]
    [InlineData("gen25519", """{"token":"s3cr3t","nonce":"n"}""")]
    [InlineData("gencsr", """{"token":"s3cr3t"}""")]
    [InlineData("configure", """{"token":"s3cr3t","config":"{\"a\":\"b\"}"}""")]
    public void Provisioning_actions_refuse_a_node_that_is_not_in_provisioning_mode(string action, string data)
    {
        using var node = Provisioned();

        AssertFailed(node.Call(action, data), StatusCode.Aborted, "Cannot reconfigure a server that is not in provisioning mode");
    }

    [Theory]
    [InlineData("jwt", "{}", "token")]
    [InlineData("gen25519", """{"token":"s3cr3t"}""", "nonce")]
    [InlineData("configure", """{"token":"s3cr3t"}""", "config")]
    [InlineData("restart", """{"splay":1}""", "token")]
    public void Missing_required_inputs_get_missing_data(string action, string data, string field)
    {
        using var node = new TestNode();

        var outcome = node.Call(action, data);

        Assert.Equal(StatusCode.MissingData, outcome.Reply.StatusCode);
        Assert.Contains($"'{field}'", outcome.Reply.StatusMessage);
    }

    [Theory]
    [InlineData("gen25519", "nonce", 65)]
    [InlineData("jwt", "token", 129)]
    [InlineData("configure", "certificate", 10241)]
    [InlineData("configure", "ca", 20481)]
    [InlineData("configure", "server_jwt", 2049)]
    [InlineData("configure", "nats_jwt", 4097)]
    [InlineData("gencsr", "cn", 81)]
    public void Oversized_inputs_get_invalid_data_naming_the_input(string action, string field, int length)
    {
        using var node = new TestNode();
        var data = new Dictionary<string, string> { ["token"] = Token, ["nonce"] = "n", ["config"] = """{"a":"b"}""" };
        data[field] = new string('x', length);

        var outcome = node.Call(action, JsonSerializer.SerializeToElement(data));

        Assert.Equal(StatusCode.InvalidData, outcome.Reply.StatusCode);
        Assert.Contains($"'{field}' is {length} characters", outcome.Reply.StatusMessage);
    }

    [Theory]
    [InlineData("jwt", """{"token":5}""")]
    [InlineData("restart", """{"token":"s3cr3t","splay":1.5}""")]
    [InlineData("configure", """{"token":"s3cr3t","config":"{}","action_policies":{"a.policy":1}}""")]
    [InlineData("gencsr", """{"token":"s3cr3t","C":"nl"}""")]
    public void Inputs_of_the_wrong_shape_get_invalid_data(string action, string data)
    {
        using var node = new TestNode();

        Assert.Equal(StatusCode.InvalidData, node.Call(action, data).Reply.StatusCode);
    }

    [Fact]
    public void Gencsr_writes_the_key_privately_and_the_csr_publicly_for_the_identity()
    {
        using var node = new TestNode();

        var reply = Read<GenCsrReply>(node.Call("gencsr", """{"token":"s3cr3t","C":"NL","O":"Example"}"""));

        Assert.Equal("/etc/choria/ssl", reply.SslDir);
        Assert.IsType<CsrInspection.Accepted>(new CsrInspector().Inspect(reply.Csr, TestNode.Identity));
        Assert.Equal(reply.Csr, node.Files.ReadText("/etc/choria/ssl/csr.pem"));
        Assert.Equal(FileModes.Public, node.Files.ModeOf("/etc/choria/ssl/csr.pem"));
        Assert.Contains("PRIVATE KEY", node.Files.ReadText("/etc/choria/ssl/private.pem"));
        Assert.Equal(FileModes.Secret, node.Files.ModeOf("/etc/choria/ssl/private.pem"));
        // 0771, as Choria's gencsr makes it.
        Assert.Equal(FileModes.SslDirectory, node.Files.ModeOf("/etc/choria/ssl"));
        Assert.Equal((int)FileModes.SslDirectory, Convert.ToInt32("771", 8));
    }

    [Fact]
    public void Gencsr_uses_the_configured_ssl_directory()
    {
        var files = new MemoryFileStore();
        files.WriteText(TestNode.Paths.ConfigFile, "plugin.choria.server.provision = true\nplugin.choria.ssldir = /var/ssl\n", FileModes.Public);
        using var node = new TestNode(files);

        Assert.Equal("/var/ssl", Read<GenCsrReply>(node.Call("gencsr", """{"token":"s3cr3t"}""")).SslDir);
        Assert.True(files.FileExists("/var/ssl/private.pem"));
    }

    [Fact]
    public void Configure_writes_every_file_with_its_mode_and_emits_provisioned()
    {
        using var node = new TestNode();
        node.Files.WriteText("/etc/choria/policies/stale.policy", "old", FileModes.ReadOnly);
        var request = new ConfigureRequest(
            ActionPolicies: new Dictionary<string, string> { ["rpcutil.policy"] = "policy allow" },
            Ca: "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n",
            Certificate: "-----BEGIN CERTIFICATE-----\nCERT\n-----END CERTIFICATE-----\n",
            Config: """{"plugin.choria.server.provision":"false","identity":"n1.example.net","collectives":"choria"}""",
            OpaPolicies: new Dictionary<string, string> { ["main.rego"] = "package main" },
            ServerJwt: "server.jwt.text",
            SslDir: "/etc/choria/ssl",
            Token: Token,
            NatsJwt: "nats.jwt.text");

        var outcome = node.Call("configure", RpcData.From(request));

        Assert.Equal("Wrote 4 lines to /etc/choria/server.conf", Read<ActionMessageReply>(outcome).Message);
        Assert.Equal([LifecycleEventType.Provisioned], outcome.Events);
        var config = ServerConfig.Parse(node.Files.ReadText(TestNode.Paths.ConfigFile)!, "server.conf");
        Assert.Equal("false", config.Get("plugin.choria.server.provision"));
        Assert.StartsWith("# configuration file written in request ", node.Files.ReadText(TestNode.Paths.ConfigFile));
        Assert.Equal(FileModes.Secret, node.Files.ModeOf(TestNode.Paths.ConfigFile));
        // No gencsr ran: configure makes the missing ssl directory 0700, as Choria's configure does.
        Assert.Equal(FileModes.PrivateDirectory, node.Files.ModeOf("/etc/choria/ssl"));
        Assert.Equal(FileModes.Secret, node.Files.ModeOf(TestNode.Paths.ServerJwtFile));
        Assert.Equal("nats.jwt.text", node.Files.ReadText(TestNode.Paths.NatsJwtFile));
        Assert.Equal(FileModes.Secret, node.Files.ModeOf(TestNode.Paths.NatsJwtFile));
        Assert.Equal(FileModes.Public, node.Files.ModeOf("/etc/choria/ssl/certificate.pem"));
        Assert.Equal(FileModes.Public, node.Files.ModeOf("/etc/choria/ssl/ca.pem"));
        Assert.Equal(["/etc/choria/policies/rpcutil.policy"], node.Files.ListFiles("/etc/choria/policies"));
        Assert.Equal(FileModes.ReadOnly, node.Files.ModeOf("/etc/choria/policies/rpcutil.policy"));
        Assert.Equal(FileModes.ReadOnly, node.Files.ModeOf("/etc/choria/policies/rego/main.rego"));
        Assert.DoesNotContain(node.Files.ListFiles("/etc/choria"), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Configure_refuses_an_empty_configuration()
    {
        using var node = new TestNode();

        AssertFailed(node.Call("configure", """{"token":"s3cr3t","config":""}"""), StatusCode.Aborted,
            "Did not receive any configuration to write, cannot write a empty configuration file");
    }

    [Fact]
    public void Configure_refuses_a_key_without_ecdh_public()
    {
        using var node = new TestNode();

        AssertFailed(node.Call("configure", """{"token":"s3cr3t","config":"{\"a\":\"b\"}","key":"-----BEGIN RSA PRIVATE KEY-----"}"""), StatusCode.Aborted,
            "EDCH Public Key not supplied while providing a private key");
    }

    [Fact]
    public void Configure_refuses_a_wrong_token()
    {
        using var node = new TestNode();

        AssertFailed(node.Call("configure", """{"token":"guess","config":"{\"a\":\"b\"}"}"""), StatusCode.Aborted, "Incorrect provision token supplied");
        Assert.False(node.Files.FileExists(TestNode.Paths.ConfigFile));
    }

    [Theory]
    [InlineData("""["a"]""", "Could not decode configuration data: expected a JSON object of strings, got Array")]
    [InlineData("""{"a":1}""", "Could not decode configuration data: value of 'a' is Number, not a string")]
    [InlineData("""{"a":"b\nplugin.choria.server.provision=true"}""", "Could not write config: value of 'a' contains a line break")]
    public void Configure_refuses_configuration_that_is_not_a_plain_string_map(string config, string message)
    {
        using var node = new TestNode();

        var outcome = node.Call("configure", JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["token"] = Token, ["config"] = config }));

        AssertFailed(outcome, StatusCode.Aborted, message);
        Assert.False(node.Files.FileExists(TestNode.Paths.ConfigFile));
    }

    [Fact]
    public void Configure_refuses_a_policy_with_the_wrong_extension_and_changes_nothing()
    {
        using var node = new TestNode();
        var request = new ConfigureRequest(
            ActionPolicies: new Dictionary<string, string> { ["rpcutil.txt"] = "x" },
            Config: """{"a":"b"}""",
            ServerJwt: "jwt",
            Token: Token);

        AssertFailed(node.Call("configure", RpcData.From(request)), StatusCode.Aborted, "Could not save Action Policies: expected \"rpcutil.txt\" to have .policy extension");
        Assert.False(node.Files.FileExists(TestNode.Paths.ConfigFile));
        Assert.False(node.Files.FileExists(TestNode.Paths.ServerJwtFile));
    }

    [Fact]
    public void Configure_refuses_a_policy_name_that_leaves_the_policies_directory()
    {
        using var node = new TestNode();
        var request = new ConfigureRequest(OpaPolicies: new Dictionary<string, string> { ["../../evil.rego"] = "x" }, Config: """{"a":"b"}""", Token: Token);

        Assert.Equal(StatusCode.Aborted, node.Call("configure", RpcData.From(request)).Reply.StatusCode);
        Assert.False(node.Files.FileExists("/etc/evil.rego"));
    }

    [Fact]
    public void Restart_refuses_while_the_configuration_still_enables_provisioning()
    {
        using var node = new TestNode();
        node.Files.WriteText(TestNode.Paths.ConfigFile, "plugin.choria.server.provision=true\n", FileModes.Public);

        AssertFailed(node.Call("restart", """{"token":"s3cr3t","splay":1}"""), StatusCode.Aborted,
            "Configuration /etc/choria/server.conf enables provisioning, restart cannot continue");
    }

    [Fact]
    public void Restart_refuses_an_unset_provision_setting_when_the_token_provisions_by_default()
    {
        using var node = new TestNode(token: TestTokens.Provisioning(provisionByDefault: true));
        node.Files.WriteText(TestNode.Paths.ConfigFile, "identity=n1.example.net\n", FileModes.Public);

        AssertFailed(node.Call("restart", """{"token":"s3cr3t","splay":1}"""), StatusCode.Aborted,
            "Configuration /etc/choria/server.conf enables provisioning, restart cannot continue");
    }

    [Fact]
    public void Restart_refuses_a_missing_configuration()
    {
        using var node = new TestNode();

        var outcome = node.Call("restart", """{"token":"s3cr3t","splay":1}""");

        Assert.Equal(StatusCode.Aborted, outcome.Reply.StatusCode);
        Assert.StartsWith("Configuration /etc/choria/server.conf could not be parsed, restart cannot continue", outcome.Reply.StatusMessage);
    }

    [Fact]
    public void Restart_after_configure_schedules_a_restart_within_the_splay()
    {
        using var node = new TestNode();
        node.Files.WriteText(TestNode.Paths.ConfigFile, "plugin.choria.server.provision=false\n", FileModes.Public);

        var outcome = node.Call("restart", """{"token":"s3cr3t","splay":1}""");

        var restart = Assert.IsType<NodeEffect.Restart>(outcome.Effect);
        Assert.Equal(TimeSpan.FromSeconds(2), restart.Delay);
        Assert.Equal("Restarting Choria Server after 2s", Read<ActionMessageReply>(outcome).Message);
    }

    [Fact]
    public void Restart_refuses_a_negative_splay()
    {
        using var node = new TestNode();

        Assert.Equal(StatusCode.InvalidData, node.Call("restart", """{"token":"s3cr3t","splay":-1}""").Reply.StatusCode);
    }

    [Fact]
    public void Restart_of_a_provisioned_node_without_a_token_is_refused()
    {
        var files = new MemoryFileStore();
        files.WriteText(TestNode.Paths.ConfigFile, "plugin.choria.server.provision=false\n", FileModes.Public);
        using var node = new TestNode(files, writeToken: false);

        AssertFailed(node.Call("restart", """{"token":"x"}"""), StatusCode.Aborted, "Cannot restart a server that is not in provisioning mode or with no token set");
        AssertFailed(node.Call("shutdown", """{"token":"x"}"""), StatusCode.Aborted, "Cannot shutdown a server that is not in provisioning mode or with no token set");
    }

    [Fact]
    public void Reprovision_refuses_a_node_already_provisioning()
    {
        using var node = new TestNode();

        AssertFailed(node.Call("reprovision", """{"token":"s3cr3t"}"""), StatusCode.Aborted, "Server is already in provisioning mode, cannot enable provisioning mode again");
    }

    [Fact]
    public void Reprovision_turns_provisioning_back_on_keeping_the_identity_and_restarts()
    {
        using var node = Provisioned("plugin.choria.server.provision=false\nidentity=n1.example.net\nlogfile=/var/log/choria.log\ncollectives=choria\n");

        var outcome = node.Call("reprovision", """{"token":"s3cr3t"}""");

        Assert.IsType<NodeEffect.Restart>(outcome.Effect);
        var config = ServerConfig.Parse(node.Files.ReadText(TestNode.Paths.ConfigFile)!, "server.conf");
        Assert.True(config.GetBool("plugin.choria.server.provision"));
        Assert.Equal("n1.example.net", config.Get("identity"));
        Assert.Equal("/var/log/choria.log", config.Get("logfile"));
        Assert.Null(config.Get("collectives"));
        Assert.True(NodeBoot.EnablesProvisioning(config, null));
    }

    [Fact]
    public void Shutdown_schedules_a_stop()
    {
        using var node = new TestNode();

        var outcome = node.Call("shutdown", """{"token":"s3cr3t"}""");

        Assert.IsType<NodeEffect.Shutdown>(outcome.Effect);
        Assert.StartsWith("Shutting Choria Server down after ", Read<ActionMessageReply>(outcome).Message);
    }

    [Fact]
    public void A_node_without_an_agent_token_accepts_any_token()
    {
        var files = new MemoryFileStore();
        files.WriteText(TestNode.Paths.ConfigFile, "plugin.choria.server.provision=false\n", FileModes.Public);
        using var provisioned = new TestNode(files, writeToken: false);
        Assert.Null(provisioned.Boot.Token);

        Assert.Equal(StatusCode.Ok, provisioned.Call("reprovision", """{"token":"anything"}""").Reply.StatusCode);
    }
}
