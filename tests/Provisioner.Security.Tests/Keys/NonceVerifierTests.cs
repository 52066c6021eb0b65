using Provisioner.Security.Keys;
using Xunit;
using static Provisioner.Security.Tests.Keys.Ed25519KeyPairTests;

namespace Provisioner.Security.Tests.Keys;

public class NonceVerifierTests
{
    [Fact]
    public void Accepts_the_signature_of_the_spec_worked_example()
    {
        var result = NonceVerifier.Verify(SpecPublicKey, SpecNonce, SpecSignature);

        Assert.IsType<NonceVerification.Valid>(result);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Accepts_a_signature_made_by_a_fresh_key()
    {
        using var key = Ed25519KeyPair.Generate();
        var nonce = NonceFactory.Create();

        Assert.True(NonceVerifier.Verify(key.PublicKeyHex, nonce, key.SignHex(nonce)).IsValid);
    }

    [Fact]
    public void Accepts_upper_case_hex()
    {
        Assert.True(NonceVerifier.Verify(SpecPublicKey.ToUpperInvariant(), SpecNonce, SpecSignature.ToUpperInvariant()).IsValid);
    }

    [Fact]
    public void Rejects_a_signature_over_another_nonce()
    {
        var result = NonceVerifier.Verify(SpecPublicKey, NonceFactory.Create(), SpecSignature);

        Assert.Equal(new NonceVerification.Invalid("invalid nonce signature"), result);
    }

    [Fact]
    public void Rejects_a_signature_by_another_key()
    {
        using var other = Ed25519KeyPair.Generate();

        var result = NonceVerifier.Verify(other.PublicKeyHex, SpecNonce, SpecSignature);

        Assert.Equal(new NonceVerification.Invalid(NonceVerifier.InvalidSignatureReason), result);
    }

    [Fact]
    public void Rejects_a_tampered_signature()
    {
        var tampered = (SpecSignature[0] == '0' ? "1" : "0") + SpecSignature[1..];

        Assert.Equal(new NonceVerification.Invalid("invalid nonce signature"), NonceVerifier.Verify(SpecPublicKey, SpecNonce, tampered));
    }

    [Theory]
    [InlineData("not-hex", "public_key is not valid hex")]
    [InlineData("", "public_key is not valid hex")]
    [InlineData("abc", "public_key is not valid hex")]
    [InlineData("0102", "public_key must be 32 bytes, got 2")]
    public void Rejects_a_malformed_public_key(string publicKeyHex, string reason)
    {
        Assert.Equal(new NonceVerification.Invalid(reason), NonceVerifier.Verify(publicKeyHex, SpecNonce, SpecSignature));
    }

    [Theory]
    [InlineData("xyz", "signature is not valid hex")]
    [InlineData("", "signature is not valid hex")]
    [InlineData("c5e4d1ab", "signature must be 64 bytes, got 4")]
    public void Rejects_a_malformed_signature(string signatureHex, string reason)
    {
        Assert.Equal(new NonceVerification.Invalid(reason), NonceVerifier.Verify(SpecPublicKey, SpecNonce, signatureHex));
    }

    [Fact]
    public void Rejects_an_empty_nonce()
    {
        Assert.Equal(new NonceVerification.Invalid("nonce is empty"), NonceVerifier.Verify(SpecPublicKey, "", SpecSignature));
    }
}
