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
        var text = Read();
        try
        {
            return ChainSigner.Create(text, key);
        }
        catch (TokenException e)
        {
            throw new TokenException(e.Error, $"signing token {Path}: {e.Message}");
        }
    }

    /// <summary>
    /// The provisioner as the caller of protocol v2 requests (choria-v2 §3.2): the same token (T1, Choria's
    /// <c>plugin.security.choria.token_file</c>) and key, from the file as it is now.
    /// </summary>
    public CallerSigner Caller(TokenSigningKey key)
    {
        var text = Read();
        try
        {
            RequireProvisionerPermission(text);
            return CallerSigner.Create(text, key);
        }
        catch (TokenException e)
        {
            throw new TokenException(e.Error, $"signing token {Path}: {e.Message}");
        }
    }

    // Choria's broker admits the provisioner's v2 connection only when T1 grants `provisioner` (choria-v2 scenario 15).
    // nats-server 2.9 never sees T1, so the member refuses in the broker's words before any node gets a request that
    // a Choria network would have refused.
    private static void RequireProvisionerPermission(string token)
    {
        var claims = ClientIdTokens.ParseUnverified(token);
        if (claims.Permissions is not { Provisioner: true })
        {
            throw new TokenException(TokenError.InvalidClaim, $"provisioner claim is false in token with caller id '{claims.CallerId}'");
        }
    }

    private string Read()
    {
        try
        {
            return File.ReadAllText(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenException(TokenError.InvalidKey, $"cannot read signing token {Path}: {e.Message}");
        }
    }
}
