using System.Text;
using System.Text.Json;
using NSec.Cryptography;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Security.Tests.Tokens;

/// <summary>
/// A chain-signed server JWT made by our issuing path, checked by a verifier written here from
/// choria-provisioning.md §5 "Chain verification" alone (NSec and hand-split JSON, none of our token code):
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

    // Written from the spec's words only: iss "C-<signer jti>.<signer pubkey>", tcs "<signer tcs>.<hex sig>".
    private static bool ThreeStepCheck(string jwt, byte[] issuerPublicKey)
    {
        var segments = jwt.Split('.');
        var claims = JsonDocument.Parse(FromBase64Url(segments[1])).RootElement;
        var iss = claims.GetProperty("iss").GetString()!;
        if (!iss.StartsWith("C-"))
        {
            return false;
        }
        var issuer = iss[2..].Split('.');
        var (signerJti, signerKeyHex) = (issuer[0], issuer[1]);
        var tcs = claims.GetProperty("tcs").GetString()!.Split('.');
        var (signerTcs, chainSignature) = (tcs[0], tcs[1]);
        var serverJti = claims.GetProperty("jti").GetString()!;

        var ed25519 = SignatureAlgorithm.Ed25519;
        var issuerKey = PublicKey.Import(ed25519, issuerPublicKey, KeyBlobFormat.RawPublicKey);
        var signerKey = PublicKey.Import(ed25519, Convert.FromHexString(signerKeyHex), KeyBlobFormat.RawPublicKey);

        var step1 = ed25519.Verify(issuerKey, Encoding.UTF8.GetBytes($"{signerJti}.{signerKeyHex}"), Convert.FromHexString(signerTcs));
        var step2 = ed25519.Verify(signerKey, Encoding.UTF8.GetBytes($"{serverJti}.{signerTcs}"), Convert.FromHexString(chainSignature));
        var step3 = ed25519.Verify(signerKey, Encoding.ASCII.GetBytes($"{segments[0]}.{segments[1]}"), FromBase64Url(segments[2]));
        return step1 && step2 && step3;
    }

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
