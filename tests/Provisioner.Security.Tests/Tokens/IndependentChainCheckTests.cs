using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Security.Tests.Tokens;

/// <summary>
/// A chain-signed server JWT made by our issuing path, checked by <see cref="SpecChainCheck"/>, a verifier written
/// from choria-provisioning.md §5 "Chain verification" alone (NSec and hand-split JSON, none of our token code):
/// 1. the issuer key signed <c>"&lt;signer jti&gt;.&lt;signer pubkey hex&gt;"</c>; 2. the signer key signed the chain
/// data <c>"&lt;server jti&gt;.&lt;signer tcs&gt;"</c>; 3. the signer key signed the JWT.
/// </summary>
public sealed class IndependentChainCheckTests : IDisposable
{
    private static readonly ManualClock Clock = ManualClock.AtUnix(1_750_000_000);
    private readonly TempDirectory _dir = new();
    private readonly byte[] _orgSeed = TestKeys.NewSeed();
    private readonly byte[] _signerSeed = TestKeys.NewSeed();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_server_jwt_issued_through_our_chain_passes_the_spec_three_step_check()
    {
        var token = IssueThroughChain(_orgSeed);

        Assert.True(ThreeStepCheck(token, TestKeys.Ed25519PublicKey(_orgSeed)));
    }

    [Fact]
    public void The_independent_check_fails_for_another_org_key_so_it_can_fail()
    {
        var token = IssueThroughChain(_orgSeed);

        Assert.False(ThreeStepCheck(token, TestKeys.Ed25519PublicKey(TestKeys.NewSeed())));
    }

    [Fact]
    public void The_independent_check_fails_for_a_server_jwt_issued_without_the_chain()
    {
        using var signer = TokenSigningKey.FromEd25519Seed(_signerSeed);
        var (_, token) = new ServerJwtIssuer(signer, new ServerJwtPolicy(), Clock).Issue(Request());

        Assert.False(ThreeStepCheck(token, TestKeys.Ed25519PublicKey(_orgSeed)));
    }

    private string IssueThroughChain(byte[] orgSeed)
    {
        using var org = TokenSigningKey.FromEd25519Seed(orgSeed);
        using var signer = TokenSigningKey.FromEd25519Seed(_signerSeed);
        var signingToken = ChainIssuerTokens.Issue(new ChainIssuerRequest
        {
            CallerId = "provisioner_signer",
            PublicKeyHex = signer.VerificationKey.Ed25519PublicKeyHex!,
            Validity = TimeSpan.FromDays(30),
        }, org, ManualClock.AtUnix(1_749_000_000));
        var path = Path.Combine(_dir.Path, "signer.jwt");
        File.WriteAllText(path, signingToken);
        var (_, token) = new ServerJwtIssuer(signer, new ServerJwtPolicy(), Clock, new SigningTokenFile(path)).Issue(Request());
        return token;
    }

    private static ServerJwtRequest Request() => new()
    {
        Identity = "n1.example.net",
        PublicKeyHex = Convert.ToHexStringLower(TestKeys.Ed25519PublicKey(TestKeys.NewSeed())),
    };

    private static bool ThreeStepCheck(string jwt, byte[] issuerPublicKey) => SpecChainCheck.Verifies(jwt, issuerPublicKey);
}
