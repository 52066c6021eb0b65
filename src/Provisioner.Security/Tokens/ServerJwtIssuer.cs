using System.Security.Cryptography;
using System.Text.Json;
using Provisioner.Messages.Wire;

namespace Provisioner.Security.Tokens;

/// <summary>
/// Issues server JWTs as the provisioner does (spec §5 "ServerClaims as the provisioner issues them"):
/// purpose <c>choria_server</c>, issuer "Choria Provisioner", iat = nbf = now (or the request's issuance time),
/// collectives and expiry by the spec's rules. With a <paramref name="signingToken"/> (Choria's <c>jwt_signing_token</c>)
/// each token is issued through the org issuer's trust chain (<see cref="ChainSigner"/>), the file read on each use.
/// </summary>
public sealed class ServerJwtIssuer(TokenSigningKey signingKey, ServerJwtPolicy policy, TimeProvider time, SigningTokenFile? signingToken = null)
{
    public const string IssuerName = "Choria Provisioner";

    /// <summary>The claims for <paramref name="request"/> and the signed token.</summary>
    public (ServerClaims Claims, string Token) Issue(ServerJwtRequest request)
    {
        var claims = CreateClaims(request);
        var token = Sign(claims);
        if (signingToken?.OrgIssuer is { } orgIssuer)
        {
            try
            {
                ServerTokens.Verify(token, orgIssuer, time);
            }
            catch (TokenException e)
            {
                throw new TokenException(e.Error, $"the server JWT issued through {signingToken.Path} does not verify with the org issuer: {e.Message}");
            }
        }
        return (claims, token);
    }

    /// <summary>Builds the claims without signing, applying the collectives and expiry rules.</summary>
    public ServerClaims CreateClaims(ServerJwtRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Identity))
        {
            throw new TokenException(TokenError.MissingClaim, "identity: a server JWT needs the node identity");
        }
        if (!HexKey.TryDecode(request.PublicKeyHex, 32, out _))
        {
            throw new TokenException(TokenError.InvalidClaim, "public_key: expected a 64 hex character Ed25519 public key");
        }
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds((request.Issuance?.IssuedAt ?? time.GetUtcNow()).ToUnixTimeSeconds());
        var now = issuedAt.ToUnixTimeSeconds();
        var claims = new ServerClaims
        {
            Purpose = TokenPurpose.Server,
            Issuer = IssuerName,
            IssuedAt = now,
            NotBefore = now,
            ExpiresAt = ExpiryFor(request.ExpiresAt, now, policy.Validity),
            Id = (request.Issuance is { } issuance
                ? Ksuid.From(issuedAt, SHA256.HashData(issuance.ToBytes(TokenPurpose.Server + "|" + request.PublicKeyHex.ToLowerInvariant())))
                : Ksuid.New(issuedAt)).ToString(),
            PublicKey = request.PublicKeyHex.ToLowerInvariant(),
            Identity = request.Identity,
            Collectives = CollectivesFor(request.Collectives, request.Configuration, policy),
            Permissions = request.Permissions,
            OrganizationUnit = string.IsNullOrWhiteSpace(request.OrganizationUnit) ? "choria" : request.OrganizationUnit,
            PublishSubjects = request.PublishSubjects is { Count: > 0 } subjects ? subjects : null,
        };
        return signingToken is null ? claims : signingToken.Signer(signingKey).Chain(claims);
    }

    /// <summary>Signs server claims with the issuer's key.</summary>
    public string Sign(ServerClaims claims) =>
        JwsToken.Sign(JsonSerializer.SerializeToUtf8Bytes(claims, TokenJsonContext.Default.ServerClaims), signingKey);

    /// <summary>
    /// The collectives rule of Choria's provisioner, first match wins: the helper's <c>server_claims.collectives</c>;
    /// the node configuration's <c>collectives</c> (comma list); <c>["choria"]</c> when that configuration sets
    /// <c>plugin.security.provider=choria</c>, else <c>["mcollective"]</c> when it sets another provider. Only a
    /// configuration that names neither key falls back to our settings (<see cref="ServerJwtPolicy"/>), by the same
    /// rule: the node joins what its configuration says, so the token follows that before anything of ours.
    /// A blank value counts as not given.
    /// </summary>
    public static IReadOnlyList<string> CollectivesFor(
        IReadOnlyList<string>? claimed, IReadOnlyDictionary<string, string>? configuration, ServerJwtPolicy policy)
    {
        var fromClaims = (claimed ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).ToList();
        if (fromClaims.Count > 0)
        {
            return fromClaims;
        }
        var collectives = configuration?.GetValueOrDefault(ServerConfigKeys.Collectives);
        var provider = configuration?.GetValueOrDefault(ServerConfigKeys.SecurityProvider);
        if (string.IsNullOrWhiteSpace(collectives) && string.IsNullOrWhiteSpace(provider))
        {
            collectives = policy.ConfiguredCollectives;
            provider = policy.SecurityProvider;
        }
        var listed = (collectives ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (listed.Length > 0)
        {
            return listed;
        }
        return provider?.Trim() == "choria" ? ["choria"] : ["mcollective"];
    }

    /// <summary>
    /// The expiry rule: the helper's absolute <c>exp</c> when it leaves more than an hour of validity,
    /// otherwise now + the configured validity (so a past or near <c>exp</c> silently gets the default).
    /// </summary>
    public static long ExpiryFor(long? helperExpiresAt, long now, TimeSpan validity)
    {
        if (helperExpiresAt is long exp && exp - now > 3600)
        {
            return exp;
        }
        return now + (long)validity.TotalSeconds;
    }
}
