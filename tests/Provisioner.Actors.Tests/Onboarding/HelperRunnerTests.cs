using Provisioner.Actors.Telemetry;
using System.Diagnostics;
using System.Text.Json;
using Provisioner.Actors.Onboarding;
using Provisioner.Actors.Onboarding.Helper;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Onboarding;

public sealed class HelperRunnerTests : IDisposable
{
    private readonly HelperScripts _scripts = new();

    private static readonly HelperInput Input = new()
    {
        Identity = "n1.example.net",
        Csr = new HelperCsr { Csr = "-----BEGIN CERTIFICATE REQUEST-----", PublicKey = "PUB", SslDir = "/etc/choria/ssl" },
        Inventory = """{"version":"0.28.0","upgradable":true}""",
    };

    private const string ConfiguredJson = """{"configuration":{"a":"b"}}""";

    public void Dispose() => _scripts.Dispose();

    private static double HelperErrors => ProvisionerMetrics.HelperErrors.Value;

    [Fact]
    public async Task Returns_configuration_and_policies_of_a_successful_helper()
    {
        var helper = _scripts.Write("ok.sh", """
            cat >/dev/null
            cat <<'JSON'
            {"defer":false,"msg":"","configuration":{"plugin.choria.server.provision":"false","identity":"n1.example.net"},
             "certificate":"CERT","ca":"CA","ssldir":"/etc/choria/ssl",
             "action_policies":{"default.policy":"policy_default deny"},"opa_policies":{"default.rego":"package choria.aaa.policy"},
             "server_claims":{"collectives":["fleet"]}}
            JSON
            """);

        var result = await new HelperRunner(helper).RunAsync(Input);

        Assert.True(result.Succeeded, result.Error);
        Assert.Null(result.Failure);
        var configure = Assert.IsType<HelperOutcome.Configure>(result.Outcome());
        Assert.Equal("false", configure.Output.Configuration!["plugin.choria.server.provision"]);
        Assert.Equal("policy_default deny", configure.Output.ActionPolicies!["default.policy"]);
        Assert.Equal("package choria.aaa.policy", configure.Output.OpaPolicies!["default.rego"]);
        Assert.Equal(["fleet"], configure.Output.ServerClaims!.Collectives!);
    }

    [Fact]
    public async Task Defer_is_a_successful_run_that_fails_the_attempt_with_the_message()
    {
        var helper = _scripts.Write("defer.sh", """cat >/dev/null; echo '{"defer":true,"msg":"waiting for CMDB"}'""");

        var result = await new HelperRunner(helper).RunAsync(Input);

        Assert.Equal(new HelperOutcome.Defer("configuration defered: waiting for CMDB"), result.Outcome());
    }

    [Fact]
    public async Task Shutdown_is_read_as_a_shutdown_request()
    {
        var helper = _scripts.Write("shutdown.sh", """cat >/dev/null; echo '{"shutdown":true,"msg":"not ours"}'""");

        var result = await new HelperRunner(helper).RunAsync(Input);

        Assert.Equal(new HelperOutcome.Shutdown("not ours"), result.Outcome());
    }

    [Fact]
    public async Task Fails_when_the_helper_exits_non_zero_even_with_valid_output()
    {
        var helper = _scripts.Write("exit3.sh", """cat >/dev/null; echo '{"configuration":{"a":"b"}}'; echo "cmdb unreachable" >&2; exit 3""");
        var before = HelperErrors;

        var result = await new HelperRunner(helper).RunAsync(Input);

        Assert.Equal(HelperFailure.NonZeroExit, result.Failure);
        Assert.Equal($"helper {helper} exited with non 0 exitcode 3", result.Error);
        Assert.Equal(["cmdb unreachable"], result.StderrTail);
        Assert.True(HelperErrors >= before + 1);
    }

    [Fact]
    public async Task Fails_when_the_helper_writes_nothing()
    {
        var helper = _scripts.Write("empty.sh", "cat >/dev/null");
        var before = HelperErrors;

        var result = await new HelperRunner(helper).RunAsync(Input);

        Assert.Equal(HelperFailure.EmptyOutput, result.Failure);
        Assert.Contains("zero bytes received", result.Error);
        Assert.True(HelperErrors >= before + 1);
    }

    [Fact]
    public async Task Fails_when_the_output_is_not_json()
    {
        var helper = _scripts.Write("text.sh", "cat >/dev/null; echo 'all good'");
        var before = HelperErrors;

        var result = await new HelperRunner(helper).RunAsync(Input);

        Assert.Equal(HelperFailure.UndecodableOutput, result.Failure);
        Assert.StartsWith($"cannot decode output from {helper}: ", result.Error);
        Assert.True(HelperErrors >= before + 1);
    }

    [Fact]
    public async Task Fails_naming_the_configuration_key_whose_value_is_not_a_string()
    {
        var helper = _scripts.Write("number.sh", """cat >/dev/null; echo '{"configuration":{"plugin.choria.server.provision":"false","splay":10}}'""");

        var result = await new HelperRunner(helper).RunAsync(Input);

        Assert.Equal(HelperFailure.UndecodableOutput, result.Failure);
        Assert.Contains("$.configuration: key \"splay\" must have a string value, not a number", result.Error);
    }

