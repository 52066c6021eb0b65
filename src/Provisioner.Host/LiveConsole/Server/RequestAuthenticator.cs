using System.Net;
using Akka.Event;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Security.Keys;

namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// Decides whether a request may run. Read commands always may. A command that changes the cluster needs a
/// loopback connection (unless <see cref="ConsoleOptions.TrustLoopback"/> is off) or a signature by an
/// authorized key over its words and this member incarnation (<paramref name="self"/>), with a timestamp inside
/// the window and a nonce not seen before. The nonces live in memory only, which suffices because a restart
/// makes a new incarnation that no earlier signature names. Every refusal is logged with the remote address,
/// the command and the key's prefix; never the signature. With <paramref name="logins"/>, a login JWT that names the
/// signing key stands in for the key being authorized.
/// </summary>
public sealed class RequestAuthenticator(MemberIncarnation self, AuthorizedKeys keys, ConsoleOptions options, TimeProvider clock, ILoggingAdapter log,
    ConsoleLoginTokens? logins = null)
{
    private readonly ReplayGuard _replays = new(options.SignatureWindow, clock);

    /// <summary>The verdict: allowed (and who asked), or refused with the reason told to the client.</summary>
    public sealed record Verdict(bool Allowed, string Caller, string Reason);

    public Verdict Authorize(ConsoleCommand command, IReadOnlyList<string> words, RequestSignature? signature, IPEndPoint remote)
    {
        var from = remote.ToString();
        if (!command.ChangesState)
        {
            return new Verdict(true, from, "");
        }
        if (options.TrustLoopback && IsLoopback(remote.Address))
        {
            return new Verdict(true, $"{from} (loopback)", "");
        }
        var (allowed, reason, login) = Check(words, signature);
        var signer = signature is null ? "key none" : login is null ? $"key {Prefix(signature.Key)}" : $"login {login} (key {Prefix(signature.Key)})";
        if (!allowed)
        {
            log.Warning("console refused '{0}' from {1} ({2}): {3}", string.Join(' ', words), from, signer, reason);
            return new Verdict(false, from, reason);
        }
        log.Info("console accepted '{0}' from {1} signed by {2}", string.Join(' ', words), from, signer);
        return new Verdict(true, $"{from} ({signer})", "");
    }

    /// <summary>Allowed or why not, and the login's caller id when a login token stood in for an authorized key.</summary>
    private (bool, string, string?) Check(IReadOnlyList<string> words, RequestSignature? signature)
    {
        var name = string.Join(' ', words.Take(2));
        if (signature is null)
        {
            return (false, $"'{name}' changes the cluster: sign the request with an authorized key (provisioner cmd --key)" +
                (options.TrustLoopback ? " or connect over loopback" : ""), null);
        }
        string? login = null;
        if (signature.Token is not null)
        {
            if (logins is null)
            {
                return (false, "this member accepts no login tokens (provisioner.console.login-verify-key is not set): sign with an authorized key", null);
            }
            var check = logins.Verify(signature.Token, signature.Key ?? "", clock.GetUtcNow());
            if (check.Refusal is not null)
            {
                return (false, check.Refusal, null);
            }
            login = check.CallerId;
        }
        else if (string.IsNullOrEmpty(signature.Key) || !keys.Contains(signature.Key, m => log.Warning("console authorized keys: {0}", m)))
        {
            return (false, $"key {Prefix(signature.Key ?? "")} is not in the member's authorized keys", null);
        }
        var (allowed, reason) = CheckFresh(words, signature);
        return (allowed, reason, login);
    }

    /// <summary>The signature itself: for this incarnation, within the window, by the key it names, not replayed.</summary>
    private (bool, string) CheckFresh(IReadOnlyList<string> words, RequestSignature signature)
    {
        if (signature.Member is null)
        {
            return (false, $"auth.member is required: sign for the member incarnation the console's greeting names (protocol {ConsoleGreeting.CurrentProtocol})");
        }
        if (signature.Member != self)
        {
            return (false, $"request is signed for {signature.Member}, not for this member {self}");
        }
        var age = clock.GetUtcNow().ToUnixTimeSeconds() - signature.Timestamp;
        var window = (long)options.SignatureWindow.TotalSeconds;
        if (age > window)
        {
            return (false, $"request timestamp is {age} s old; signed requests expire after {window} s");
        }
        if (-age > window)
        {
            return (false, $"request timestamp is {-age} s in the future; check the client's clock");
        }
        if (string.IsNullOrEmpty(signature.Nonce) || signature.Nonce.Length is < 16 or > 128)
        {
            return (false, "auth.nonce must be 16 to 128 characters");
        }
        if (ConsoleSignature.Verify(signature, self, words) is NonceVerification.Invalid invalid)
        {
            return (false, $"signature does not verify ({invalid.Reason})");
        }
        if (!_replays.TryUse(signature.Key, signature.Nonce, signature.Timestamp))
        {
            return (false, "nonce already used: a replayed request is refused");
        }
        return (true, "");
    }

    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static string Prefix(string key) => key.Length > 12 ? key[..12] + "…" : key;
}
