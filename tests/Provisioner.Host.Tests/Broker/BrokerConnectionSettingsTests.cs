using System.Runtime.Versioning;
using Akka.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using Provisioner.Host.Broker;
using Provisioner.Host.Cli;
using Provisioner.Host.Members;
using Xunit;

namespace Provisioner.Host.Tests.Broker;

[UnsupportedOSPlatform("windows")]
public sealed class BrokerConnectionSettingsTests : IDisposable
{
    private const string Refusal =
        "provisioner.nats.url must not carry a user or password (it would show in logs, seen-by headers and node configuration): "
        + "set provisioner.nats.user with provisioner.nats.password-file or PROVISIONER_NATS_PASSWORD, or provisioner.nats.creds";

    private readonly string _directory = Directory.CreateTempSubdirectory("broker-settings-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WritePasswordFile(string text)
    {
        var path = Path.Combine(_directory, "nats.password");
        File.WriteAllText(path, text);
        return path;
    }

    private static BrokerConnectionSettings Resolve(string natsSection, IReadOnlyDictionary<string, string>? environment = null, MemberFlags? flags = null) =>
        MemberSettings.Resolve(flags ?? new MemberFlags(), name => environment?.GetValueOrDefault(name), ConfigurationFactory.ParseString($"provisioner.nats {{ {natsSection} }}"))
            .Provisioner.Broker;

    [Theory]
    [InlineData("nats://provisioner:s3cret@broker.example.net:4222")]
    [InlineData("nats://provisioner@broker.example.net:4222")]
    [InlineData("nats://a.example.net:4222,tls://provisioner:s3cret@b.example.net:4222")]
    [InlineData("provisioner:s3cret@broker.example.net:4222")]
    public void A_url_with_user_information_is_refused_with_one_line_naming_the_settings(string url)
    {
        var broker = Resolve($"url = \"{url}\"");

        Assert.Equal([Refusal], broker.Problems());
    }

    [Fact]
    public async Task The_member_command_refuses_a_url_with_a_password_in_one_line_with_exit_code_2()
    {
        var config = Path.Combine(_directory, "member.conf");
        File.WriteAllText(config, """
            provisioner {
              jwt-verify-key = "unused.pub"
              server-jwt.signing-key = "unused.seed"
              ca-dir = "unused-ca"
            }
            """);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await ProvisionerCli.RunAsync(["member", "--config", config, "--nats", "nats://provisioner:s3cret-in-url@127.0.0.1:4222"], output, error);

        Assert.Equal(ExitCodes.UsageOrIo, exit);
        Assert.Equal($"error: {Refusal}{Environment.NewLine}", error.ToString());
        Assert.DoesNotContain("s3cret-in-url", output.ToString() + error.ToString());
    }

    [Fact]
    public void The_display_url_drops_user_information_from_every_url_of_the_list()
    {
        var broker = new BrokerConnectionSettings("nats://u:p1@a.example.net:4222, tls://tok@b.example.net:4443/x?y=1,c.example.net:4222", BrokerCredentials.None, BrokerTls.None);

        Assert.Equal("nats://a.example.net:4222,tls://b.example.net:4443/x?y=1,c.example.net:4222", broker.DisplayUrl);
    }

    [Fact]
    public void The_password_file_gives_the_password_without_its_line_break()
    {
        var file = WritePasswordFile("from-file\n");

        var broker = Resolve($"user = provisioner, password-file = \"{file}\"");

        Assert.Equal("from-file", broker.Credentials.Password);
        Assert.Empty(broker.Problems());
        var auth = broker.Options("member", NullLoggerFactory.Instance).AuthOpts;
        Assert.Equal(("provisioner", "from-file"), (auth.Username, auth.Password));
    }

    [Fact]
    public void The_environment_password_beats_the_password_file()
    {
        var file = WritePasswordFile("from-file\n");

        var broker = Resolve($"user = provisioner, password-file = \"{file}\"", new Dictionary<string, string> { [ProvisionerVariables.NatsPassword] = "from-env" });

        Assert.Equal("from-env", broker.Credentials.Password);
        Assert.Equal("from-env", broker.Options("member", NullLoggerFactory.Instance).AuthOpts.Password);
    }

    [Fact]
    public void A_password_file_that_cannot_be_read_is_named()
    {
        var missing = Path.Combine(_directory, "absent.password");

        var e = Assert.Throws<MemberConfigurationException>(() => Resolve($"user = provisioner, password-file = \"{missing}\""));

        Assert.Equal($"provisioner.nats.password-file: cannot read {missing}: Could not find file '{missing}'.", Assert.Single(e.Problems));
    }

    [Fact]
    public void An_empty_password_file_is_refused()
    {
        var file = WritePasswordFile("\n");

        var e = Assert.Throws<MemberConfigurationException>(() => Resolve($"user = provisioner, password-file = \"{file}\""));

        Assert.Equal($"provisioner.nats.password-file: {file} is empty", Assert.Single(e.Problems));
    }

    [Fact]
    public void A_user_needs_a_password_and_a_password_needs_a_user()
    {
        Assert.Equal(["provisioner.nats.user needs a password: set provisioner.nats.password-file or PROVISIONER_NATS_PASSWORD"], Resolve("user = provisioner").Problems());
        Assert.Equal(["provisioner.nats.password-file or PROVISIONER_NATS_PASSWORD needs provisioner.nats.user"],
            Resolve("", new Dictionary<string, string> { [ProvisionerVariables.NatsPassword] = "pw" }).Problems());
    }

    [Fact]
    public void Creds_and_a_user_are_not_both_allowed()
    {
        var broker = Resolve("creds = \"provisioner.creds\", user = provisioner", new Dictionary<string, string> { [ProvisionerVariables.NatsPassword] = "pw" });

        Assert.Equal(["provisioner.nats.creds and provisioner.nats.user/password are two ways to log in: set one of them"], broker.Problems());
    }

    [Fact]
    public void Printing_the_settings_never_shows_the_password()
    {
        var settings = MemberSettings.Resolve(new MemberFlags(), name => name == ProvisionerVariables.NatsPassword ? "printed-nowhere" : null,
            ConfigurationFactory.ParseString("provisioner.nats.user = provisioner"));

        Assert.DoesNotContain("printed-nowhere", settings.ToString());
        Assert.Contains("Password = *****", settings.ToString());
    }

    [Fact]
    public void Tls_files_make_tls_required_and_are_passed_to_nats()
    {
        var ca = Path.Combine(_directory, "ca.pem");
        var cert = Path.Combine(_directory, "member.pem");
        var key = Path.Combine(_directory, "member.key");
        foreach (var path in new[] { ca, cert, key }) File.WriteAllText(path, "pem");

        var broker = Resolve($"tls {{ ca = \"{ca}\", cert = \"{cert}\", key = \"{key}\" }}");

        Assert.Empty(broker.Problems());
        var tls = broker.Options("member", NullLoggerFactory.Instance).TlsOpts;
        Assert.Equal((TlsMode.Require, ca, cert, key), (tls.Mode, tls.CaFile, tls.CertFile, tls.KeyFile));
        Assert.Equal(TlsMode.Auto, Resolve("").Options("member", NullLoggerFactory.Instance).TlsOpts.Mode);
    }

    [Fact]
    public void A_tls_certificate_needs_its_key_and_every_tls_file_must_exist()
    {
        var cert = Path.Combine(_directory, "member.pem");
        File.WriteAllText(cert, "pem");
        var ca = Path.Combine(_directory, "absent-ca.pem");

        var broker = Resolve($"tls {{ ca = \"{ca}\", cert = \"{cert}\" }}");

        Assert.Equal(
            ["provisioner.nats.tls.cert and provisioner.nats.tls.key go together: set both or neither", $"provisioner.nats.tls.ca: {ca} does not exist"],
            broker.Problems());
    }
}
