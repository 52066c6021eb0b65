using Provisioner.Host.Cli;
using Xunit;

namespace Provisioner.Host.Tests.Cli;

/// <summary>Bad input ends as one <c>error:</c> line and exit 2, never a stack trace.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bad-input-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Config(string provisioner)
    {
        var path = Path.Combine(_directory, "member.conf");
        File.WriteAllText(path, $$"""
            provisioner {
              {{provisioner}}
            }
            """);
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ProvisionerCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    [Theory]
    [InlineData("step-timeout = banana", "error: provisioner.step-timeout: 'banana' is not a duration (like 30s)")]
    [InlineData("max-in-flight = lots", "error: provisioner.max-in-flight: 'lots' is not a whole number")]
    [InlineData("start-paused = maybe", "error: provisioner.start-paused: 'maybe' is not on or off")]
    [InlineData("admission { timeout = soon }", "error: provisioner.admission.timeout: 'soon' is not a duration (like 3s)")]
    [InlineData("jwt_verify_cert = /etc/choria/ca.pem", "error: provisioner.jwt_verify_cert: unknown setting (hocon/base.conf lists every setting)")]
    [InlineData("nats { passwd = x }", "error: provisioner.nats.passwd: unknown setting (hocon/base.conf lists every setting)")]
    [InlineData("cert-deny-list = \"x\"", "error: provisioner.cert-deny-list: must be a list [ ... ]")]
    [InlineData("backoff = 5s", "error: provisioner.backoff: must be a section { ... }")]
    public async Task A_bad_setting_in_the_config_is_named_on_one_line(string setting, string expected)
    {
        var (code, output, error) = await Run("member", "--config", Config(setting));

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Equal([expected], Lines(error));
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Node_settings_take_any_key()
    {
        var (code, _, error) = await Run("member", "--config", Config("node-settings { \"plugin.choria.srv_domain\" = example.net }"));

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.DoesNotContain("node-settings", error);
        Assert.Contains("error: provisioner.jwt-verify-key is required", error);
    }

    [Fact]
    public async Task A_config_that_does_not_resolve_is_one_line_naming_the_option()
    {
        var (code, _, error) = await Run("member", "--config", Config("token = ${nope}"));

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Equal(["error: --config: Unresolved substitution: nope"], Lines(error));
    }

    [Fact]
    public async Task Report_on_a_journal_that_cannot_be_opened_is_one_line()
    {
        var (code, _, error) = await Run("report", "--db-connection", $"Data Source={_directory}/none/journal.db");

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Equal(["error: cannot read the Sqlite journal: SQLite Error 14: 'unable to open database file'."], Lines(error));
    }

    [Fact]
    public async Task Report_with_a_kill_time_that_is_not_a_time_is_one_line_naming_the_option()
    {
        var (code, _, error) = await Run("report", "--db-connection", $"Data Source={_directory}/none/journal.db", "--killed-at", "yesterday-ish");

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Equal(["error: --killed-at: 'yesterday-ish' is not an ISO 8601 time"], Lines(error));
    }

    [Theory]
    [InlineData("--new-leader-at", "soon", "", "", "error: --new-leader-at: 'soon' is not an ISO 8601 time")]
    [InlineData("--new-leader-at", "2026-12-05T10:00:09Z", "", "", "error: --new-leader-at needs --killed-at")]
    [InlineData("--new-leader-at", "2026-12-05T09:59:59Z", "--killed-at", "2026-12-05T10:00:00Z",
        "error: --new-leader-at: 2026-12-05T09:59:59Z is before --killed-at 2026-12-05T10:00:00Z")]
    public async Task Report_with_a_new_leader_time_it_cannot_use_is_one_line_naming_the_option(string option, string value, string killOption, string killValue, string expected)
    {
        string[] args = ["report", "--db-connection", $"Data Source={_directory}/none/journal.db", option, value];
        var (code, _, error) = await Run(killOption == "" ? args : [.. args, killOption, killValue]);

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Equal([expected], Lines(error));
    }

    [Fact]
    public async Task No_command_prints_the_overview_of_commands()
    {
        var (code, output, error) = await Run();

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("Usage:", output);
        foreach (var command in new[] { "member", "report", "jwt", "ca", "broker", "cmd", "agent", "fleet" })
        {
            Assert.Contains($"  {command} ", output);
        }
    }

    [Theory]
    [InlineData(new[] { "member", "--port", "abc" }, "error: Cannot parse argument 'abc' for option '--port' as a whole number.")]
    [InlineData(new[] { "fleet", "--nodes", "x", "--token-file", "t" }, "error: Cannot parse argument 'x' for option '--nodes' as a whole number.")]
    public async Task A_flag_of_the_wrong_kind_says_what_it_takes(string[] args, string expected)
    {
        var (code, _, error) = await Run(args);

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Equal([expected, "Run with --help for usage."], Lines(error));
    }

    [Fact]
    public async Task The_same_parse_error_is_said_once()
    {
        var (_, _, error) = await Run("jwt", "provisioning");

        var lines = Lines(error);
        Assert.Equal(lines.Distinct().Count(), lines.Count);
    }
}
