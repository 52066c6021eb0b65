using System.Security.Cryptography;
using System.Text;
using Provisioner.Security.KeyWrap;
using Provisioner.Security.Tests.Pki;
using Xunit;

namespace Provisioner.Security.Tests.KeyWrap;

public sealed class LegacyPemEncryptionTests : IDisposable
{
    private static readonly byte[] Password = Encoding.ASCII.GetBytes("secret");
    private readonly string _directory = Directory.CreateTempSubdirectory("pem-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Round_trips_der_under_a_password()
    {
        var der = Pkcs1(TestPki.RsaCsr.PrivateKeyPem);

        var pem = LegacyPemEncryption.Encrypt("RSA PRIVATE KEY", der, Password);
        var (blockType, decrypted) = LegacyPemEncryption.Decrypt(pem, Password);

        Assert.Equal("RSA PRIVATE KEY", blockType);
        Assert.Equal(der, decrypted);
    }

    [Fact]
    public void Wrong_password_is_reported_as_incorrect()
    {
        var pem = LegacyPemEncryption.Encrypt("RSA PRIVATE KEY", Pkcs1(TestPki.RsaCsr.PrivateKeyPem), Password);

        var error = Assert.Throws<KeyWrapException>(() => LegacyPemEncryption.Decrypt(pem, "wrong"u8));

        Assert.StartsWith("decryption password incorrect", error.Message);
    }

    [Fact]
    public void Refuses_text_that_is_not_pem()
    {
        var error = Assert.Throws<KeyWrapException>(() => LegacyPemEncryption.Decrypt("hello", Password));

        Assert.StartsWith("key is not a PEM block", error.Message);
    }

    [OpenSslFact]
    public void Openssl_decrypts_what_we_encrypt()
    {
        var der = Pkcs1(TestPki.RsaCsr.PrivateKeyPem);
        var encrypted = Path.Combine(_directory, "encrypted.pem");
        File.WriteAllText(encrypted, LegacyPemEncryption.Encrypt("RSA PRIVATE KEY", der, Password));

        var (exitCode, output, error) = OpenSsl.Run("rsa", "-in", encrypted, "-passin", "pass:secret", "-traditional");

        Assert.True(exitCode == 0, error);
        Assert.Equal(der, Pkcs1(output));
    }

    [OpenSslFact]
    public void We_decrypt_what_openssl_encrypts()
    {
        var plain = Path.Combine(_directory, "plain.pem");
        File.WriteAllText(plain, TestPki.RsaCsr.PrivateKeyPem);

        var (exitCode, output, error) = OpenSsl.Run("rsa", "-in", plain, "-aes256", "-passout", "pass:secret", "-traditional");

        Assert.True(exitCode == 0, error);
        Assert.Contains("DEK-Info: AES-256-CBC,", output);
        var (blockType, der) = LegacyPemEncryption.Decrypt(output, Password);
        Assert.Equal("RSA PRIVATE KEY", blockType);
        Assert.Equal(Pkcs1(TestPki.RsaCsr.PrivateKeyPem), der);
    }

    private static byte[] Pkcs1(string pem)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa.ExportRSAPrivateKey();
    }
}
