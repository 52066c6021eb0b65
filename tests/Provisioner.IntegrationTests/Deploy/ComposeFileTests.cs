using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Provisioner.IntegrationTests.Deploy;

/// <summary>
/// There is no Docker engine on the development machines, so docker-compose.yml is checked statically:
/// docker-compose accepts it, and every build context, Dockerfile, file a Dockerfile copies and
/// mounted file exists in the repository. A missing docker-compose fails these tests; it never skips them.
/// </summary>
public sealed partial class ComposeFileTests
{
    [Fact]
    public async Task Compose_file_is_accepted_by_docker_compose_with_the_whole_deployment()
    {
        var project = await ComposeProject.LoadAsync();
        var names = project.Services.Select(s => s.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "nats", "postgres", "member1", "member2", "member3", "fleet" }, names);
    }

    [Fact]
    public async Task Every_build_context_and_dockerfile_exists()
    {
        var project = await ComposeProject.LoadAsync();
        var builds = project.Services.Where(s => s.Service.TryGetProperty("build", out _)).ToList();
        Assert.NotEmpty(builds);
        foreach (var (name, service) in builds)
        {
            var build = service.GetProperty("build");
            var context = build.GetProperty("context").GetString()!;
            Assert.True(Directory.Exists(context), $"{name}: build context {context} does not exist");
            var dockerfile = Path.Combine(context, build.TryGetProperty("dockerfile", out var d) ? d.GetString()! : "Dockerfile");
            Assert.True(File.Exists(dockerfile), $"{name}: dockerfile {dockerfile} does not exist");
        }
    }

    [Fact]
    public async Task Every_file_a_dockerfile_copies_from_its_context_exists()
    {
        var project = await ComposeProject.LoadAsync();
        var checkedSources = 0;
        foreach (var (name, service) in project.Services.Where(s => s.Service.TryGetProperty("build", out _)))
        {
            var build = service.GetProperty("build");
            var context = build.GetProperty("context").GetString()!;
            var dockerfile = Path.Combine(context, build.TryGetProperty("dockerfile", out var d) ? d.GetString()! : "Dockerfile");
            foreach (var source in CopiedSources(File.ReadAllLines(dockerfile)))
            {
                var path = Path.Combine(context, source);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{name}: {Path.GetFileName(dockerfile)} copies {source}, missing from {context}");
                checkedSources++;
            }
        }
        Assert.True(checkedSources > 0, "no COPY/ADD source was found in any Dockerfile");
    }

    [Fact]
    public async Task Every_mounted_file_or_directory_exists()
    {
        var project = await ComposeProject.LoadAsync();
        var binds = 0;
        foreach (var (name, service) in project.Services)
        {
            if (!service.TryGetProperty("volumes", out var volumes)) continue;
            foreach (var volume in volumes.EnumerateArray())
            {
                var source = volume.ValueKind == JsonValueKind.String
                    ? volume.GetString()!.Split(':')[0]
                    : volume.GetProperty("source").GetString()!;
                // docker-compose makes bind-mount sources absolute; anything else is a named volume.
                if (!source.StartsWith('/')) continue;
                Assert.True(File.Exists(source) || Directory.Exists(source), $"{name}: mounted {source} does not exist");
                Assert.StartsWith(project.Root, source);
                binds++;
            }
        }
        Assert.True(binds > 0, "no bind mount found: the members' configuration should be mounted from deploy/");
    }

    [Fact]
    public async Task Members_share_the_seed_database_and_broker_and_the_fleet_uses_the_same_broker()
    {
        var project = await ComposeProject.LoadAsync();
        var members = project.Services.Where(s => s.Name.StartsWith("member", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, members.Count);
        foreach (var (name, service) in members)
        {
            var env = service.GetProperty("environment");
            Assert.Equal(name, env.GetProperty("PROVISIONER_HOSTNAME").GetString());
            Assert.Equal("4053", env.GetProperty("PROVISIONER_PORT").GetString());
            Assert.Equal("akka.ssl.tcp://provisioner@member1:4053", env.GetProperty("PROVISIONER_SEEDS").GetString());
            // Each member presents its own certificate from the CA that init-secrets.sh creates.
            Assert.Equal($"/etc/provisioner/cluster/{name}/member.pem", env.GetProperty("PROVISIONER_CLUSTER_TLS_CERT").GetString());
            Assert.Equal($"/etc/provisioner/cluster/{name}/member.key", env.GetProperty("PROVISIONER_CLUSTER_TLS_KEY").GetString());
            Assert.Equal("/etc/provisioner/ca/ca.pem", env.GetProperty("PROVISIONER_CLUSTER_TLS_CA").GetString());
            Assert.Equal("postgres", env.GetProperty("PROVISIONER_DB").GetString());
            Assert.Contains("Host=postgres;", env.GetProperty("PROVISIONER_DB_CONNECTION").GetString());
            Assert.Equal("nats://nats:4222", env.GetProperty("PROVISIONER_NATS_URL").GetString());
            Assert.Equal(["provisioner", "member", "--config", "/etc/provisioner/member.conf", "--config", "/etc/provisioner/secrets.conf"], Command(service));
        }
        var fleet = Command(project.Services.Single(s => s.Name == "fleet").Service);
        Assert.Equal("fleet", fleet[1]);
        Assert.Equal("nats://nats:4222", fleet[fleet.IndexOf("--broker") + 1]);
    }

    private static List<string> Command(JsonElement service) =>
        service.GetProperty("command").EnumerateArray().Select(a => a.GetString()!).ToList();

    // Sources of COPY/ADD lines in shell form; copies from another stage (--from) are not in the context.
    private static IEnumerable<string> CopiedSources(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            var match = CopyLine().Match(line);
            if (!match.Success) continue;
            var words = match.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Any(w => w.StartsWith("--from", StringComparison.Ordinal))) continue;
            var operands = words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
            foreach (var source in operands.Take(operands.Count - 1)) yield return source;
        }
    }

    [GeneratedRegex(@"^\s*(COPY|ADD)\s+(?<args>[^\[].*)$", RegexOptions.IgnoreCase)]
    private static partial Regex CopyLine();
}
