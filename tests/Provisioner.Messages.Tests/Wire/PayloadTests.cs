using System.Text.Json;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Xunit;

namespace Provisioner.Messages.Tests.Wire;

public sealed class PayloadTests
{
    private static void AssertRoundTrip<T>(T payload, string expectedJson)
    {
        var data = RpcData.From(payload);
        Assert.Equal(expectedJson, ChoriaJson.Serialize(data));
        Assert.Equal(expectedJson, ChoriaJson.Serialize(RpcData.Read<T>(data, "test")));
    }

    [Fact]
    public void Jwt_request_and_reply_round_trip()
    {
        AssertRoundTrip(new JwtRequest("t"), """{"token":"t"}""");
        AssertRoundTrip(new JwtReply("e.y.J", new string('a', 64)), $$"""{"jwt":"e.y.J","ecdh_public":"{{new string('a', 64)}}"}""");
    }

    [Fact]
    public void Gen25519_request_and_reply_round_trip()
    {
        AssertRoundTrip(new Gen25519Request("n", "t"), """{"nonce":"n","token":"t"}""");
        AssertRoundTrip(new Gen25519Reply("pk", "/etc/choria", "sig"), """{"public_key":"pk","directory":"/etc/choria","signature":"sig"}""");
    }

    [Fact]
    public void Gencsr_request_sorts_keys_like_a_go_map_and_omits_absent_subject_parts()
    {
        AssertRoundTrip(new GenCsrRequest(Cn: "n1.example.net", Token: "t"), """{"cn":"n1.example.net","token":"t"}""");
        AssertRoundTrip(
            new GenCsrRequest("NL", "Amsterdam", "Example", "Ops", "NH", "n1", "t"),
            """{"C":"NL","L":"Amsterdam","O":"Example","OU":"Ops","ST":"NH","cn":"n1","token":"t"}""");
        AssertRoundTrip(new GenCsrReply("CSR", "PUB", "/ssl"), """{"csr":"CSR","public_key":"PUB","ssldir":"/ssl"}""");
    }

    [Fact]
    public void Configure_request_sends_all_ten_keys_sorted_with_sorted_policy_maps()
    {
        var request = new ConfigureRequest(
            ActionPolicies: new Dictionary<string, string> { ["z.policy"] = "z", ["a.policy"] = "a" },
            Ca: "CA",
            Certificate: "CERT",
            Config: """{"plugin.choria.server.provision":"false"}""",
            EcdhPublic: "ec",
            Key: "KEY",
            ServerJwt: "jwt",
            SslDir: "/ssl",
            Token: "t");

        AssertRoundTrip(
            request,
            """{"action_policies":{"a.policy":"a","z.policy":"z"},"ca":"CA","certificate":"CERT","config":"{\"plugin.choria.server.provision\":\"false\"}","ecdh_public":"ec","key":"KEY","opa_policies":{},"server_jwt":"jwt","ssldir":"/ssl","token":"t"}""");
    }

    [Fact]
    public void Configure_request_with_missing_keys_reads_as_empty_values()
    {
        var read = RpcData.Read<ConfigureRequest>(RpcData.Parse("""{"config":"{\"a\":\"b\"}"}"""), "configure");

        Assert.Equal("""{"a":"b"}""", read.Config);
        Assert.Equal("", read.Token);
        Assert.Equal("", read.Key);
        Assert.Empty(read.ActionPolicies);
        Assert.Empty(read.OpaPolicies);
    }

    [Fact]
    public void Message_replies_and_simple_requests_round_trip()
    {
        AssertRoundTrip(new ActionMessageReply("Wrote 3 lines to /etc/choria/server.conf"), """{"message":"Wrote 3 lines to /etc/choria/server.conf"}""");
        AssertRoundTrip(new RestartRequest(1, "t"), """{"splay":1,"token":"t"}""");
        AssertRoundTrip(new ReprovisionRequest("t"), """{"token":"t"}""");
        AssertRoundTrip(new ShutdownRequest("t"), """{"token":"t"}""");
        AssertRoundTrip(new ReleaseUpdateRequest("https://repo.example.net", "t", "0.29.5"), """{"repository":"https://repo.example.net","token":"t","version":"0.29.5"}""");
    }

    [Fact]
    public void Restart_without_splay_defaults_to_one_second()
    {
        Assert.Equal(1, RpcData.Read<RestartRequest>(RpcData.Parse("""{"token":"t"}"""), "restart").Splay);
    }

    [Fact]
    public void Inventory_reply_round_trips_in_go_key_order()
    {
        var reply = new InventoryReply(
            ["choria_provision", "rpcutil"],
            [],
            ["provisioning"],
            [],
            RpcData.Parse("""{"os":"linux","cpus":2}"""),
            [new InventoryMachine("m", "RUN", "1.0")],
            "provisioning",
            "0.29.4",
            true);

        AssertRoundTrip(
            reply,
            """{"agents":["choria_provision","rpcutil"],"classes":[],"collectives":["provisioning"],"data_plugins":[],"facts":{"os":"linux","cpus":2},"machines":[{"name":"m","state":"RUN","version":"1.0"}],"main_collective":"provisioning","version":"0.29.4","upgradable":true}""");
    }

    [Fact]
    public void Non_integer_splay_is_rejected_naming_the_field()
    {
        var error = Assert.Throws<ChoriaProtocolException>(() => RpcData.Read<RestartRequest>(RpcData.Parse("""{"splay":1.5,"token":"t"}"""), "restart"));

        Assert.Contains("data of restart", error.Message);
        Assert.Contains("splay", error.Message);
    }

    [Fact]
    public void Policy_map_with_a_non_string_value_is_rejected()
    {
        var error = Assert.Throws<ChoriaProtocolException>(() =>
            RpcData.Read<ConfigureRequest>(RpcData.Parse("""{"action_policies":{"a.policy":1}}"""), "configure"));

        Assert.Contains("action_policies", error.Message);
    }

    [Fact]
    public void Data_that_is_not_an_object_is_rejected()
    {
        Assert.Contains("must be a JSON object", Assert.Throws<ChoriaProtocolException>(() => RpcData.Parse("[1]")).Message);
        Assert.Contains("not valid JSON", Assert.Throws<ChoriaProtocolException>(() => RpcData.Parse("{")).Message);
        using var document = JsonDocument.Parse("\"x\"");
        Assert.Contains("data of jwt must be a JSON object", Assert.Throws<ChoriaProtocolException>(() => RpcData.Read<JwtRequest>(document.RootElement, "jwt")).Message);
    }

    [Fact]
    public void Failed_reply_keeps_empty_data()
    {
        Assert.Equal(
            """{"action":"jwt","statuscode":1,"statusmsg":"Incorrect provision token supplied","data":{}}""",
            ChoriaJson.Serialize(RpcReplyBody.Failed("jwt", StatusCode.Aborted, "Incorrect provision token supplied")));
    }
}
