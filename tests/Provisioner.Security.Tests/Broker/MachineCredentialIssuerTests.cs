using NATS.NKeys;
using NSec.Cryptography;
using Provisioner.Security.Broker;
using Xunit;

namespace Provisioner.Security.Tests.Broker;

public sealed class MachineCredentialIssuerTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private static string PublicKeyHex()
    {
        using var key = Key.Create(SignatureAlgorithm.Ed25519);
        return Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    [Fact]
    public void Jwt_names_the_machine_key_as_user_and_the_fleet_account_as_issuer_account()
    {
        using var fleet = KeyPair.CreatePair(PrefixByte.Account);
        using var signer = KeyPair.CreatePair(PrefixByte.Account);
        var publicKey = PublicKeyHex();
        var issuer = new MachineCredentialIssuer(fleet.GetPublicKey(), signer);

        var claims = NatsJwt.ReadVerified(issuer.Issue(new MachineCredentialRequest("node1", publicKey, ["choria"], [], ServerPermissionFlags.None), Now, Now.AddDays(365)));

        Assert.Equal(MachineNKey.PublicKeyFromHex(publicKey), claims.GetProperty("sub").GetString());
        Assert.Equal(signer.GetPublicKey(), claims.GetProperty("iss").GetString());
        Assert.Equal("node1", claims.GetProperty("name").GetString());
        Assert.Equal(Now.ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
        Assert.Equal(Now.AddDays(365).ToUnixTimeSeconds(), claims.GetProperty("exp").GetInt64());
        var nats = claims.GetProperty("nats");
        Assert.Equal(fleet.GetPublicKey(), nats.GetProperty("issuer_account").GetString());
        Assert.Contains("choria.node.node1", nats.GetProperty("sub").GetProperty("allow").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("choria.reply.>", nats.GetProperty("pub").GetProperty("allow").EnumerateArray().Select(e => e.GetString()));
        Assert.False(nats.TryGetProperty("bearer_token", out _));
    }

    [Fact]
    public void The_same_request_and_times_give_the_same_jwt_and_other_times_another_jti()
    {
        using var fleet = KeyPair.CreatePair(PrefixByte.Account);
        using var signer = KeyPair.CreatePair(PrefixByte.Account);
        var issuer = new MachineCredentialIssuer(fleet.GetPublicKey(), signer);
        var request = new MachineCredentialRequest("node1", PublicKeyHex(), ["choria"], [], ServerPermissionFlags.None);

        var first = issuer.Issue(request, Now, Now.AddDays(1));

        Assert.Equal(first, issuer.Issue(request, Now, Now.AddDays(1)));
        var later = NatsJwt.ReadVerified(issuer.Issue(request, Now.AddSeconds(1), Now.AddDays(1))).GetProperty("jti").GetString();
        Assert.NotEqual(NatsJwt.ReadVerified(first).GetProperty("jti").GetString(), later);
    }

    [Fact]
    public void No_collectives_become_deny_all_because_no_allow_list_would_allow_everything()
    {
        using var fleet = KeyPair.CreatePair(PrefixByte.Account);
        using var signer = KeyPair.CreatePair(PrefixByte.Account);
        var issuer = new MachineCredentialIssuer(fleet.GetPublicKey(), signer);

        var nats = NatsJwt.ReadVerified(issuer.Issue(new MachineCredentialRequest("node1", PublicKeyHex(), [], [], ServerPermissionFlags.None), Now, Now.AddDays(1))).GetProperty("nats");

        Assert.Equal(">", nats.GetProperty("pub").GetProperty("deny")[0].GetString());
        Assert.Equal(">", nats.GetProperty("sub").GetProperty("deny")[0].GetString());
        Assert.False(nats.GetProperty("pub").TryGetProperty("allow", out _));
        Assert.False(nats.GetProperty("sub").TryGetProperty("allow", out _));
    }

    [Fact]
    public void Rejects_a_public_key_that_is_not_hex_naming_the_field()
    {
        using var fleet = KeyPair.CreatePair(PrefixByte.Account);
        using var signer = KeyPair.CreatePair(PrefixByte.Account);
        var issuer = new MachineCredentialIssuer(fleet.GetPublicKey(), signer);

        var error = Assert.Throws<FormatException>(() => issuer.Issue(new MachineCredentialRequest("node1", "not-hex", ["choria"], [], ServerPermissionFlags.None), Now, Now.AddDays(1)));

        Assert.StartsWith("public_key:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_expiry_that_is_not_after_issue()
    {
        using var fleet = KeyPair.CreatePair(PrefixByte.Account);
        using var signer = KeyPair.CreatePair(PrefixByte.Account);
        var issuer = new MachineCredentialIssuer(fleet.GetPublicKey(), signer);

        Assert.Throws<ArgumentException>(() => issuer.Issue(new MachineCredentialRequest("node1", PublicKeyHex(), ["choria"], [], ServerPermissionFlags.None), Now, Now));
    }

    [Fact]
    public void Refuses_a_fleet_account_that_is_not_an_account_key()
    {
        using var user = KeyPair.CreatePair(PrefixByte.User);
        using var signer = KeyPair.CreatePair(PrefixByte.Account);

        Assert.Throws<ArgumentException>(() => new MachineCredentialIssuer(user.GetPublicKey(), signer));
    }
}
