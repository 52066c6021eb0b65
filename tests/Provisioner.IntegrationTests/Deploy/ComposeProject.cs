using System.Diagnostics;
using System.Text.Json;

namespace Provisioner.IntegrationTests.Deploy;

/// <summary>
/// The repository's docker-compose.yml as docker-compose itself resolves it (anchors merged, paths made
/// absolute), read through Debian's docker-compose 1.29, which validates without a Docker engine.
/// </summary>
public sealed class ComposeProject
{
    private static readonly Lazy<Task<ComposeProject>> Shared = new(() => LoadAsync(RepositoryRoot()));

    private ComposeProject(string root, JsonElement config)
    {
        Root = root;
        Config = config;
    }

    /// <summary>The repository root (where Provisioner.sln and docker-compose.yml live).</summary>
    public string Root { get; }

    /// <summary>The output of <c>docker-compose config</c>, as JSON.</summary>
    public JsonElement Config { get; }

    public IEnumerable<(string Name, JsonElement Service)> Services =>
        Config.GetProperty("services").EnumerateObject().Select(p => (p.Name, p.Value));

    /// <summary>Runs <c>docker-compose config</c> once per test run.</summary>
    public static Task<ComposeProject> LoadAsync() => Shared.Value;

    private static async Task<ComposeProject> LoadAsync(string root)
    {
        var compose = Executable("docker-compose")
            ?? throw new InvalidOperationException(
                "docker-compose is not installed, so docker-compose.yml cannot be validated: run ./scripts/install-deps.sh compose " +
                "(apt-get install -y docker-compose; Debian's 1.29 validates without a Docker engine).");
        var (status, yaml, errors) = await RunAsync(root, compose, null, "-f", "docker-compose.yml", "config");
        if (status != 0)
        {
            throw new InvalidOperationException($"docker-compose -f docker-compose.yml config failed with exit code {status}:\n{errors}");
        }
        // docker-compose's own YAML library (python3-yaml, a dependency of the package) turns its output into JSON.
        var python = Executable("python3") ?? throw new InvalidOperationException("python3 is missing (docker-compose depends on it)");
        var (jsonStatus, json, jsonErrors) = await RunAsync(root, python, yaml,
            "-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)");
        if (jsonStatus != 0)
        {
            throw new InvalidOperationException($"could not read docker-compose's output as YAML:\n{jsonErrors}");
        }
        using var document = JsonDocument.Parse(json);
        return new ComposeProject(root, document.RootElement.Clone());
    }

    private static string? Executable(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);

    private static async Task<(int, string, string)> RunAsync(string directory, string file, string? input, params string[] arguments)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Provisioner.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no Provisioner.sln above {AppContext.BaseDirectory}");
    }
}
