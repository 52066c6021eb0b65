namespace Provisioner.Security.Tokens;

/// <summary>The JWS <c>alg</c> values Choria tokens use; nothing else is ever accepted.</summary>
public static class JwsAlgorithm
{
    public const string RS256 = "RS256";
    public const string RS384 = "RS384";
    public const string RS512 = "RS512";
    public const string EdDSA = "EdDSA";

    /// <summary>True for the algorithms verification accepts.</summary>
    public static bool IsSupported(string? alg) => alg is RS256 or RS384 or RS512 or EdDSA;

    /// <summary>True for the RSA PKCS#1 v1.5 family.</summary>
    public static bool IsRsa(string? alg) => alg is RS256 or RS384 or RS512;
}
