using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Host.LiveConsole.Server;
using Provisioner.Security.Keys;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Host.Tests.LiveConsole;

/// <summary>
/// Who may change the cluster, through the endpoint that does not trust loopback (as a remote connection is
/// treated): reads are open, changes need a fresh signature by a key authorized now, for this member incarnation,
/// once.
/// </summary>
[Collection(ConsoleMemberCollection.Name)]
public sealed class ConsoleAuthenticationTests(ConsoleMemberFixture fixture)
{
    private static readonly string[] Pause = ["provisioner", "pause"];
    private static readonly string[] Resume = ["provisioner", "resume"];

    private ConsoleAddress Address => fixture.SignedOnlyAddress;

    private static ConsoleResponse Refusal(string reason) =>
        new("1", ResponseKinds.Error, Code: ConsoleErrorCodes.Unauthorized, Message: reason);

    private Task<List<ConsoleResponse>> SendAsync(string[] words, RequestSignature? signature) => SendAsync(Address, words, signature);

    private static async Task<List<ConsoleResponse>> SendAsync(ConsoleAddress address, string[] words, RequestSignature? signature)
    {
        await using var connection = await RawConnection.OpenAsync(address);
        await connection.SendRequestAsync(new ConsoleRequest("1", words, signature));
        return await connection.ReadUntilFinalAsync("1");
    }

    private RequestSignature Sign(Ed25519KeyPair key, string[] words, DateTimeOffset? at = null) =>
        ConsoleSignature.Sign(key, fixture.Incarnation, words, at ?? DateTimeOffset.UtcNow);

    private async Task AssertRefusalLogged(string reason) => await AssertLogged(m => m.StartsWith("console refused 'provisioner ") && m.EndsWith(reason));

    private async Task AssertLogged(Func<string, bool> message) =>
        await Eventually.TrueAsync(() => ConsoleLogRing.For(fixture.Member.System).Recent(1000).Any(e => message(e.Message)), TimeSpan.FromSeconds(10), "logged");

    private static ConsoleAddress AddressOf(ConsoleEndpoint endpoint) => new("127.0.0.1", endpoint.EndPoint.Port);

    private string KeysFile(string name, params Ed25519KeyPair[] keys)
    {
        var path = Path.Combine(fixture.Directory, name);
        File.WriteAllText(path, string.Concat(keys.Select(k => k.PublicKeyHex + "\n")));
        return path;
    }

    private static string NotAuthorized(Ed25519KeyPair key) => $"key {key.PublicKeyHex[..12]}… is not in the member's authorized keys";

    [Fact]
    public async Task Read_commands_need_no_signature()
    {
        var responses = await SendAsync(["cluster", "show"], null);
        responses.AssertEnded();
    }

    [Fact]
    public async Task Signed_request_by_an_authorized_key_is_accepted_and_the_client_signs_with_its_key()
    {
        var paused = await SendAsync(Pause, Sign(fixture.AuthorizedKey, Pause));
        Assert.Equal("yes", paused.Field("paused"));
        var resumed = await ConsoleCalls.RunAsync(Address, fixture.AuthorizedKey, Resume);
        Assert.Equal("no", resumed.Field("paused"));
    }

    [Fact]
    public async Task Unsigned_change_from_loopback_is_refused_when_loopback_is_not_trusted_and_the_refusal_is_logged()
    {
        const string reason = "'provisioner pause' changes the cluster: sign the request with an authorized key (provisioner cmd --key)";
        Assert.Equal([Refusal(reason)], await SendAsync(Pause, null));
        await AssertRefusalLogged(reason);
    }

    [Fact]
    public async Task Request_signed_by_a_key_not_authorized_is_refused()
    {
        using var stranger = Ed25519KeyPair.Generate();
        var responses = await SendAsync(Pause, Sign(stranger, Pause));
        Assert.Equal([Refusal(NotAuthorized(stranger))], responses);
    }