    [Fact]
    public async Task Kills_a_helper_that_outlasts_the_timeout_with_its_children()
    {
        var pidFile = _scripts.PathOf("sleep.pid");
        var helper = _scripts.Write("slow.sh", $"""
            cat >/dev/null
            sleep 60 &
            echo $! > '{pidFile}'
            wait
            echo '{ConfiguredJson}'
            """);
        var before = HelperErrors;

        var result = await new HelperRunner(helper, timeout: TimeSpan.FromSeconds(1)).RunAsync(Input);

        Assert.Equal(HelperFailure.TimedOut, result.Failure);
        Assert.Contains("did not finish within 1s", result.Error);
        Assert.True(HelperErrors >= before + 1);
        var sleeper = int.Parse(File.ReadAllText(pidFile).Trim());
        await Eventually.TrueAsync(() => !IsRunning(sleeper), TimeSpan.FromSeconds(10), "the helper's child is killed too");
    }

    [Fact]
    public async Task Delivers_the_input_on_stdin_and_closes_it()
    {
        var received = _scripts.PathOf("stdin.json");
        // cat ends only at end of input, so this helper finishes only if stdin is closed.
        var helper = _scripts.Write("echo.sh", $"""cat > '{received}'; echo '{ConfiguredJson}'""");

        var result = await new HelperRunner(helper).RunAsync(Input);

        Assert.True(result.Succeeded, result.Error);
        using var json = JsonDocument.Parse(File.ReadAllBytes(received));
        Assert.Equal("n1.example.net", json.RootElement.GetProperty("identity").GetString());
        Assert.Equal("/etc/choria/ssl", json.RootElement.GetProperty("csr").GetProperty("ssldir").GetString());
        Assert.Equal(Input.Inventory, json.RootElement.GetProperty("inventory").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("jwt").ValueKind);
    }

    [Fact]
    public async Task Passes_quoted_arguments_intact_without_a_shell()
    {
        var argsFile = _scripts.PathOf("args.txt");
        var helper = _scripts.Write("args.sh", $"""cat >/dev/null; printf '%s\n' "$@" > '{argsFile}'; echo '{ConfiguredJson}'""");

        var result = await new HelperRunner($"'{helper}' --site 'dc 1' \"say \\\"hi\\\"\" a\\ b '$HOME;ls'").RunAsync(Input);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["--site", "dc 1", "say \"hi\"", "a b", "$HOME;ls"], File.ReadAllLines(argsFile));
    }

    [Fact]
    public async Task Never_runs_more_helpers_at_once_than_its_slots()
    {
        var counter = _scripts.PathOf("running");
        var peak = _scripts.PathOf("peak");
        var overlapped = _scripts.PathOf("overlapped");
        File.WriteAllText(counter, "0");
        File.WriteAllText(peak, "0");
        // Each helper waits until two have overlapped once, so the peak reaches the limit without any sleep race,
        // then lingers so that a third, if the runner let one through, would be seen.
        var helper = _scripts.Write("counted.sh", $$"""
            cat >/dev/null
            cd '{{_scripts.Directory}}'
            (
              flock 9
              n=$(( $(cat running) + 1 )); echo $n > running
              if [ $n -gt $(cat peak) ]; then echo $n > peak; fi
              if [ $n -ge 2 ]; then touch overlapped; fi
            ) 9> lock
            for _ in $(seq 200); do [ -e overlapped ] && break; sleep 0.05; done
            sleep 0.2
            ( flock 9; echo $(( $(cat running) - 1 )) > running ) 9> lock
            echo '{{ConfiguredJson}}'
            """);
        var runner = new HelperRunner(helper, timeout: TimeSpan.FromSeconds(30), maxConcurrentRuns: 2);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => runner.RunAsync(Input))));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.True(File.Exists(overlapped));
        Assert.Equal("2", File.ReadAllText(peak).Trim());
        Assert.Equal("0", File.ReadAllText(counter).Trim());
    }

    [Fact]
    public async Task Reports_a_helper_that_cannot_be_started()
    {
        var missing = _scripts.PathOf("missing.sh");

        var result = await new HelperRunner(missing).RunAsync(Input);

        Assert.Equal(HelperFailure.NotStarted, result.Failure);
        Assert.StartsWith($"cannot start helper {missing}: ", result.Error);
    }

    [Fact]
    public async Task Cancellation_kills_the_helper_and_throws()
    {
        var started = _scripts.PathOf("started");
        var helper = _scripts.Write("hang.sh", $"cat >/dev/null; touch '{started}'; exec sleep 60");
        using var cancel = new CancellationTokenSource();

        var run = new HelperRunner(helper).RunAsync(Input, cancel.Token);
        await Eventually.TrueAsync(() => File.Exists(started), TimeSpan.FromSeconds(10));
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("'unterminated")]
    [InlineData("''")]
    public void Refuses_a_command_line_that_names_no_program(string command)
    {
        var error = Assert.Throws<ArgumentException>(() => new HelperRunner(command));
        Assert.StartsWith("helper: ", error.Message);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
