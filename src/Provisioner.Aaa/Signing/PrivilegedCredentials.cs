using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Provisioner.Aaa.Configuration;

namespace Provisioner.Aaa.Signing;

/// <summary>
/// The signer's own x509 credentials, with which it wraps an approved v1 request: a certificate that servers trust to
/// set any caller (Choria's <c>*.privileged.mcollective</c>) and its RSA key, named by the Choria configuration's
/// file security settings (<c>plugin.security.file.certificate</c>, <c>plugin.security.file.key</c>).
/// </summary>
public sealed class PrivilegedCredentials : IDisposable
{
    public const string CertificateKey = "plugin.security.file.certificate";
    public const string KeyKey = "plugin.security.file.key";

    private readonly RSA _key;

    public PrivilegedCredentials(string certificatePem, RSA key)
    {
        CertificatePem = certificatePem;
        _key = key;
    }

    /// <summary>The certificate as PEM, the secure request's <c>pubcert</c>.</summary>
    public string CertificatePem { get; }

    /// <summary>Reads the certificate and key a Choria configuration (<c>key = value</c> lines) names.</summary>
    /// <exception cref="AaaConfigException">A setting is missing or a file is unreadable or unusable.</exception>
    public static PrivilegedCredentials Load(string choriaConfig)
    {
        var settings = ReadSettings(choriaConfig);
        var certificatePath = settings.GetValueOrDefault(CertificateKey);
        var keyPath = settings.GetValueOrDefault(KeyKey);
        if (string.IsNullOrEmpty(certificatePath) || string.IsNullOrEmpty(keyPath))
        {
            throw new AaaConfigException([$"choria_config: {choriaConfig} must set {CertificateKey} and {KeyKey}"]);
        }
        var key = RSA.Create();
        try
        {
            var certificatePem = File.ReadAllText(certificatePath);
            using (var certificate = X509Certificate2.CreateFromPem(certificatePem))
            {
                if (certificate.GetRSAPublicKey() is null)
                {
                    throw new AaaConfigException([$"choria_config: {certificatePath} is not an RSA certificate"]);
                }
            }
            key.ImportFromPem(File.ReadAllText(keyPath));
            return new PrivilegedCredentials(certificatePem.Trim() + "\n", key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new AaaConfigException([$"choria_config: cannot load the privileged certificate and key: {e.Message}"]);
        }
    }

    /// <summary>Base64 of the RSA PKCS#1 v1.5 SHA-256 signature over <paramref name="message"/>'s UTF-8 bytes.</summary>
    public string Sign(string message) =>
        Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(message), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    private static Dictionary<string, string> ReadSettings(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaaConfigException([$"choria_config: cannot read {path}: {e.Message}"]);
        }
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var text = line.Trim();
            var equals = text.IndexOf('=');
            if (!text.StartsWith('#') && equals > 0)
            {
                settings[text[..equals].Trim()] = text[(equals + 1)..].Trim();
            }
        }
        return settings;
    }

    public void Dispose() => _key.Dispose();
}