    [Fact]
    public async Task Forged_signature_claiming_an_authorized_key_is_refused_and_logged()
    {
        using var forger = Ed25519KeyPair.Generate();
        var forged = Sign(forger, Pause) with { Key = fixture.AuthorizedKey.PublicKeyHex };
        const string reason = "signature does not verify (invalid nonce signature)";
        Assert.Equal([Refusal(reason)], await SendAsync(Pause, forged));
        await AssertRefusalLogged(reason);
    }

    [Fact]
    public async Task Signature_over_other_words_is_refused()
    {
        var signedResume = Sign(fixture.AuthorizedKey, Resume);
        var responses = await SendAsync(Pause, signedResume);
        Assert.Equal([Refusal("signature does not verify (invalid nonce signature)")], responses);
    }

    [Fact]
    public async Task Replayed_request_is_refused_and_logged()
    {
        var signature = Sign(fixture.AuthorizedKey, Resume);
        (await SendAsync(Resume, signature)).AssertEnded();
        const string reason = "nonce already used: a replayed request is refused";
        Assert.Equal([Refusal(reason)], await SendAsync(Resume, signature));
        await AssertRefusalLogged(reason);
    }

    [Fact]
    public async Task Expired_request_is_refused()
    {
        var old = Sign(fixture.AuthorizedKey, Pause, DateTimeOffset.UtcNow.AddSeconds(-120));
        var refusal = Assert.Single(await SendAsync(Pause, old));
        Assert.Equal(ConsoleErrorCodes.Unauthorized, refusal.Code);
        Assert.Matches(@"^request timestamp is 1[12]\d s old; signed requests expire after 30 s$", refusal.Message);
    }

