namespace Provisioner.Security.Tokens;

/// <summary>
/// The chain issuer token file (<c>jwt_signing_token</c>, <c>server-jwt.signing-token</c>), read on every use as
/// Choria's provisioner does, so a renewed token takes effect without a restart. With <paramref name="orgIssuer"/>
/// (the org issuer's public key) every token issued through it is checked through the chain before it leaves,
/// which Choria does not do: a signing token from another org, or one that expired, then issues nothing.
/// </summary>
public sealed class SigningTokenFile(string path, TokenVerificationKey? orgIssuer = null)
{
    public string Path { get; } = path;

    /// <summary>The key the chain must lead to, if checked.</summary>
    public TokenVerificationKey? OrgIssuer { get; } = orgIssuer;

    /// <summary>The signer for <paramref name="key"/> from the file as it is now; a missing or unusable file throws a <see cref="TokenException"/>.</summary>
    public ChainSigner Signer(TokenSigningKey key)
    {
        string text;
        try
        {
            text = File.ReadAllText(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenException(TokenError.InvalidKey, $"cannot read signing token {Path}: {e.Message}");
        }
        try
        {
            return ChainSigner.Create(text, key);
        }
        catch (TokenException e)
        {
            throw new TokenException(e.Error, $"signing token {Path}: {e.Message}");
        }
    }
}
