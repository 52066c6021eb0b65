using System.Text;
using System.Text.Json;
using Provisioner.Actors.Onboarding;
using Provisioner.Actors.Onboarding.Helper;
using Provisioner.Security.Tokens;
using Xunit;

namespace Provisioner.Actors.Tests.Onboarding;

public sealed class HelperOutputTests
{
    private static HelperOutput Parse(string json) => HelperOutput.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Reads_every_field_of_the_contract()
    {
        var output = Parse("""
            {"defer":false,"msg":"ok","shutdown":false,
             "configuration":{"plugin.choria.server.provision":"false","identity":"n1"},
             "certificate":"CERT","ca":"CA","ssldir":"/etc/ssl","key":"KEY",
             "server_claims":{"ou":"acme","exp":1900000000.7,"collectives":["c1","c2"],"pub_subjects":["x.>"],
                              "permissions":{"submission":true,"streams":true,"governor":false,"service_host":true},
                              "identity":"ignored"},
             "action_policies":{"a.policy":"policy text"},"opa_policies":{"b.rego":"package x"},
             "upgrade":"0.29.0","unknown":{"ignored":1}}
            """);

        Assert.Equal("false", output.Configuration!["plugin.choria.server.provision"]);
        Assert.Equal("n1", output.Configuration["identity"]);
        Assert.Equal(("CERT", "CA", "/etc/ssl", "KEY"), (output.Certificate, output.Ca, output.SslDir, output.Key));
        Assert.Equal("acme", output.ServerClaims!.OrganizationUnit);
        Assert.Equal(1900000000, output.ServerClaims.ExpiresAt);
        Assert.Equal(["c1", "c2"], output.ServerClaims.Collectives!);
        Assert.Equal(["x.>"], output.ServerClaims.PublishSubjects!);
        Assert.Equal(new ServerPermissions { Submission = true, Streams = true, ServiceHost = true }, output.ServerClaims.Permissions);
        Assert.Equal("policy text", output.ActionPolicies!["a.policy"]);
        Assert.Equal("package x", output.OpaPolicies!["b.rego"]);
        Assert.Equal("0.29.0", output.Upgrade);
        Assert.IsType<HelperOutcome.Configure>(output.Outcome());
    }

    [Fact]
    public void Defer_fails_with_the_helpers_message()
    {
        var outcome = Parse("""{"defer":true,"msg":"not in CMDB yet","shutdown":true}""").Outcome();

        Assert.Equal(new HelperOutcome.Defer("configuration defered: not in CMDB yet"), outcome);
    }

    [Fact]
    public void Shutdown_asks_for_a_shutdown()
    {
        Assert.Equal(new HelperOutcome.Shutdown("unwanted"), Parse("""{"shutdown":true,"msg":"unwanted"}""").Outcome());
    }

    [Theory]
    [InlineData("""{"configuration":{"a":"b","loglevel":1}}""", "$.configuration", "key \"loglevel\" must have a string value, not a number")]
    [InlineData("""{"action_policies":{"x.policy":{"a":1}}}""", "$.action_policies", "key \"x.policy\" must have a string value, not an object")]
    [InlineData("""{"opa_policies":["x"]}""", "$.opa_policies", "must be an object of strings, not an array")]
    [InlineData("""{"defer":"yes"}""", "$.defer", "Cannot get the value of a token type 'String' as a boolean")]
    [InlineData("""{"server_claims":{"exp":"tomorrow"}}""", "$.server_claims.exp", "must be a number of unix seconds, not a string")]
    [InlineData("""{"configuration":""", "$.configuration", "Expected depth to be zero")]
    [InlineData("""<html>""", "$", "invalid start of a value")]
    public void Rejects_a_field_of_the_wrong_type_naming_it(string json, string path, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Parse(json));

        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Rejects_null_output()
    {
        var error = Assert.Throws<FormatException>(() => Parse("null"));
        Assert.Contains("must be a JSON object", error.Message);
    }

    [Fact]
    public void Error_messages_never_repeat_the_output_text()
    {
        var error = Assert.Throws<FormatException>(() => Parse("""{"key":"-----BEGIN RSA PRIVATE KEY-----SECRET","configuration":{"k":5}}"""));
        Assert.DoesNotContain("SECRET", error.Message);
    }

    [Fact]
    public void Input_is_written_with_the_contracts_names_and_explicit_nulls()
    {
        var input = new HelperInput
        {
            Identity = "n1.example.net",
            Csr = new HelperCsr { Csr = "CSR", PublicKey = "PUB", SslDir = "/ssl" },
            Inventory = """{"version":"0.28.0"}""",
        };

        using var json = JsonDocument.Parse(input.ToJsonBytes());
        var root = json.RootElement;

        Assert.Equal(["identity", "csr", "ed25519_pubkey", "inventory", "jwt"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("n1.example.net", root.GetProperty("identity").GetString());
        Assert.Equal(["csr", "public_key", "ssldir"], root.GetProperty("csr").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("ed25519_pubkey").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("jwt").ValueKind);
        Assert.Equal(input.Inventory, root.GetProperty("inventory").GetString());
    }

    [Fact]
    public void Input_carries_the_provisioning_claims_with_choria_names()
    {
        var claims = new ProvisioningClaims
        {
            Purpose = "choria_provisioning",
            Token = "s3cret",
            Urls = "nats://broker:4222",
            ExpiresAt = 1900000000,
            Id = "jti-1",
        };
        var input = new HelperInput
        {
            Identity = "n1",
            Ed25519PublicKey = new HelperEd25519PublicKey { PublicKey = "ab", Directory = "/etc/choria", Signature = "cd" },
            Inventory = "{}",
            Jwt = HelperInput.ClaimsJson(claims),
        };

        using var json = JsonDocument.Parse(input.ToJsonBytes());
        var jwt = json.RootElement.GetProperty("jwt");

        Assert.Equal("s3cret", jwt.GetProperty("cht").GetString());
        Assert.Equal("choria_provisioning", jwt.GetProperty("purpose").GetString());
        Assert.Equal("nats://broker:4222", jwt.GetProperty("chu").GetString());
        Assert.Equal(1900000000, jwt.GetProperty("exp").GetInt64());
        Assert.False(jwt.TryGetProperty("chsrv", out _));
        Assert.Equal(["public_key", "directory", "signature"],
            json.RootElement.GetProperty("ed25519_pubkey").EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("s3cret", input.ToString());
    }
}
