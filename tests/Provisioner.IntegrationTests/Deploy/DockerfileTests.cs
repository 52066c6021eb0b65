using System.Diagnostics;
using System.Text.RegularExpressions;
using Provisioner.Host.Members;
using Xunit;

namespace Provisioner.IntegrationTests.Deploy;

/// <summary>
/// deploy/provisioner.Dockerfile cannot be built on the development machines (no Docker engine), so what it
/// declares is checked here: a multi-arch publish, the ports it exposes, a health check that can run in the
/// runtime image, and a build context without build outputs or .git.
/// </summary>
public sealed partial class DockerfileTests
{
    private static string Root => ComposeProject.LoadAsync().GetAwaiter().GetResult().Root;

    private static DockerfileInstructions Image => DockerfileInstructions.Load(Path.Combine(Root, "deploy", "provisioner.Dockerfile"));

    [Fact]
    public void Build_stage_publishes_for_the_target_architecture_on_the_builders_platform()
    {
        var image = Image;
        var build = image.Arguments("FROM").First();
        Assert.StartsWith("--platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:", build);
        Assert.Contains("TARGETARCH", image.Arguments("ARG"));

        var publish = Assert.Single(image.Arguments("RUN"), r => r.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("-r \"$rid\"", publish);
        Assert.DoesNotMatch(@"-r\s+linux-", publish);
        Assert.Contains("-p:ProvisionerVersion=\"$PROVISIONER_VERSION\"", publish);
        Assert.Contains("PROVISIONER_VERSION=", image.Arguments("ARG"));
    }

    [Theory]
    [InlineData("amd64", 0, "linux-x64")]
    [InlineData("arm64", 0, "linux-arm64")]
    [InlineData("arm", 1, "")]
    [InlineData("", 1, "")]
    public async Task Buildkit_architecture_maps_to_the_dotnet_runtime_identifier(string targetArch, int status, string rid)
    {
        var publish = Image.Arguments("RUN").Single(r => r.Contains("dotnet publish", StringComparison.Ordinal));
        var mapping = CaseStatement().Match(publish);
        Assert.True(mapping.Success, "the publish step maps $TARGETARCH with a case statement");

        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"TARGETARCH='{targetArch}'; {mapping.Value} && echo \"$rid\"");
        using var shell = Process.Start(psi)!;
        var output = await shell.StandardOutput.ReadToEndAsync();
        await shell.WaitForExitAsync();

        Assert.Equal(status, shell.ExitCode);
        Assert.Equal(rid, output.Trim());
    }

    [Fact]
    public void Image_exposes_the_cluster_and_monitoring_ports_a_member_listens_on()
    {
        var image = Image;
        var environment = Environment(image);
        var exposed = image.Arguments("EXPOSE").SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        Assert.Contains(environment[ProvisionerVariables.Port], exposed);
        Assert.Contains(environment[ProvisionerVariables.MetricsPort], exposed);
    }

    [Fact]
    public void Health_check_asks_readyz_on_the_monitoring_port_with_a_client_the_runtime_stage_installs()
    {
        var final = Image.FinalStage;
        var check = Assert.Single(final, i => i.Keyword == "HEALTHCHECK").Arguments;
        Assert.Contains($"curl --fail", check);
        Assert.Contains($"http://127.0.0.1:${{{ProvisionerVariables.MetricsPort}}}/readyz", check);

        // The .NET runtime images have neither curl nor wget: the final stage must install it before the check runs.
        var install = final.TakeWhile(i => i.Keyword != "HEALTHCHECK").Where(i => i.Keyword == "RUN").Select(i => i.Arguments);
        Assert.Contains(install, r => Regex.IsMatch(r, @"apt-get install -y --no-install-recommends curl\b"));
        Assert.Equal("app", final.Last(i => i.Keyword == "USER").Arguments);
    }

    [Fact]
    public async Task Compose_publishes_each_members_monitoring_port_and_the_fleet_waits_for_member1_to_be_ready()
    {
        var project = await ComposeProject.LoadAsync();
        var metricsPort = Environment(Image)[ProvisionerVariables.MetricsPort];
        var services = project.Services.ToDictionary(s => s.Name, s => s.Service);

        foreach (var (name, service) in services.Where(s => s.Key.StartsWith("member", StringComparison.Ordinal)))
        {
            var ports = service.GetProperty("ports").EnumerateArray().Select(p => p.GetString()!).ToList();
            Assert.Contains(ports, p => p.StartsWith("127.0.0.1:", StringComparison.Ordinal) && p.EndsWith($":{metricsPort}/tcp", StringComparison.Ordinal));
            Assert.False(service.TryGetProperty("healthcheck", out _), $"{name} keeps the image's health check");
        }
        foreach (var name in new[] { "init", "fleet" })
        {
            var test = services[name].GetProperty("healthcheck").GetProperty("test");
            Assert.Equal(["NONE"], test.EnumerateArray().Select(t => t.GetString()));
        }
        Assert.Equal("service_healthy", services["fleet"].GetProperty("depends_on").GetProperty("member1").GetProperty("condition").GetString());
    }

    [Fact]
    public void Build_context_leaves_out_build_outputs_and_git_but_nothing_the_image_copies()
    {
        var ignored = File.ReadAllLines(Path.Combine(Root, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", ".git", ".run/", "tests/", "**/TestResults/" }, ignored.ToHashSet());
        Assert.False(File.Exists(Path.Combine(Root, "deploy", "provisioner.Dockerfile.dockerignore")),
            "BuildKit would prefer a <Dockerfile>.dockerignore over the root one");

        var copied = Image.Arguments("COPY").Where(c => !c.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1)).ToList();
        Assert.NotEmpty(copied);
        foreach (var source in copied)
        {
            var top = source.TrimEnd('/').Split('/')[0];
            Assert.DoesNotContain(ignored, pattern => pattern.TrimEnd('/') == top || pattern.TrimEnd('/') == source.TrimEnd('/'));
        }
    }

    private static Dictionary<string, string> Environment(DockerfileInstructions image) =>
        image.Arguments("ENV")
            .SelectMany(e => EnvironmentPair().Matches(e))
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);

    [GeneratedRegex(@"case ""\$TARGETARCH"" in .*? esac", RegexOptions.Singleline)]
    private static partial Regex CaseStatement();

    [GeneratedRegex(@"(?<name>[A-Z_][A-Z0-9_]*)=(?<value>[^\s]+)")]
    private static partial Regex EnvironmentPair();
}
