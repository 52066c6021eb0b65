using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Xunit;

namespace Provisioner.Agent.Tests.Actions;

/// <summary>Our optional <c>nats_jwt</c> extension of <c>configure</c> must leave Choria's ten keys untouched.</summary>
public sealed class ConfigureRequestTests
{
    [Fact]
    public void Nats_jwt_is_written_in_sorted_place_only_when_given()
    {
        var with = ChoriaJson.Serialize(RpcData.From(new ConfigureRequest(Config: "{}", Key: "KEY", Token: "t", NatsJwt: "eyJ")));
        var without = ChoriaJson.Serialize(RpcData.From(new ConfigureRequest(Config: "{}", Key: "KEY", Token: "t")));

        Assert.Equal("""{"action_policies":{},"ca":"","certificate":"","config":"{}","ecdh_public":"","key":"KEY","nats_jwt":"eyJ","opa_policies":{},"server_jwt":"","ssldir":"","token":"t"}""", with);
        Assert.Equal("""{"action_policies":{},"ca":"","certificate":"","config":"{}","ecdh_public":"","key":"KEY","opa_policies":{},"server_jwt":"","ssldir":"","token":"t"}""", without);
        Assert.Equal("eyJ", RpcData.Read<ConfigureRequest>(RpcData.Parse(with), "configure").NatsJwt);
        Assert.Null(RpcData.Read<ConfigureRequest>(RpcData.Parse(without), "configure").NatsJwt);
    }
}
