using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Provisioner.Aaa.Audit;
using Provisioner.Aaa.Configuration;
using Provisioner.Aaa.Login;
using Provisioner.Aaa.Tokens;
using Provisioner.Security.Keys;
using Provisioner.Security.Tokens;
using Provisioner.Testing;

namespace Provisioner.Aaa.Tests;

/// <summary>
/// The spec's acceptance setup on disk: user bob (password s3cret, acls rpcutil.*), validity 1h, max_validity 2h,
/// actionlist, the logfile auditor, an RSA login key with its public half as signing_certificate, a privileged
/// certificate for wrapping, and the audit table in a SQLite journal. Everything lives in a temporary directory.
/// </summary>
public sealed class AaaWorld : IDisposable
{
    public const string Password = "s3cret";

    // bcrypt at its lowest cost: the tests are about the checks, not the work factor.
    private static readonly Lazy<string> BobHash = new(() => BCrypt.Net.BCrypt.HashPassword(Password, 4));

    public AaaWorld(string? configJson = null, bool ed25519LoginKey = false)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("aaa-").FullName;
        if (ed25519LoginKey)
        {
            using var pair = Ed25519KeyPair.Generate();
            File.WriteAllText(LoginKeyPath, pair.ExportSeedHex());
            File.WriteAllText(VerifyKeyPath, pair.PublicKeyHex);
        }
        else
        {
            File.WriteAllText(LoginKeyPath, SharedRsaKey.PrivatePem);
            File.WriteAllText(VerifyKeyPath, SharedRsaKey.PublicPem);
        }
        File.WriteAllText(PrivilegedCertificatePath, PrivilegedCertificate.ExportCertificatePem());
        File.WriteAllText(PrivilegedKeyPath, SharedRsaKey.PrivatePem);
        File.WriteAllText(ChoriaConfigPath, $"plugin.security.provider = file\nplugin.security.file.certificate = {PrivilegedCertificatePath}\nplugin.security.file.key = {PrivilegedKeyPath}\n");
        Settings = AaaSettings.Parse(configJson ?? Config());
        Journal = new JournalAuditLog(() => new SqliteConnection($"Data Source={Path.Combine(Directory, "journal.db")}"));
        Journal.EnsureCreatedAsync().GetAwaiter().GetResult();
    }

    public string Directory { get; }
    public string LoginKeyPath => Path.Combine(Directory, "login.key");
    public string VerifyKeyPath => Path.Combine(Directory, "login.public");
    public string ChoriaConfigPath => Path.Combine(Directory, "choria.conf");
    public string PrivilegedCertificatePath => Path.Combine(Directory, "privileged.pem");
    public string PrivilegedKeyPath => Path.Combine(Directory, "privileged.key");
    public string AuditLogPath => Path.Combine(Directory, "audit.log");
    public ManualClock Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    public AaaSettings Settings { get; }
    public JournalAuditLog Journal { get; }

    /// <summary>The self-signed stand-in for Choria's <c>*.privileged.mcollective</c> certificate.</summary>
    public static X509Certificate2 PrivilegedCertificate { get; } = CreatePrivilegedCertificate();

    public static string BobRecord(string username = "bob", string acls = "[\"rpcutil.*\"]", string extra = "") =>
        $"{{\"username\":\"{username}\",\"password\":\"{BobHash.Value}\",\"acls\":{acls}{extra}}}";

    /// <summary>The spec's configuration, with <paramref name="users"/> and <paramref name="signerExtra"/> spliced in.</summary>
    public string Config(string? users = null, string signerExtra = "", string usersFile = "", string validity = "1h") =>
        $$"""
        {
          "site": "london",
          "choria_config": "{{ChoriaConfigPath}}",
          "authenticator": "userlist",
          "signer": "basicjwt",
          "authorizer": "actionlist",
          "auditors": ["logfile"],
          "logfile_auditor": {"logfile": "{{AuditLogPath}}"},
          "userlist_authenticator": {"validity": "{{validity}}", "signing_key": "{{LoginKeyPath}}", "users_file": "{{usersFile}}", "users": [{{users ?? BobRecord()}}]},
          "basicjwt_signer": {"signing_certificate": "{{VerifyKeyPath}}", "max_validity": "2h"{{signerExtra}}}
        }
        """;

    /// <summary>The service over this world's settings, auditing to the journal table and the logfile.</summary>
    public AaaService Service(AaaSettings? settings = null, string member = "member-1", TimeProvider? clock = null) =>
        AaaService.Create(settings ?? Settings, Journal, member, clock ?? Clock, NullLoggerFactory.Instance);

    /// <summary>A login request from <paramref name="key"/>, signed over the spec's text, stamped <paramref name="at"/> (default now).</summary>
    public LoginRequest LoginRequest(Ed25519KeyPair key, string username = "bob", string password = Password, long? at = null, string? signedPassword = null, Ed25519KeyPair? signer = null)
    {
        var timestamp = (at ?? Clock.GetUtcNow().ToUnixTimeSeconds()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new LoginRequest
        {
            Username = username,
            Password = password,
            Timestamp = timestamp,
            PublicKey = key.PublicKeyHex,
            Signature = (signer ?? key).SignHex(Aaa.Login.LoginRequest.SignedText(timestamp, username, signedPassword ?? password)),
        };
    }

    /// <summary>A client token for <paramref name="key"/> as bob's login would issue it, changed by <paramref name="edit"/> and signed by <paramref name="signingKey"/> (default the login key).</summary>
    public string Token(Ed25519KeyPair key, Func<ClientIdClaims, ClientIdClaims>? edit = null, IReadOnlyList<string>? acls = null, string username = "bob", TokenSigningKey? signingKey = null)
    {
        using var authenticator = UserlistAuthenticator.Create(Settings.Login!, Clock);
        var user = new UserRecord { Username = username, Acls = acls ?? ["rpcutil.*"] };
        var claims = authenticator.ClaimsFor(user, null, key.PublicKeyHex, Clock.GetUtcNow());
        claims = edit?.Invoke(claims) ?? claims;
        using var ownKey = signingKey is null ? UserlistAuthenticator.LoadSigningKey(LoginKeyPath) : null;
        return ClientTokens.Sign(claims, signingKey ?? ownKey!);
    }

    /// <summary>Writes a users file holding <paramref name="records"/> and returns its path.</summary>
    public string WriteUsers(params string[] records)
    {
        var path = Path.Combine(Directory, $"users-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "[" + string.Join(",", records) + "]");
        return path;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string SignHex(Ed25519KeyPair key, byte[] bytes) => Convert.ToHexStringLower(key.Sign(bytes));

    public async Task<IReadOnlyList<AuditRecord>> AuditAsync(string? user = null) => await Journal.ReadAsync(new AuditQuery(user));

    private static X509Certificate2 CreatePrivilegedCertificate()
    {
        var request = new CertificateRequest("CN=aaa.privileged.mcollective", SharedRsaKey.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
