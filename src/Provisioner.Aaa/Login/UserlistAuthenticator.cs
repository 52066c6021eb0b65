using System.Globalization;
using System.Text;
using NSec.Cryptography;
using Provisioner.Aaa.Configuration;
using Provisioner.Aaa.Tokens;
using Provisioner.Security.Tokens;

namespace Provisioner.Aaa.Login;

/// <summary>
/// The userlist authenticator: checks a login request in the spec's order (key given, fresh timestamp, a 32-byte
/// key, the proof signature, the user, the bcrypt hash, the policy file) and issues a client JWT that names the
/// login key. Every refusal reads <c>Login failed</c> to the caller; the outcome's reason says which check failed.
/// </summary>
public sealed class UserlistAuthenticator : IDisposable
{
    public const string IssuerName = "Choria Userlist Authenticator";

    /// <summary>How old a login request may be; one from the future, even by a second, is refused.</summary>
    public static readonly TimeSpan MaxRequestAge = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan DefaultValidity = TimeSpan.FromHours(1);

    private readonly UserList _users;
    private readonly TokenSigningKey _key;
    private readonly TimeSpan _validity;
    private readonly TimeProvider _clock;

    public UserlistAuthenticator(UserList users, TokenSigningKey key, TimeSpan validity, TimeProvider clock)
    {
        _users = users;
        _key = key;
        _validity = validity == TimeSpan.Zero ? DefaultValidity : validity;
        _clock = clock;
    }

    /// <summary>An authenticator for <paramref name="settings"/>, its signing key loaded.</summary>
    /// <exception cref="AaaConfigException">The signing key is unreadable or of an unsupported kind.</exception>
    public static UserlistAuthenticator Create(LoginSettings settings, TimeProvider clock) =>
        new(new UserList(settings.Users, settings.UsersFile), LoadSigningKey(settings.SigningKeyPath), settings.Validity, clock);

    /// <summary>
    /// Reads a login signing key: an RSA private key PEM gives RS256, a 64 hex character seed gives EdDSA; anything
    /// else is <c>unsupported key in &lt;file&gt;</c>.
    /// </summary>
    public static TokenSigningKey LoadSigningKey(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaaConfigException([$"userlist_authenticator.signing_key: cannot read {path}: {e.Message}"]);
        }
        var trimmed = text.Trim();
        var supported = trimmed.StartsWith("-----BEGIN RSA PRIVATE KEY", StringComparison.Ordinal)
            || trimmed.StartsWith("-----BEGIN PRIVATE KEY", StringComparison.Ordinal)
            || trimmed.Length == 64;
        try
        {
            return supported ? TokenSigningKey.Parse(trimmed, path) : throw new TokenException(TokenError.InvalidKey, "");
        }
        catch (TokenException e)
        {
            var detail = e.Message.Length == 0 ? "" : $": {e.Message}";
            throw new AaaConfigException([$"userlist_authenticator.signing_key: unsupported key in {path}{detail}"]);
        }
    }

    /// <summary>Checks <paramref name="request"/> and, when every check passes, issues the user's token.</summary>
    public LoginOutcome Login(LoginRequest request)
    {
        var now = _clock.GetUtcNow();
        if (string.IsNullOrEmpty(request.PublicKey))
        {
            return LoginOutcome.Failed("no public key given");
        }
        if (!long.TryParse(request.Timestamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var timestamp))
        {
            return LoginOutcome.Failed("timestamp is not a number of Unix seconds");
        }
        var age = now.ToUnixTimeSeconds() - timestamp;
        if (age < 0)
        {
            return LoginOutcome.Failed("future request");
        }
        if (age > MaxRequestAge.TotalSeconds)
        {
            return LoginOutcome.Failed("old request");
        }
        if (!HexKey.TryDecode(request.PublicKey, 32, out var publicKey)
            || !PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            return LoginOutcome.Failed("public key is not 32 bytes of hex ed25519 key");
        }
        var username = request.Username ?? "";
        var password = request.Password ?? "";
        var signedText = Encoding.UTF8.GetBytes(LoginRequest.SignedText(request.Timestamp!, username, password));
        if (!HexKey.TryDecode(request.Signature ?? "", 64, out var signature) || !SignatureAlgorithm.Ed25519.Verify(key, signedText, signature))
        {
            return LoginOutcome.Failed("invalid sig");
        }
        UserRecord? user;
        try
        {
            user = _users.Find(username);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return LoginOutcome.Failed($"cannot read the users: {e.Message}");
        }
        if (user is null)
        {
            return LoginOutcome.Failed($"no user {username}");
        }
        if (!PasswordMatches(password, user.Password))
        {
            return LoginOutcome.Failed("wrong password");
        }
        string? policy = user.OpaPolicy;
        if (string.IsNullOrEmpty(policy) && !string.IsNullOrEmpty(user.OpaPolicyFile))
        {
            try
            {
                policy = File.ReadAllText(user.OpaPolicyFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return LoginOutcome.Failed($"cannot read opa_policy_file: {e.Message}");
            }
        }
        try
        {
            return LoginOutcome.Issued(ClientTokens.Sign(ClaimsFor(user, policy, Convert.ToHexStringLower(publicKey), now), _key));
        }
        catch (Exception e) when (e is TokenException or System.Security.Cryptography.CryptographicException)
        {
            return LoginOutcome.SigningFailed($"cannot sign the token: {e.Message}");
        }
    }

    /// <summary>The claims a user's token carries, valid from <paramref name="now"/> for the configured validity.</summary>
    public ClientIdClaims ClaimsFor(UserRecord user, string? policy, string publicKeyHex, DateTimeOffset now)
    {
        var issued = now.ToUnixTimeSeconds();
        return new ClientIdClaims
        {
            CallerId = CallerIds.ForUser(user.Username),
            AllowedAgents = user.Acls is { Count: > 0 } acls ? acls : null,
            OrganizationUnit = string.IsNullOrEmpty(user.Organization) ? "choria" : user.Organization,
            UserProperties = user.Properties is { Count: > 0 } properties ? properties : null,
            OpaPolicy = string.IsNullOrEmpty(policy) ? null : policy,
            Permissions = user.BrokerPermissions is { IsEmpty: false } permissions ? permissions : null,
            Purpose = TokenPurpose.ClientId,
            PublicKey = publicKeyHex,
            Issuer = IssuerName,
            ExpiresAt = issued + (long)_validity.TotalSeconds,
            NotBefore = issued,
            IssuedAt = issued,
            Id = Ksuid.New(DateTimeOffset.FromUnixTimeSeconds(issued)).ToString(),
        };
    }

    // A malformed stored hash is a refusal, not a crash: the caller learns only that the login failed.
    private static bool PasswordMatches(string password, string hash)
    {
        try
        {
            return hash.StartsWith("$2", StringComparison.Ordinal) && BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }

    public void Dispose() => _key.Dispose();
}
