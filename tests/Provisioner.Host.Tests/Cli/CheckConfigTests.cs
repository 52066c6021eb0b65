using Provisioner.Host.Cli;
using Provisioner.Security.Keys;
using Provisioner.Security.Pki;
using Xunit;

namespace Provisioner.Host.Tests.Cli;

/// <summary><c>provisioner member --check-config</c>: loads what the settings name, prints them with secrets masked, starts nothing.</summary>
public sealed class CheckConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("check-config-").FullName;

    public CheckConfigTests()
    {
        using var key = Ed25519KeyPair.Generate();
        File.WriteAllText(Path.Combine(_dir, "provisioning.pub"), key.PublicKeyHex);
        File.WriteAllText(Path.Combine(_dir, "server-jwt.seed"), key.ExportSeedHex());
        File.WriteAllText(Path.Combine(_dir, "broker.password"), "pa55w0rd\n");
        using var ca = CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256);
        ca.Save(Path.Combine(_dir, "ca"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config(string caDir) => Write($$"""
        provisioner {
          token = "s3cr3t-agent-token"
          jwt-verify-key = "{{_dir}}/provisioning.pub"
          server-jwt.signing-key = "{{_dir}}/server-jwt.seed"
          ca-dir = "{{caDir}}"
          nats { url = "nats://broker.example.net:4222", user = provisioner, password-file = "{{_dir}}/broker.password" }
          step-timeout = 45s
        }
        """);

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "member.conf");
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ProvisionerCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Prints_the_log_settings_the_flags_chose()
    {
        var (code, output, error) = await Run("member", "--check-config", "--config", Config($"{_dir}/ca"), "--log-level", "warning", "--log-format", "json", "--log-file", $"{_dir}/member.log");

        Assert.Equal(("", 0), (error, code));
        Assert.Contains($"provisioner.log = level warning, format json, file {_dir}/member.log", output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_log_level_the_flag_does_not_know_is_a_usage_error()
    {
        var (code, output, error) = await Run("member", "--check-config", "--config", Config($"{_dir}/ca"), "--log-level", "loud");

        Assert.Equal((2, ""), (code, output));
        Assert.StartsWith("error: Argument 'loud' not recognized. Must be one of:", error);
    }

    [Fact]
    public async Task Prints_the_effective_settings_with_every_secret_masked()
    {
        var (code, output, error) = await Run("member", "--check-config", "--config", Config($"{_dir}/ca"), "--port", "7011",
            "--db", "postgres", "--db-connection", "Host=db.example.net;Username=provisioner;Password=dbs3cret;Database=journal");

        Assert.Equal(("", 0), (error, code));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("cluster.port = 7011", lines);
        Assert.Contains("journal.connection = Host=db.example.net;Username=provisioner;Password=*****;Database=journal", lines);
        Assert.Contains("provisioner.token = *****", lines);
        Assert.Contains("provisioner.step-timeout = 45s", lines);
        Assert.Contains("provisioner.metrics-bind = 0.0.0.0", lines);
        var broker = Assert.Single(lines, l => l.StartsWith("provisioner.broker = ", StringComparison.Ordinal));
        Assert.Contains("Url = nats://broker.example.net:4222", broker);
        Assert.Contains("User = provisioner", broker);
        Assert.Contains("Password = *****", broker);
        Assert.DoesNotContain("s3cr3t-agent-token", output);
        Assert.DoesNotContain("pa55w0rd", output);
        Assert.DoesNotContain("dbs3cret", output);
    }

    [Fact]
    public async Task A_setting_naming_something_that_does_not_load_is_an_error_and_nothing_is_printed()
    {
        var (code, output, error) = await Run("member", "--check-config", "--config", Config($"{_dir}/no-ca"));

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: provisioner.ca-dir: ", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
