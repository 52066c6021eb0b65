namespace Provisioner.Security.Tokens;

/// <summary>Why a token, or a key for tokens, was refused. Each value maps to one clear user-facing reason.</summary>
public enum TokenError
{
    /// <summary>The text is not a compact JWS: wrong number of parts, bad base64url or bad JSON.</summary>
    Malformed,

    /// <summary>The token is larger than <see cref="JwsToken.MaxLength"/> characters.</summary>
    TooLarge,

    /// <summary>The header names an algorithm other than RS256/384/512 or EdDSA (for example <c>none</c> or HS256).</summary>
    UnsupportedAlgorithm,

    /// <summary>The signature does not match: another key signed it, or the header, payload or signature was altered.</summary>
    InvalidSignature,

    /// <summary>The verify key is of another type than the token's algorithm needs (an RSA key for an EdDSA token, or the reverse).</summary>
    KeyTypeMismatch,

    /// <summary>The token is of another kind (its <c>purpose</c>) than the one expected.</summary>
    WrongPurpose,

    /// <summary>The token's <c>exp</c> (or <c>issexp</c>) is in the past.</summary>
    Expired,

    /// <summary>The token's <c>nbf</c> or <c>iat</c> is in the future.</summary>
    NotYetValid,

    /// <summary>A claim the token kind requires is absent or empty.</summary>
    MissingClaim,

    /// <summary>A claim is present but its value breaks a rule (for example both <c>chu</c> and <c>chsrv</c>).</summary>
    InvalidClaim,

    /// <summary>A signing or verify key could not be read or is not a supported key.</summary>
    InvalidKey,

    /// <summary>A chain-issued token's trust chain (<c>iss</c>, <c>tcs</c>) does not lead back to the org issuer.</summary>
    UntrustedChain,
}
