using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Provisioner.Aaa.Http;
using Provisioner.Host.Cli;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Aaa;

/// <summary>
/// A member serving AAA, seen from outside: the spec's <c>choria_aaa_*</c> metrics move on the member's <c>/metrics</c> as
/// logins and signings happen, and a login stands in for an authorized key at a console that trusts no one unsigned.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed partial class AaaMemberMetricsTests(NatsServerFixture nats) : OnboardingWorldTest(nats)
{
    [Fact]
    public async Task Logins_and_signings_move_the_aaa_metrics_the_spec_names_on_the_member_s_metrics_port()
    {
        var aaa = new AaaSetup(World.Dir, FreePort.Next());
        var member = await World.StartMemberAsync($"{aaa.MemberSetting}\nmetrics-port = {FreePort.Next()}\nmetrics-bind = \"127.0.0.1\"");
        var metrics = $"http://{member.MonitoringEndPoint}/metrics";
        var before = await ScrapeAsync(metrics);
        var token = Path.Combine(World.Dir, "home", "client.jwt");

        Assert.Equal(0, (await LoginAsync(member.AaaEndPoint!, token, "bob", AaaSetup.Password)).Code);
        Assert.Equal(1, (await LoginAsync(member.AaaEndPoint!, token + ".failed", "bob", "wrong")).Code);
        Assert.Equal(0, (await CliAsync("aaa", "sign", "--agent", "rpcutil", "--action", "ping", "--token-file", token, "--nats", Nats.Url)).Code);
        Assert.Equal(1, (await CliAsync("aaa", "sign", "--agent", "puppet", "--action", "enable", "--token-file", token, "--nats", Nats.Url)).Code);
        var after = await ScrapeAsync(metrics);

        double Moved(string series) => after.GetValueOrDefault(series) - before.GetValueOrDefault(series);
        Assert.Equal(2, Moved("choria_aaa_authenticator_time_count"));
        Assert.True(after["choria_aaa_authenticator_time_sum"] > 0);
        Assert.Equal(1, Moved("choria_aaa_authenticator_errors"));
        Assert.Equal(1, Moved("choria_aaa_signer_allowed"));
        Assert.Equal(1, Moved("choria_aaa_signer_denied"));
        Assert.Equal(1, Moved("choria_aaa_authorizer_allowed{action=\"rpcutil.ping\"}"));
        Assert.Equal(1, Moved("choria_aaa_authorizer_denied{action=\"puppet.enable\"}"));
        Assert.Equal(0, Moved("choria_aaa_signer_invalid_token"));
        Assert.Contains("choria_aaa_authorizer_errors", after.Keys);
        Assert.Contains("choria_aaa_signer_errors", after.Keys);
        Assert.Contains("choria_aaa_auditor_errors", after.Keys);
    }

    [Fact]
    public async Task A_login_with_the_provisioner_permission_changes_the_cluster_from_a_console_that_trusts_no_one_unsigned()
    {
        var aaa = new AaaSetup(World.Dir, FreePort.Next());
        var member = await World.StartMemberAsync($"{aaa.MemberSetting}\nconsole.trust-loopback = off");
        var console = $"127.0.0.1:{member.ConsoleEndPoint.Port}";
        var carol = Path.Combine(World.Dir, "carol", "client.jwt");
        var bob = Path.Combine(World.Dir, "bob", "client.jwt");
        Assert.Equal(0, (await LoginAsync(member.AaaEndPoint!, carol, "carol", AaaSetup.Password)).Code);
        Assert.Equal(0, (await LoginAsync(member.AaaEndPoint!, bob, "bob", AaaSetup.Password)).Code);

        var unsigned = await CliAsync("cmd", console, "provisioner", "pause");
        var withoutPermission = await CliAsync("cmd", console, "--token", bob, "provisioner", "pause");
        var paused = await CliAsync("cmd", console, "--token", carol, "provisioner", "pause");
        var resumed = await CliAsync("cmd", console, "--token", carol, "provisioner", "resume");

        Assert.Equal(1, unsigned.Code);
        Assert.Equal(1, withoutPermission.Code);
        Assert.Contains("up=bob may not change the cluster: the login token needs the provisioner or org_admin permission", withoutPermission.Err);
        Assert.Equal(0, paused.Code);
        Assert.Matches(@"paused\s+yes", paused.Out);
        Assert.Equal(0, resumed.Code);
        Assert.Matches(@"paused\s+no", resumed.Out);
    }

    private static async Task<Dictionary<string, double>> ScrapeAsync(string url)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match m in Sample().Matches(await response.Content.ReadAsStringAsync()))
        {
            // The member's static site label, when it has one, is not part of what these tests compare.
            var series = SiteLabel().Replace(m.Groups["series"].Value, "").Replace("{}", "");
            samples[series] = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return samples;
    }

    private static Task<(int Code, string Out, string Err)> LoginAsync(IPEndPoint aaa, string tokenFile, string user, string password)
    {
        var passwordFile = Path.Combine(Path.GetDirectoryName(tokenFile)!, $"{user}-password");
        Directory.CreateDirectory(Path.GetDirectoryName(tokenFile)!);
        File.WriteAllText(passwordFile, password + "\n");
        return CliAsync("login", "--url", $"http://{aaa}{AaaHttpServer.LoginPath}", "--token-file", tokenFile, "--username", user, "--password-file", passwordFile);
    }

    private static async Task<(int Code, string Out, string Err)> CliAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await ProvisionerCli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [GeneratedRegex(@"^(?<series>choria_aaa_\S+?(\{[^}]*\})?) (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex Sample();

    [GeneratedRegex(@"site=""[^""]*"",?")]
    private static partial Regex SiteLabel();
}
