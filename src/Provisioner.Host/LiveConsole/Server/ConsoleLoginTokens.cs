using Provisioner.Aaa.Tokens;
using Provisioner.Security.Tokens;

namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// Login JWTs (from <c>provisioner login</c> or <c>choria login</c>) standing in for an authorized key. A token is taken
/// when it verifies with the AAA login key, is a client id token valid now (zero leeway), has an expiry no further off
/// than <see cref="MaxValidity"/> unless it carries the <c>service</c> permission (the signer's rule, spec §4.1), names
/// as its <c>public_key</c> the key that signed the request, and carries the <c>provisioner</c> or <c>org_admin</c>
/// permission: the ones Choria gives whoever runs or administers provisioning. Organisation-issuer chains are refused,
/// as the signer refuses them.
/// </summary>
public sealed class ConsoleLoginTokens(TokenVerificationKey key, TimeSpan maxValidity) : IDisposable
{
    /// <summary>The verdict on one token: the caller id it proves, or why it proves nothing.</summary>
    public sealed record Check(string CallerId, string? Refusal)
    {
        public static Check Refused(string reason) => new("", reason);
    }

    public TimeSpan MaxValidity { get; } = maxValidity;

    /// <summary>The login key from a file (RSA public key or certificate PEM, or hex Ed25519) or a hex key.</summary>
    /// <exception cref="ConsoleStartException">The key cannot be read or the validity is not positive.</exception>
    public static ConsoleLoginTokens Load(string pathOrHex, TimeSpan maxValidity)
    {
        if (maxValidity <= TimeSpan.Zero)
        {
            throw new ConsoleStartException($"console login-max-validity must be positive, got {maxValidity}");
        }
        try
        {
            return new ConsoleLoginTokens(TokenVerificationKey.Load(pathOrHex), maxValidity);
        }
        catch (TokenException e)
        {
            throw new ConsoleStartException($"cannot read the console's login verify key: {e.Message}", e);
        }
    }

    /// <summary>Whether <paramref name="token"/> lets the holder of <paramref name="requestKey"/> change the cluster at <paramref name="now"/>.</summary>
    public Check Verify(string token, string requestKey, DateTimeOffset now)
    {
        ClientIdClaims claims;
        try
        {
            claims = ClientTokens.Verify(token.Trim(), key, now);
        }
        catch (TokenException e)
        {
            return Check.Refused($"login token refused: {e.Message}");
        }
        if (claims.IsChained)
        {
            return Check.Refused("login token refused: organisation-issuer chains are not accepted by the console");
        }
        if (claims.Permissions?.Service != true
            && (claims.ExpiresAt is not long exp || exp - now.ToUnixTimeSeconds() > MaxValidity.TotalSeconds))
        {
            return Check.Refused($"login token refused: its expiry is not set or further off than {MaxValidity.TotalMinutes:0} minutes");
        }
        if (string.IsNullOrEmpty(claims.CallerId))
        {
            return Check.Refused("login token refused: it names no caller");
        }
        if (!string.Equals(claims.PublicKey, requestKey, StringComparison.OrdinalIgnoreCase))
        {
            return Check.Refused("request is signed by another key than the login token's public_key (log in again: provisioner login)");
        }
        if (claims.Permissions is not { Provisioner: true } and not { OrgAdmin: true })
        {
            return Check.Refused($"{claims.CallerId} may not change the cluster: the login token needs the provisioner or org_admin permission");
        }
        return new Check(claims.CallerId, null);
    }

    public void Dispose() => key.Dispose();
}
