using System.Buffers.Text;
using System.Text;
using NATS.NKeys;
using Provisioner.Security.Broker;
using Xunit;

namespace Provisioner.Security.Tests.Broker;

public sealed class NatsJwtTests
{
    private static (string Jwt, KeyPair Signer) SignedUser()
    {
        var signer = KeyPair.CreatePair(PrefixByte.Account);
        using var user = KeyPair.CreatePair(PrefixByte.User);
        var claims = new NatsUserClaims("id", 1000, 2000, signer.GetPublicKey(), "node1", user.GetPublicKey(),
            new NatsUser(NatsSubjectPermission.AllowOnly(["a.>"]), null, null, null, null));
        return (NatsJwt.Sign(claims, signer), signer);
    }

    [Fact]
    public void Header_is_the_fixed_nkey_header_in_unpadded_base64url()
    {
        var (jwt, signer) = SignedUser();
        using var owned = signer;

        var segments = jwt.Split('.');

        Assert.Equal(3, segments.Length);
        Assert.Equal("""{"typ":"JWT","alg":"ed25519-nkey"}""", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(segments[0])));
        Assert.All(segments, s => Assert.DoesNotContain('=', s));
        Assert.All(segments, s => Assert.DoesNotContain('+', s));
        Assert.All(segments, s => Assert.DoesNotContain('/', s));
    }

    [Fact]
    public void Signature_is_ed25519_by_the_issuer_over_header_and_claims()
    {
        var (jwt, signer) = SignedUser();
        using var owned = signer;
        var segments = jwt.Split('.');

        var valid = signer.Verify(Encoding.ASCII.GetBytes(segments[0] + "." + segments[1]), Base64Url.DecodeFromChars(segments[2]));

        Assert.True(valid);
    }

    [Fact]
    public void Reads_back_the_claims_it_signed()
    {
        var (jwt, signer) = SignedUser();
        using var owned = signer;

        var claims = NatsJwt.ReadVerified(jwt);

        Assert.Equal(signer.GetPublicKey(), claims.GetProperty("iss").GetString());
        Assert.Equal("node1", claims.GetProperty("name").GetString());
        Assert.Equal(2000, claims.GetProperty("exp").GetInt64());
        Assert.Equal("a.>", claims.GetProperty("nats").GetProperty("pub").GetProperty("allow")[0].GetString());
        Assert.Equal("user", claims.GetProperty("nats").GetProperty("type").GetString());
        Assert.Equal(2, claims.GetProperty("nats").GetProperty("version").GetInt32());
        Assert.Equal(-1, claims.GetProperty("nats").GetProperty("subs").GetInt64());
        Assert.False(claims.GetProperty("nats").TryGetProperty("bearer_token", out _));
    }

    [Fact]
    public void Rejects_a_jwt_whose_claims_were_changed_after_signing()
    {
        var (jwt, signer) = SignedUser();
        using var owned = signer;
        var segments = jwt.Split('.');
        var claims = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(segments[1])).Replace("node1", "node2", StringComparison.Ordinal);
        var tampered = $"{segments[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims))}.{segments[2]}";

        var error = Assert.Throws<FormatException>(() => NatsJwt.ReadVerified(tampered));

        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_jwt_with_another_algorithm()
    {
        var (jwt, signer) = SignedUser();
        using var owned = signer;
        var header = Base64Url.EncodeToString("""{"typ":"JWT","alg":"HS256"}"""u8);

        var error = Assert.Throws<FormatException>(() => NatsJwt.ReadVerified(header + jwt[jwt.IndexOf('.')..]));

        Assert.Contains("ed25519-nkey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_text_that_is_not_three_segments()
    {
        var error = Assert.Throws<FormatException>(() => NatsJwt.ReadVerified("abc.def"));

        Assert.Contains("three", error.Message, StringComparison.Ordinal);
    }
}
