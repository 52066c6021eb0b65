using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using Provisioner.Host.Members;

namespace Provisioner.IntegrationTests.Agent;

/// <summary>
/// A real <c>provisioner agent run</c> process started through a launcher script, the file <c>release_update</c>
/// replaces: the script sets the version the agent reports and runs the built program with the arguments it is given,
/// so the agent that re-execs a new release into its own process comes back reporting that release's version.
/// Killed by its process id when disposed.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AgentProcess(Process process, string launcher)
    {
        _process = process;
        Launcher = launcher;
    }

    /// <summary>The executable the agent was started with and <c>release_update</c> replaces.</summary>
    public string Launcher { get; }

    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>What the agent wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>A launcher script that runs the agent reporting <paramref name="version"/>; published as a release, it is that release.</summary>
    public static string LauncherScript(string version) =>
        $"#!/bin/sh\n{ProvisionerVariables.AgentVersion}={version} exec dotnet \"{Path.Combine(AppContext.BaseDirectory, "provisioner.dll")}\" \"$@\"\n";

    /// <summary>Writes <see cref="LauncherScript"/> for <paramref name="version"/> to <paramref name="path"/>, executable.</summary>
    public static string WriteLauncher(string path, string version)
    {
        File.WriteAllText(path, LauncherScript(version));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Starts the agent on <paramref name="configDirectory"/> as <paramref name="identity"/>, through <paramref name="launcher"/>.</summary>
    public static AgentProcess Start(string launcher, string configDirectory, string identity)
    {
        var psi = new ProcessStartInfo(launcher)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "agent", "run", "--config-dir", configDirectory, "--identity", identity, "--executable", launcher })
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the agent");
        var agent = new AgentProcess(process, launcher);
        process.OutputDataReceived += (_, e) => agent.Append(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
