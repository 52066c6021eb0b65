using Provisioner.Host.Cli;
using Xunit;

namespace Provisioner.Host.Tests.Cli;

/// <summary>What <c>provisioner member</c> refuses before it starts anything.</summary>
public sealed class MemberCommandTests : IDisposable
{
    private const string Refusal =
        "error: refusing to bind the cluster port on 10.1.2.3, which is not a loopback address, without cluster TLS: " +
        "set provisioner.cluster.tls { cert, key, ca } (provisioner ca member-cert issues them), or bind 127.0.0.1";

    private readonly string _directory = Directory.CreateTempSubdirectory("member-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Settings that pass the member's own checks; what the keys hold is never reached.</summary>
    private string Config(string extra = "")
    {
        var path = Path.Combine(_directory, "member.conf");
        File.WriteAllText(path, $$"""
            provisioner {
              jwt-verify-key = "{{_directory}}/absent.pub"
              server-jwt.signing-key = "{{_directory}}/absent.seed"
              ca-dir = "{{_directory}}/absent-ca"
              console.bind = "127.0.0.1:0"
              web.bind = "127.0.0.1:0"
              {{extra}}
            }
            """);
        return path;
    }

    [Fact]
    public async Task Member_refuses_a_non_loopback_cluster_address_without_cluster_tls()
    {
        var (code, output, error) = await Run("member", "--config", Config(), "--hostname", "10.1.2.3", "--port", "0");

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Equal([Refusal], Lines(error));
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Member_refuses_the_any_address_without_cluster_tls()
    {
        var (code, _, error) = await Run("member", "--config", Config(), "--hostname", "0.0.0.0", "--port", "0");

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Equal([Refusal.Replace("10.1.2.3", "0.0.0.0")], Lines(error));
    }

    [Fact]
    public async Task Member_with_cluster_tls_passes_the_bind_check_and_is_stopped_by_its_missing_certificate_instead()
    {
        var tls = $$"""cluster.tls { cert = "{{_directory}}/member.pem", key = "{{_directory}}/member.key", ca = "{{_directory}}/ca.pem" }""";

        var (code, _, error) = await Run("member", "--config", Config(tls), "--hostname", "10.1.2.3", "--port", "0");

        Assert.Equal(ExitCodes.UsageOrIo, code);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith($"error: provisioner.cluster.tls: cert {_directory}/member.pem: ", line);
    }

    [Fact]
    public async Task Member_refuses_cluster_tls_settings_given_in_part()
    {
        var (code, _, error) = await Run("member", "--config", Config(), "--cluster-tls-cert", "member.pem");

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Equal(["error: provisioner.cluster.tls needs cert, key and ca together; missing: key, ca"], Lines(error));
    }

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ProvisionerCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
