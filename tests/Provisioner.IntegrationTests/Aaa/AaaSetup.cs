using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provisioner.Aaa.Configuration;
using Provisioner.Aaa.Login;
using Provisioner.Aaa.Tokens;
using Provisioner.Security.Keys;
using Provisioner.Testing;

namespace Provisioner.IntegrationTests.Aaa;

/// <summary>
/// An aaasvc configuration on disk for members to serve: bob (s3cret, rpcutil.*), validity 1h, max_validity 2h,
/// actionlist, the logfile auditor, the aaa_signer NATS service, and HTTP on <paramref name="port"/> (0: off).
/// </summary>
public sealed class AaaSetup
{
    public const string Password = "s3cret";

    public AaaSetup(string directory, int port = 0)
    {
        Directory = directory;
        File.WriteAllText(Path("login.key"), SharedRsaKey.PrivatePem);
        File.WriteAllText(Path("login.pem"), SharedRsaKey.PublicPem);
        var request = new CertificateRequest("CN=aaa.privileged.mcollective", SharedRsaKey.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using (var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1)))
        {
            File.WriteAllText(Path("privileged.pem"), certificate.ExportCertificatePem());
        }
        File.WriteAllText(Path("choria.conf"), $"plugin.security.file.certificate = {Path("privileged.pem")}\nplugin.security.file.key = {Path("login.key")}\n");
        var hash = BCrypt.Net.BCrypt.HashPassword(Password, 4);
        ConfigFile = Path("aaasvc.json");
        File.WriteAllText(ConfigFile, $$"""
            {
              "site": "london", "port": {{port}}, "choria_config": "{{Path("choria.conf")}}",
              "authenticator": "userlist", "signer": "basicjwt", "authorizer": "actionlist", "auditors": ["logfile"],
              "logfile_auditor": {"logfile": "{{Path("audit.log")}}"},
              "userlist_authenticator": {"validity": "1h", "signing_key": "{{Path("login.key")}}",
                "users": [{"username": "bob", "password": "{{hash}}", "acls": ["rpcutil.*"]},
                          {"username": "carol", "password": "{{hash}}", "acls": ["rpcutil.*"], "broker_permissions": {"provisioner": true} }]},
              "basicjwt_signer": {"signing_certificate": "{{Path("login.pem")}}", "max_validity": "2h", "choria_service": true}
            }
            """);
    }

    public string Directory { get; }
    public string ConfigFile { get; }

    /// <summary>The HOCON inside provisioner { } that makes a member serve this configuration.</summary>
    public string MemberSetting => $"aaa {{ config = \"{ConfigFile}\", bind = \"127.0.0.1\", disable-tls = on, collective = \"choria\" }}";

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>The token bob's login would give <paramref name="key"/>, issued here rather than over HTTP.</summary>
    public string BobToken(Ed25519KeyPair key)
    {
        var settings = AaaSettings.Load(ConfigFile);
        using var authenticator = UserlistAuthenticator.Create(settings.Login!, TimeProvider.System);
        return ClientTokens.Sign(
            authenticator.ClaimsFor(new UserRecord { Username = "bob", Acls = ["rpcutil.*"] }, null, key.PublicKeyHex, DateTimeOffset.UtcNow),
            UserlistAuthenticator.LoadSigningKey(Path("login.key")));
    }
}
