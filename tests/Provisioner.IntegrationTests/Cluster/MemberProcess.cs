using System.Diagnostics;
using System.Text;
using Provisioner.Actors.Cluster;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Testing;

namespace Provisioner.IntegrationTests.Cluster;

/// <summary>
/// A real <c>provisioner member</c> process (the built executable), so a test can SIGKILL it like a crashed
/// machine. Stopped by pid when disposed.
/// </summary>
public sealed class MemberProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MemberProcess(Process process, int port, bool secure, int consolePort, int webPort)
    {
        _process = process;
        Port = port;
        Secure = secure;
        Console = new ConsoleAddress("127.0.0.1", consolePort);
        WebUrl = $"http://127.0.0.1:{webPort}/";
    }

    public int Port { get; }

    /// <summary>Whether its configuration turns on cluster TLS, which changes its address's scheme.</summary>
    public bool Secure { get; }

    public string Address => ClusterOptions.AddressOf("127.0.0.1", Port, Secure);

    /// <summary>Where its live console listens.</summary>
    public ConsoleAddress Console { get; }

    /// <summary>Where its web view is served.</summary>
    public string WebUrl { get; }
    public bool HasExited => _process.HasExited;

    public int Pid => _process.Id;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts a member and waits until it reports that it has joined.</summary>
    /// <param name="secure">The configuration turns on cluster TLS (its default seed is then a TLS address).</param>
    public static Task<MemberProcess> StartAsync(string configFile, string database, string connection, IReadOnlyList<string> seeds, int? port = null, bool secure = false) =>
        StartAsync(["--config", configFile], database, connection, seeds, port, secure);

    /// <summary>Starts a member whose settings come from <paramref name="settingsArguments"/> (e.g. --choria-config FILE) and waits until it reports that it has joined.</summary>
    public static async Task<MemberProcess> StartAsync(IReadOnlyList<string> settingsArguments, string database, string connection, IReadOnlyList<string> seeds, int? port = null, bool secure = false)
    {
        var member = Launch(settingsArguments, database, connection, seeds, port, secure);
        var exited = member._process.WaitForExitAsync();
        var first = await Task.WhenAny(member._up.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
        if (first != member._up.Task)
        {
            member.Kill();
            throw new InvalidOperationException($"member on port {member.Port} did not come up:\n{member.Output}");
        }
        return member;
    }

    /// <summary>Starts a member without waiting for it to join, for one that is expected never to.</summary>
    public static MemberProcess Launch(string configFile, string database, string connection, IReadOnlyList<string> seeds, int? port = null, bool secure = false) =>
        Launch(["--config", configFile], database, connection, seeds, port, secure);

    private static MemberProcess Launch(IReadOnlyList<string> settingsArguments, string database, string connection, IReadOnlyList<string> seeds, int? port, bool secure)
    {
        var free = FreePort.Distinct(3, besides: port);
        var (chosen, consolePort, webPort) = (port ?? free[0], free[1], free[2]);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments = [Path.Combine(AppContext.BaseDirectory, "provisioner.dll"), "member", .. settingsArguments, "--port", chosen.ToString(), "--db", database, "--db-connection", connection, "--console", $"127.0.0.1:{consolePort}", "--web", $"127.0.0.1:{webPort}"];
        foreach (var arg in arguments)
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment["PROVISIONER_SEEDS"] = string.Join(",", seeds.Count > 0 ? seeds : [ClusterOptions.AddressOf("127.0.0.1", chosen, secure)]);
        psi.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start provisioner member");
        var member = new MemberProcess(process, chosen, secure, consolePort, webPort);
        process.OutputDataReceived += (_, e) => member.Append(e.Data);
        process.ErrorDataReceived += (_, e) => member.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => member.Kill();
        return member;
    }

    /// <summary>Whether it has reported that it joined.</summary>
    public bool IsUp => _up.Task.IsCompleted;

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.Contains(" is up", StringComparison.Ordinal)) _up.TrySetResult();
    }

    /// <summary>SIGKILL: the member vanishes without leaving, as when its machine dies.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>SIGTERM, then waits for the graceful leave; SIGKILL if it takes too long.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await term.WaitForExitAsync();
        }
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