    [Fact]
    public async Task Request_from_the_future_is_refused()
    {
        var future = Sign(fixture.AuthorizedKey, Pause, DateTimeOffset.UtcNow.AddMinutes(10));
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
    public async Task Greeting_names_this_member_and_its_incarnation_uid()
    {
        var self = Akka.Cluster.Cluster.Get(fixture.Member.System).SelfUniqueAddress;
        Assert.Equal(new MemberIncarnation(fixture.Member.AkkaAddress, self.Uid), fixture.Incarnation);
        await using var connection = await RawConnection.OpenAsync(fixture.Trusting);
        Assert.Equal(fixture.Incarnation, connection.Member);
    }

    [Fact]
    public async Task Request_signed_for_another_member_is_refused_naming_both()
    {
        var other = new MemberIncarnation("akka.tcp://provisioner@10.0.0.2:4053", fixture.Incarnation.Uid);
        var responses = await SendAsync(Resume, ConsoleSignature.Sign(fixture.AuthorizedKey, other, Resume, DateTimeOffset.UtcNow));
        Assert.Equal([Refusal($"request is signed for akka.tcp://provisioner@10.0.0.2:4053 (incarnation {other.Uid}), not for this member {fixture.Incarnation}")], responses);
    }

    [Fact]
    public async Task Request_signed_for_an_earlier_incarnation_of_this_member_is_refused()
    {
        var earlier = fixture.Incarnation with { Uid = fixture.Incarnation.Uid + 1 };
        var responses = await SendAsync(Resume, ConsoleSignature.Sign(fixture.AuthorizedKey, earlier, Resume, DateTimeOffset.UtcNow));
        Assert.Equal([Refusal($"request is signed for {earlier}, not for this member {fixture.Incarnation}")], responses);
    }

    [Fact]
    public async Task Request_signed_for_another_member_and_relabelled_for_this_one_does_not_verify()
    {
        var other = new MemberIncarnation("akka.tcp://provisioner@10.0.0.2:4053", 7);
        var relabelled = ConsoleSignature.Sign(fixture.AuthorizedKey, other, Resume, DateTimeOffset.UtcNow) with { Member = fixture.Incarnation };
        Assert.Equal([Refusal("signature does not verify (invalid nonce signature)")], await SendAsync(Resume, relabelled));
    }

    [Fact]
    public async Task Request_that_names_no_member_is_refused_saying_what_to_sign()
    {
        var unnamed = Sign(fixture.AuthorizedKey, Resume) with { Member = null };
        Assert.Equal([Refusal("auth.member is required: sign for the member incarnation the console's greeting names (protocol 2)")], await SendAsync(Resume, unnamed));
    }

    [Theory]
    [InlineData(-31, "request timestamp is 31 s old; signed requests expire after 30 s")]
    [InlineData(31, "request timestamp is 31 s in the future; check the client's clock")]
    [InlineData(-29, null)]
    [InlineData(29, null)]
    public async Task Timestamps_more_than_30_s_off_are_refused_and_29_s_off_accepted(int offsetSeconds, string? refusal)
    {
        // An hour off the real time: only the endpoint's own clock can make these offsets what they are.
        var clock = new ManualClock(DateTimeOffset.UtcNow.AddHours(-1));
        await using var endpoint = await fixture.StartSignedOnlyAsync(KeysFile($"keys-window{offsetSeconds}", fixture.AuthorizedKey), clock);
        var signature = Sign(fixture.AuthorizedKey, Resume, clock.Now.AddSeconds(offsetSeconds));
        var responses = await SendAsync(AddressOf(endpoint), Resume, signature);
        if (refusal is null)
        {
            Assert.Equal("no", responses.Field("paused"));
        }
        else
        {
            Assert.Equal([Refusal(refusal)], responses);
        }
    }

    [Fact]
    public async Task Deleting_the_authorized_keys_file_revokes_every_key_without_a_restart()
    {
        var keys = KeysFile("keys-deleted", fixture.AuthorizedKey);
        await using var endpoint = await fixture.StartSignedOnlyAsync(keys);
        (await SendAsync(AddressOf(endpoint), Resume, Sign(fixture.AuthorizedKey, Resume))).AssertEnded();

        File.Delete(keys);
        Assert.Equal([Refusal(NotAuthorized(fixture.AuthorizedKey))], await SendAsync(AddressOf(endpoint), Resume, Sign(fixture.AuthorizedKey, Resume)));
        await AssertLogged(m => m == $"console authorized keys: authorized keys file {keys} is gone: every key is revoked");
    }

    [Fact]
    public async Task Key_added_to_the_authorized_keys_file_is_accepted_without_a_restart()
    {
        using var newcomer = Ed25519KeyPair.Generate();
        var keys = KeysFile("keys-added", fixture.AuthorizedKey);
        await using var endpoint = await fixture.StartSignedOnlyAsync(keys);
        Assert.Equal([Refusal(NotAuthorized(newcomer))], await SendAsync(AddressOf(endpoint), Resume, Sign(newcomer, Resume)));

        await File.AppendAllTextAsync(keys, newcomer.PublicKeyHex + "\n");
        var responses = await SendAsync(AddressOf(endpoint), Resume, Sign(newcomer, Resume));
        Assert.Equal("no", responses.Field("paused"));
    }

    [Fact]
    public async Task Bad_line_written_with_a_key_removal_is_reported_and_skipped_and_the_removal_holds()
    {
        using var leaver = Ed25519KeyPair.Generate();
        var keys = KeysFile("keys-bad-line", fixture.AuthorizedKey, leaver);
        await using var endpoint = await fixture.StartSignedOnlyAsync(keys);
        (await SendAsync(AddressOf(endpoint), Resume, Sign(leaver, Resume))).AssertEnded();

        await File.WriteAllTextAsync(keys, $"not-a-key\n{fixture.AuthorizedKey.PublicKeyHex}\n");
        Assert.Equal([Refusal(NotAuthorized(leaver))], await SendAsync(AddressOf(endpoint), Resume, Sign(leaver, Resume)));
        (await SendAsync(AddressOf(endpoint), Resume, Sign(fixture.AuthorizedKey, Resume))).AssertEnded();
        await AssertLogged(m => m == $"console authorized keys: {keys} line 1: expected an Ed25519 public key as 64 hex characters; the line is ignored");
    }
}
