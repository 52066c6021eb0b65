using System.Text;
using NATS.NKeys;
using Provisioner.Security.Broker;
using Xunit;

namespace Provisioner.Security.Tests.Broker;

public sealed class NKeySigningKeyTests
{
    [Fact]
    public void Signs_the_same_bytes_as_the_key_pair_it_comes_from()
    {
        using var pair = KeyPair.CreatePair(PrefixByte.Account);
        using var key = NKeySigningKey.From(pair);
        var message = Encoding.ASCII.GetBytes("eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30");
        var expected = new byte[64];
        pair.Sign(message, expected);

        Assert.Equal(expected, key.Sign(message));
        Assert.True(pair.Verify(message, key.Sign(message)));
    }

    [Fact]
    public void Names_the_key_pairs_public_key_and_kind()
    {
        using var pair = KeyPair.CreatePair(PrefixByte.Operator);
        using var key = NKeySigningKey.From(pair);

        Assert.Equal(pair.GetPublicKey(), key.PublicKey);
        Assert.Equal(PrefixByte.Operator, key.Prefix);
        Assert.DoesNotContain(pair.GetSeed(), key.ToString());
    }

    [Fact]
    public void Refuses_a_public_key_without_its_seed()
    {
        using var pair = KeyPair.CreatePair(PrefixByte.Account);
        using var publicOnly = KeyPair.FromPublicKey(pair.GetPublicKey());

        var error = Assert.Throws<ArgumentException>(() => NKeySigningKey.From(publicOnly));

        Assert.StartsWith("nkey has no seed to sign with", error.Message);
    }

    [Fact]
    public void A_machine_jwt_signed_through_it_is_the_jwt_the_key_pair_signs()
    {
        using var pair = KeyPair.CreatePair(PrefixByte.Account);
        using var key = NKeySigningKey.From(pair);
        var claims = new NatsUserClaims("jti", 1_800_000_000, 1_900_000_000, pair.GetPublicKey(), "node1", "UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4", new NatsUser(
            NatsSubjectPermission.AllowOnly(["choria.reply.>"]), NatsSubjectPermission.AllowOnly(["choria.node.node1"]), null, null, "AAAA"));

        Assert.Equal(NatsJwt.Sign(claims, pair), NatsJwt.Sign(claims, key));
    }
}
