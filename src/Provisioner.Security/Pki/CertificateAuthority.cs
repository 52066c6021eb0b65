using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provisioner.Security.Files;
using Provisioner.Security.Issuance;

namespace Provisioner.Security.Pki;

/// <summary>
/// A root CA kept as <c>ca.pem</c> and <c>ca.key</c> (PKCS#8, 0600) that signs node CSRs into leaf
/// certificates for the node's identity. RSA and EC CAs both sign RSA and EC CSRs.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    public const string DefaultCommonName = "Provisioner CA";
    public const string CertificateFileName = "ca.pem";
    public const string KeyFileName = "ca.key";

    /// <summary>Ten years.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(3652);

    // Tolerates clocks of freshly booted nodes that run a little behind.
    private static readonly TimeSpan BackdateBy = TimeSpan.FromMinutes(5);

    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const int SerialLength = 16;

    private readonly X509Certificate2 _certificate;
    private readonly AsymmetricAlgorithm _key;
    // Built once: every leaf is signed by the same key with the same algorithm.
    private readonly X509SignatureGenerator _generator;
    private readonly X509AuthorityKeyIdentifierExtension _authorityKeyIdentifier;
    private readonly Lazy<byte[]> _serialKey;

    private CertificateAuthority(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        _certificate = certificate;
        _key = key;
        // A generator rather than CertificateRequest.Create(issuerCertificate, ...): the latter refuses an RSA CA signing an EC key.
        _generator = key is RSA rsa
            ? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1)
            : X509SignatureGenerator.CreateForECDsa((ECDsa)key);
        // Derived at the first single-issuance signature, not at every load: `ca show` and member certificates never need it.
        _serialKey = new Lazy<byte[]>(() => SerialKeyOf(key));
        KeyAlgorithm = key is RSA ? PkiKeyAlgorithm.Rsa2048 : PkiKeyAlgorithm.EcdsaP256;
        CertificatePem = certificate.ExportCertificatePem();
        var subjectKeyIdentifier = certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()
            ?? new X509SubjectKeyIdentifierExtension(certificate.PublicKey, false);
        _authorityKeyIdentifier = X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyIdentifier);
    }

    /// <summary>The CA certificate (public part only is meant to leave this object).</summary>
    public X509Certificate2 Certificate => _certificate;

    /// <summary>The CA certificate as PEM, for <c>configure.ca</c> and trust stores.</summary>
    public string CertificatePem { get; }

    /// <summary>The subject distinguished name, e.g. <c>CN=Provisioner CA</c>.</summary>
    public string Subject => _certificate.Subject;

    /// <summary>RSA or EC; for RSA the actual key size may differ from 2048 when loaded from disk.</summary>
    public PkiKeyAlgorithm KeyAlgorithm { get; }

    public DateTimeOffset NotAfter => new(_certificate.NotAfter.ToUniversalTime());

    /// <summary>SHA-256 of the DER certificate as colon-separated upper-case hex, as <c>openssl x509 -fingerprint -sha256</c> prints it.</summary>
    public string FingerprintSha256 => string.Join(':', _certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2")));

    /// <summary>Creates a self-signed root CA: basic constraints CA (path length 0), keyCertSign|cRLSign, SKI.</summary>
    public static CertificateAuthority Create(
        PkiKeyAlgorithm algorithm = PkiKeyAlgorithm.Rsa2048,
        string commonName = DefaultCommonName,
        TimeSpan? validity = null,
        TimeProvider? clock = null)
    {
        if (string.IsNullOrWhiteSpace(commonName))
        {
            throw new PkiException("CA common name is empty");
        }
        var lifetime = validity ?? DefaultValidity;
        if (lifetime <= TimeSpan.Zero)
        {
            throw new PkiException("CA validity must be positive");
        }
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        AsymmetricAlgorithm key = algorithm == PkiKeyAlgorithm.Rsa2048 ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var request = key is RSA rsa
                ? new CertificateRequest(subject.Build(), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : new CertificateRequest(subject.Build(), (ECDsa)key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            var now = (clock ?? TimeProvider.System).GetUtcNow();
            var certificate = request.CreateSelfSigned(now - BackdateBy, now + lifetime);
            return new CertificateAuthority(certificate, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Loads a CA from its certificate PEM and its private key PEM (PKCS#8, or PKCS#1 / SEC1).</summary>
    /// <exception cref="PkiException">Unreadable PEM, a key that does not match, or a certificate that is not a CA.</exception>
    public static CertificateAuthority FromPem(string certificatePem, string privateKeyPem)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificatePem, privateKeyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new PkiException($"cannot load CA certificate and key: {e.Message}", e);
        }
        var basicConstraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (basicConstraints is not { CertificateAuthority: true })
        {
            var subject = certificate.Subject;
            certificate.Dispose();
            throw new PkiException($"{subject} is not a CA certificate (basic constraints CA is not set)");
        }
        AsymmetricAlgorithm? key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey();
        if (key is null)
        {
            certificate.Dispose();
            throw new PkiException("CA key must be RSA or ECDSA");
        }
        return new CertificateAuthority(certificate, key);
    }

    /// <summary>Loads <c>ca.pem</c> and <c>ca.key</c> from <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="PkiException">The files do not hold a CA and its key.</exception>
    public static CertificateAuthority Load(string directory)
    {
        var certificatePem = File.ReadAllText(Path.Combine(directory, CertificateFileName));
        var keyPem = File.ReadAllText(Path.Combine(directory, KeyFileName));
        return FromPem(certificatePem, keyPem);
    }

    /// <summary>True when <paramref name="directory"/> already holds <c>ca.pem</c> or <c>ca.key</c>.</summary>
    public static bool ExistsIn(string directory) =>
        File.Exists(Path.Combine(directory, CertificateFileName)) || File.Exists(Path.Combine(directory, KeyFileName));

    /// <summary>The private key as PKCS#8 PEM. A secret: never log it.</summary>
    public string ExportPrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>
    /// Writes <c>ca.pem</c> (0644) and <c>ca.key</c> (0600) into <paramref name="directory"/>, creating it.
    /// Refuses to replace existing files unless <paramref name="overwrite"/>.
    /// </summary>
    /// <exception cref="IOException">The files exist and <paramref name="overwrite"/> is false, or writing failed.</exception>
    public void Save(string directory, bool overwrite = false)
    {
        if (!overwrite && ExistsIn(directory))
        {
            throw new IOException($"{directory} already holds {CertificateFileName} or {KeyFileName}");
        }
        Directory.CreateDirectory(directory);
        SecretFile.Write(Path.Combine(directory, KeyFileName), ExportPrivateKeyPem(), FileModes.Secret);
        SecretFile.Write(Path.Combine(directory, CertificateFileName), CertificatePem, FileModes.Public);
    }

    /// <summary>
    /// Signs the public key of <paramref name="csrPem"/> into a leaf for <paramref name="identity"/>: subject
    /// <c>CN=identity</c> only (the node does not choose its O/OU), DNS SAN identity, client and server auth,
    /// digitalSignature|keyEncipherment, a random positive 128-bit serial and the CA's key identifier, valid from now.
    /// The expiry is capped at the CA's own.
    /// The CSR must pass <see cref="CsrNameRule"/> for <paramref name="identity"/> although its subject is not copied:
    /// a CSR that asks for other names is refused, not silently narrowed.
    /// </summary>
    /// <exception cref="PkiException">The CSR does not parse, verify or pass the name rule, or the identity is not a DNS name.</exception>
    public SignedCertificate Sign(string csrPem, string identity, TimeSpan validity, TimeProvider? clock = null) =>
        Sign(csrPem, identity, validity, (clock ?? TimeProvider.System).GetUtcNow(), _ => NewSerial());

    /// <summary>
    /// Signs as <see cref="Sign(string,string,TimeSpan,TimeProvider?)"/> does, for one node's attempt: the serial is
    /// derived from <paramref name="issuance"/> and the CSR under a key only this CA's private key yields, and the
    /// validity starts from <see cref="IssuanceKey.IssuedAt"/>. Signing the same CSR for the same key again, after a
    /// crash lost the first result, therefore issues the same serial and validity, not a second certificate.
    /// </summary>
    /// <exception cref="PkiException">As for the other overload.</exception>
    public SignedCertificate Sign(string csrPem, IssuanceKey issuance, TimeSpan validity)
    {
        ArgumentNullException.ThrowIfNull(issuance);
        return Sign(csrPem, issuance.Identity, validity, issuance.IssuedAt, csr => SerialFor(issuance, csr));
    }

    private SignedCertificate Sign(string csrPem, string identity, TimeSpan validity, DateTimeOffset issuedAt, Func<CertificateRequest, byte[]> serial)
    {
        if (string.IsNullOrWhiteSpace(identity))
        {
            throw new PkiException("identity is empty");
        }
        if (validity <= TimeSpan.Zero)
        {
            throw new PkiException("certificate validity must be positive");
        }
        var csr = SigningRequestPem.LoadVerified(csrPem, withExtensions: true);
        if (CsrNameRule.Check(csr, identity) is CsrInspection.Rejected rejected)
        {
            throw new PkiException(rejected.Reason);
        }
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(identity);
        var names = new SubjectAlternativeNameBuilder();
        try
        {
            names.AddDnsName(identity);
        }
        catch (ArgumentException e)
        {
            throw new PkiException($"identity {identity} is not a valid DNS name", e);
        }

        var request = new CertificateRequest(subject.Build(), csr.PublicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthOid), new Oid(ServerAuthOid)], false));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(_authorityKeyIdentifier);

        var leaf = CreateLeaf(request, validity, issuedAt, serial(csr));
        return new SignedCertificate(leaf.Pem, leaf.SerialHex, leaf.NotAfter);
    }

    /// <summary>
    /// Issues a cluster member's certificate with a fresh ECDSA P-256 key: subject <c>CN=name, OU=</c><see cref="MemberCertificate.OrganizationalUnit"/>,
    /// the given DNS and IP SANs, client and server auth (a member both dials and accepts), digitalSignature, a random
    /// serial and the CA's key identifier. The expiry is capped at the CA's own.
    /// </summary>
    /// <exception cref="PkiException">No name, no SAN, a name that is not a DNS name, or a non-positive validity.</exception>
    public MemberCertificate IssueMember(string name, IReadOnlyList<string> dnsNames, IReadOnlyList<IPAddress> ipAddresses, TimeSpan validity, TimeProvider? clock = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new PkiException("member name is empty");
        }
        if (dnsNames.Count == 0 && ipAddresses.Count == 0)
        {
            throw new PkiException("a member certificate needs at least one DNS name or IP address");
        }
        if (validity <= TimeSpan.Zero)
        {
            throw new PkiException("certificate validity must be positive");
        }
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames)
        {
            try
            {
                names.AddDnsName(dns);
            }
            catch (ArgumentException e)
            {
                throw new PkiException($"{dns} is not a valid DNS name", e);
            }
        }
        foreach (var ip in ipAddresses)
        {
            names.AddIpAddress(ip);
        }
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(name);
        subject.AddOrganizationalUnitName(MemberCertificate.OrganizationalUnit);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthOid), new Oid(ServerAuthOid)], false));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(_authorityKeyIdentifier);
        var leaf = CreateLeaf(request, validity, (clock ?? TimeProvider.System).GetUtcNow(), NewSerial());
        return new MemberCertificate(leaf.Pem, key.ExportPkcs8PrivateKeyPem(), leaf.SerialHex, leaf.NotAfter);
    }

    /// <summary>Shows the subject only.</summary>
    public override string ToString() => $"CA {Subject} ({KeyAlgorithm}, key *****)";

    public void Dispose()
    {
        _key.Dispose();
        _certificate.Dispose();
    }

    private Leaf CreateLeaf(CertificateRequest request, TimeSpan validity, DateTimeOffset now, byte[] serial)
    {
        // X.509 times are whole seconds: the same issuance time gives the same certificate to the byte.
        now = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var caNotAfter = DateTimeOffset.FromUnixTimeSeconds(NotAfter.ToUnixTimeSeconds());
        var notAfter = now + validity < caNotAfter ? now + validity : caNotAfter;
        var der = CertificateEncoder.Encode(
            _certificate.SubjectName, request.SubjectName, request.PublicKey, [.. request.CertificateExtensions],
            serial, now - BackdateBy, notAfter, _generator);
        return new Leaf(PemEncoding.WriteString("CERTIFICATE", der), Convert.ToHexString(serial), notAfter);
    }

    private sealed record Leaf(string Pem, string SerialHex, DateTimeOffset NotAfter);

    private static byte[] NewSerial() => Positive(RandomNumberGenerator.GetBytes(SerialLength));

    // HMAC over the issuance and the CSR's signed content: the same for every member holding ca.key, and
    // unpredictable to anyone without it, as a random serial is.
    private byte[] SerialFor(IssuanceKey issuance, CertificateRequest csr)
    {
        var input = issuance.ToBytes("leaf-serial").Concat(SHA256.HashData(csr.PublicKey.ExportSubjectPublicKeyInfo())).ToArray();
        return Positive(HMACSHA256.HashData(_serialKey.Value, input)[..SerialLength]);
    }

    private static byte[] SerialKeyOf(AsymmetricAlgorithm key)
    {
        var material = key.ExportPkcs8PrivateKey();
        try
        {
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 32, info: "provisioner leaf serials"u8.ToArray());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    // Clears the sign bit and sets the next one, so the DER INTEGER is positive and keeps all 16 bytes.
    private static byte[] Positive(byte[] serial)
    {
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }
}
