using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Host.LiveConsole.Server;
using Provisioner.Security.Keys;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Host.Tests.LiveConsole;

/// <summary>
/// Who may change the cluster, through the endpoint that does not trust loopback (as a remote connection is
/// treated): reads are open, changes need a fresh signature by an authorized key, once.
/// </summary>
[Collection(ConsoleMemberCollection.Name)]
public sealed class ConsoleAuthenticationTests(ConsoleMemberFixture fixture)
{
    private static readonly string[] Pause = ["provisioner", "pause"];
    private static readonly string[] Resume = ["provisioner", "resume"];

    private ConsoleAddress Address => fixture.SignedOnlyAddress;

    private static ConsoleResponse Refusal(string reason) =>
        new("1", ResponseKinds.Error, Code: ConsoleErrorCodes.Unauthorized, Message: reason);

    private async Task<List<ConsoleResponse>> SendAsync(string[] words, RequestSignature? signature)
    {
        await using var connection = await RawConnection.OpenAsync(Address);
        await connection.SendRequestAsync(new ConsoleRequest("1", words, signature));
        return await connection.ReadUntilFinalAsync("1");
    }

    private async Task AssertRefusalLogged(string reason) =>
        await Eventually.TrueAsync(() => ConsoleLogRing.For(fixture.Member.System).Recent(1000)
            .Any(e => e.Message.StartsWith("console refused 'provisioner ") && e.Message.EndsWith(reason)), TimeSpan.FromSeconds(10), "refusal logged");

    [Fact]
    public async Task Read_commands_need_no_signature()
    {
        var responses = await SendAsync(["cluster", "show"], null);
        responses.AssertEnded();
    }

    [Fact]
    public async Task Signed_request_by_an_authorized_key_is_accepted_and_the_client_signs_with_its_key()
    {
        var paused = await SendAsync(Pause, ConsoleSignature.Sign(fixture.AuthorizedKey, Pause, DateTimeOffset.UtcNow));
        Assert.Equal("yes", paused.Field("paused"));
        var resumed = await ConsoleCalls.RunAsync(Address, fixture.AuthorizedKey, Resume);
        Assert.Equal("no", resumed.Field("paused"));
    }

    [Fact]
    public async Task Unsigned_change_is_refused_with_how_to_sign_and_the_refusal_is_logged()
    {
        const string reason = "'provisioner pause' changes the cluster: sign the request with an authorized key (provisioner cmd --key) or connect over loopback";
        Assert.Equal([Refusal(reason)], await SendAsync(Pause, null));
        await AssertRefusalLogged(reason);
    }

    [Fact]
    public async Task Request_signed_by_a_key_not_authorized_is_refused()
    {
        using var stranger = Ed25519KeyPair.Generate();
        var responses = await SendAsync(Pause, ConsoleSignature.Sign(stranger, Pause, DateTimeOffset.UtcNow));
        Assert.Equal([Refusal($"key {stranger.PublicKeyHex[..12]}… is not in the member's authorized keys")], responses);
    }

    [Fact]
    public async Task Forged_signature_claiming_an_authorized_key_is_refused_and_logged()
    {
        using var forger = Ed25519KeyPair.Generate();
        var forged = ConsoleSignature.Sign(forger, Pause, DateTimeOffset.UtcNow) with { Key = fixture.AuthorizedKey.PublicKeyHex };
        const string reason = "signature does not verify (invalid nonce signature)";
        Assert.Equal([Refusal(reason)], await SendAsync(Pause, forged));
        await AssertRefusalLogged(reason);
    }

    [Fact]
    public async Task Signature_over_other_words_is_refused()
    {
        var signedResume = ConsoleSignature.Sign(fixture.AuthorizedKey, Resume, DateTimeOffset.UtcNow);
        var responses = await SendAsync(Pause, signedResume);
        Assert.Equal([Refusal("signature does not verify (invalid nonce signature)")], responses);
    }

    [Fact]
    public async Task Replayed_request_is_refused_and_logged()
    {
        var signature = ConsoleSignature.Sign(fixture.AuthorizedKey, Resume, DateTimeOffset.UtcNow);
        (await SendAsync(Resume, signature)).AssertEnded();
        const string reason = "nonce already used: a replayed request is refused";
        Assert.Equal([Refusal(reason)], await SendAsync(Resume, signature));
        await AssertRefusalLogged(reason);
    }

    [Fact]
    public async Task Expired_request_is_refused()
    {
        var old = ConsoleSignature.Sign(fixture.AuthorizedKey, Pause, DateTimeOffset.UtcNow.AddSeconds(-120));
        var refusal = Assert.Single(await SendAsync(Pause, old));
        Assert.Equal(ConsoleErrorCodes.Unauthorized, refusal.Code);
        Assert.Matches(@"^request timestamp is 1[12]\d s old; signed requests expire after 60 s$", refusal.Message);
    }

    [Fact]
    public async Task Request_from_the_future_is_refused()
    {
        var future = ConsoleSignature.Sign(fixture.AuthorizedKey, Pause, DateTimeOffset.UtcNow.AddMinutes(10));
        var refusal = Assert.Single(await SendAsync(Pause, future));
        Assert.EndsWith(" s in the future; check the client's clock", refusal.Message);
    }

    [Fact]
    public async Task Loopback_endpoint_trusts_loopback_without_a_signature()
    {
        var responses = await ConsoleCalls.RunAsync(fixture.Trusting, Resume);
        Assert.Equal("no", responses.Field("paused"));
    }

    [Fact]
    public async Task Binding_a_non_loopback_address_without_authorized_keys_is_refused_at_start()
    {
        var error = await Assert.ThrowsAsync<ConsoleStartException>(() => ConsoleEndpoint.StartAsync(
            fixture.Member.System, fixture.Member.Cluster, new ConsoleOptions { Address = "0.0.0.0", Port = 0 }, CancellationToken.None));
        Assert.StartsWith("refusing to open the console on 0.0.0.0, which is not a loopback address, without authorized keys", error.Message);
    }

    [Fact]
    public async Task Authorized_keys_file_with_a_bad_line_is_refused_at_start_naming_the_line()
    {
        var keys = Path.Combine(fixture.Directory, "bad_keys");
        await File.WriteAllTextAsync(keys, "# ok\nnot-a-key\n");
        var error = await Assert.ThrowsAsync<ConsoleStartException>(() => ConsoleEndpoint.StartAsync(
            fixture.Member.System, fixture.Member.Cluster, new ConsoleOptions { Port = 0, AuthorizedKeysFile = keys }, CancellationToken.None));
        Assert.Equal($"cannot read the console's authorized keys: {keys} line 2: expected an Ed25519 public key as 64 hex characters", error.Message);
    }

    [Fact]
    public async Task Key_added_to_the_authorized_keys_file_is_accepted_without_a_restart()
    {
        using var newcomer = Ed25519KeyPair.Generate();
        var keys = Path.Combine(fixture.Directory, "authorized_keys");
        var original = await File.ReadAllTextAsync(keys);
        try
        {
            await File.AppendAllTextAsync(keys, newcomer.PublicKeyHex + "\n");
            File.SetLastWriteTimeUtc(keys, DateTime.UtcNow.AddSeconds(5));
            var responses = await ConsoleCalls.RunAsync(Address, newcomer, Resume);
            Assert.Equal("no", responses.Field("paused"));
        }
        finally
        {
            await File.WriteAllTextAsync(keys, original);
            File.SetLastWriteTimeUtc(keys, DateTime.UtcNow.AddSeconds(10));
        }
    }
}
