using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Security.Tests.Tokens;

/// <summary>
/// The verifier remembers tokens whose signature and claims checked out, yet every call still applies the checks
/// that depend on the time, and any text but a remembered token's exact text is verified in full.
/// </summary>
public class ProvisioningTokenVerifierTests
{
    private const long Now = 1_750_000_000;

    private static string Issue(TokenSigningKey signer, TimeSpan validity) =>
        ProvisioningTokens.Issue(new ProvisioningTokenRequest { Token = "t", SrvDomain = "example.net", Validity = validity }, signer, ManualClock.AtUnix(Now));

    [Fact]
    public void A_remembered_token_is_refused_once_it_expires()
    {
        using var signer = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        var clock = ManualClock.AtUnix(Now);
        var verifier = new ProvisioningTokenVerifier(signer.VerificationKey, clock, requireExpiry: false);
        var token = Issue(signer, TimeSpan.FromHours(1));
        Assert.Equal("t", verifier.Verify(token).Token);

        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(TokenError.Expired, Assert.Throws<TokenException>(() => verifier.Verify(token)).Error);
    }

    [Fact]
    public void A_remembered_token_is_refused_before_it_is_valid_on_a_clock_that_went_back()
    {
        using var signer = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        var clock = ManualClock.AtUnix(Now);
        var verifier = new ProvisioningTokenVerifier(signer.VerificationKey, clock, requireExpiry: false);
        var token = Issue(signer, TimeSpan.FromHours(1));
        verifier.Verify(token);

        clock.Now = DateTimeOffset.FromUnixTimeSeconds(Now - 10);

        Assert.Equal(TokenError.NotYetValid, Assert.Throws<TokenException>(() => verifier.Verify(token)).Error);
    }

    [Fact]
    public void The_same_claims_with_a_wrong_signature_are_refused_after_the_genuine_token_verified()
    {
        using var signer = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        using var other = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        var verifier = new ProvisioningTokenVerifier(signer.VerificationKey, ManualClock.AtUnix(Now), requireExpiry: false);
        var token = Issue(signer, TimeSpan.FromHours(1));
        verifier.Verify(token);
        var parts = token.Split('.');
        var foreignSignature = Issue(other, TimeSpan.FromHours(1)).Split('.')[2];

        var forged = $"{parts[0]}.{parts[1]}.{foreignSignature}";

        Assert.Equal(TokenError.InvalidSignature, Assert.Throws<TokenException>(() => verifier.Verify(forged)).Error);
    }

    [Fact]
    public void A_token_without_exp_stays_refused_when_expiry_is_required()
    {
        var seed = TestKeys.NewSeed();
        using var key = TokenVerificationKey.FromEd25519(TestKeys.Ed25519PublicKey(seed));
        var verifier = new ProvisioningTokenVerifier(key, ManualClock.AtUnix(Now), requireExpiry: true);
        var token = TestKeys.SignRaw("""{"alg":"EdDSA","typ":"JWT"}""",
            $$"""{"cht":"t","chu":"nats://b:4222","purpose":"choria_provisioning","sub":"choria_provisioning","nbf":{{Now - 60}},"iat":{{Now - 60}}}""", ed25519Seed: seed);

        for (var call = 0; call < 2; call++)
        {
            var refused = Assert.Throws<TokenException>(() => verifier.Verify(token));
            Assert.Equal(ProvisioningTokens.NoExpiryRefusal, refused.Message);
        }
    }

    [Fact]
    public void It_remembers_no_more_tokens_than_its_capacity_and_those_beyond_it_still_verify()
    {
        using var signer = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        var verifier = new ProvisioningTokenVerifier(signer.VerificationKey, ManualClock.AtUnix(Now), requireExpiry: false, capacity: 2);
        var tokens = Enumerable.Range(1, 5).Select(hours => Issue(signer, TimeSpan.FromHours(hours))).ToList();

        foreach (var token in tokens.Concat(tokens))
        {
            Assert.Equal("t", verifier.Verify(token).Token);
            Assert.InRange(verifier.Remembered, 1, 2);
        }
    }
}
