namespace Provisioner.Security.Tokens;

/// <summary>
/// Time rules shared by all tokens, as Choria's JWT library applies them, with no leeway: expired once
/// now reaches <c>exp</c> (or <c>issexp</c>), not yet valid while now is before <c>nbf</c> or <c>iat</c>.
/// </summary>
public static class TokenLifetime
{
    /// <summary>What the CLI and the logs say of a token with neither <c>exp</c> nor <c>issexp</c>.</summary>
    public const string NeverExpiresWarning = "the token never expires: it has no exp claim";

    /// <summary>True when <paramref name="claims"/> set no expiry at all, so the token is valid for ever once its signature checks out.</summary>
    public static bool NeverExpires(StandardClaims claims) => claims.ExpiryTime() is null;

    /// <summary>Throws <see cref="TokenError.Expired"/> or <see cref="TokenError.NotYetValid"/> when the token is not valid at <paramref name="now"/>.</summary>
    public static void Check(StandardClaims claims, DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds();
        var expiry = claims.ExpiryTime();
        if (expiry is not null && seconds >= expiry.Value.ToUnixTimeSeconds())
        {
            throw new TokenException(TokenError.Expired, $"token expired at {expiry.Value:u}");
        }
        var start = Math.Max(claims.NotBefore ?? long.MinValue, claims.IssuedAt ?? long.MinValue);
        if (seconds < start)
        {
            throw new TokenException(TokenError.NotYetValid, $"token is not valid before {DateTimeOffset.FromUnixTimeSeconds(start):u}");
        }
    }
}
