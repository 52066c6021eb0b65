using Provisioner.Host.Cli;
using Xunit;

namespace Provisioner.Host.Tests.Members.Choria;

/// <summary>What <c>provisioner member --choria-config</c> refuses, one line per problem, before anything starts.</summary>
public sealed class ChoriaConfigRefusalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("choria-refusal-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("workers: 4\nwrokers: 5", "wrokers: not a Choria provisioner setting")]
    [InlineData("management:\n  name: x", "management: not a Choria provisioner setting")]
    [InlineData("features:\n  pkii: true", "features.pkii: not a Choria provisioner setting")]
    [InlineData("loglevel: verbose", "loglevel: 'verbose' is not trace, debug, info, warning or error")]
    [InlineData("logfile: [a, b]", "logfile: is not a single value")]
    [InlineData("features:\n  pki: true\n  ed25519: true", "features: can only enable one of pki or ed25519 features")]
    [InlineData("features:\n  jwt: true\n  pki: true\n  ed25519: true", "features: can only enable one of pki or ed25519 features")]
    [InlineData("features:\n  jwt: maybe", "features.jwt: 'maybe' is not true or false")]
    [InlineData("features: [pki]", "features: is not a mapping of features")]
    [InlineData("workers: four", "workers: 'four' is not a whole number of 0 or more")]
    [InlineData("workers: -1", "workers: '-1' is not a whole number of 0 or more")]
    [InlineData("workers: '4'", "workers: '4' is not a whole number of 0 or more")]
    [InlineData("monitor_port: 70000", "monitor_port: '70000' is not a port number")]
    [InlineData("broker_port: nats", "broker_port: 'nats' is not a port number")]
    [InlineData("interval: 5x", "interval: '5x' is not a duration such as 90s, 10m, 1h, 1d, 1w or 1y")]
    [InlineData("interval: 30s", "interval: '30s' is shorter than the minimum of 1m")]
    [InlineData("server_jwt_validity: forever", "server_jwt_validity: 'forever' is not a duration such as 90s, 10m, 1h, 1d, 1w or 1y")]
    [InlineData("leader_election: maybe", "leader_election: 'maybe' is not true or false")]
    [InlineData("choria_insecure: 'true'", "choria_insecure: 'true' is not true or false")]
    [InlineData("token: [a, b]", "token: is not a single value")]
    [InlineData("cert_deny_list: '\\.choria$'", "cert_deny_list: is not a list of strings")]
    [InlineData("- workers", "--choria-config: {file} must be a mapping of settings")]
    [InlineData("workers: [4", "--choria-config: {file} is not YAML: line 2: While parsing a flow sequence, did not find expected ',' or ']'.")]
    public async Task A_bad_setting_is_refused_in_one_line_with_exit_code_2(string yaml, string problem)
    {
        var file = Write("provisioner.yaml", yaml);

        var (code, output, error) = await Run("member", "--choria-config", file);

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Equal([$"error: {problem.Replace("{file}", file)}"], Lines(error));
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Every_bad_setting_of_a_file_is_named()
    {
        var (code, _, error) = await Run("member", "--choria-config", Write("provisioner.yaml", "workers: x\nsitte: a\nloglevel: loud\n"));

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Equal([
            "error: workers: 'x' is not a whole number of 0 or more",
            "error: sitte: not a Choria provisioner setting",
            "error: loglevel: 'loud' is not trace, debug, info, warning or error"], Lines(error));
    }

    [Fact]
    public async Task A_missing_choria_config_is_refused()
    {
        var missing = Path.Combine(_directory, "absent.yaml");

        var (code, _, error) = await Run("member", "--choria-config", missing);

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Equal([$"error: --choria-config: {missing} does not exist"], Lines(error));
    }

    [Fact]
    public async Task A_missing_choria_client_config_is_refused()
    {
        var missing = Path.Combine(_directory, "absent.conf");

        var (code, _, error) = await Run("member", "--choria-client-config", missing);

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Equal([$"error: --choria-client-config: {missing} does not exist"], Lines(error));
    }

    [Fact]
    public async Task Middleware_hosts_that_are_not_hosts_and_ports_are_refused()
    {
        var client = Write("client.conf", "plugin.choria.middleware_hosts = broker1.example.net\n");

        var (code, _, error) = await Run("member", "--choria-client-config", client);

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Equal(["error: plugin.choria.middleware_hosts: 'broker1.example.net' is not a list of host:port"], Lines(error));
    }

    [Fact]
    public async Task A_password_in_the_yaml_never_shows_in_a_refusal()
    {
        var (_, output, error) = await Run("member", "--choria-config", Write("provisioner.yaml", "broker_provisioning_password: br0ker-s3cret\nworkers: x\n"));

        Assert.DoesNotContain("br0ker-s3cret", output + error);
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
