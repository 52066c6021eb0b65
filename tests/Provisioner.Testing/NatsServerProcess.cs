using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Provisioner.Testing;

/// <summary>
/// A real <c>nats-server</c> (Debian's package) with JetStream on, bound to 127.0.0.1 on a free port,
/// its store in a temporary directory. Stopped by pid on dispose, and on process exit as a last resort,
/// so no server outlives the test run.
/// </summary>
public sealed class NatsServerProcess : IAsyncDisposable
{
    private static readonly string[] Candidates = ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"];
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public int Port { get; }
    public string Url => $"nats://127.0.0.1:{Port}";
    public string WorkDir { get; }
    public int Pid => _process.Id;

    private NatsServerProcess(Process process, int port, string workDir)
    {
        _process = process;
        Port = port;
        WorkDir = workDir;
    }

    /// <summary>The path of the nats-server binary, or a clear error naming how to install it.</summary>
    public static string Binary()
    {
        var found = Candidates.FirstOrDefault(File.Exists)
            ?? Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(d => Path.Combine(d, "nats-server")).FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException(
            "nats-server is not installed: run ./scripts/test.sh (it installs it) or `apt-get install -y nats-server`.");
    }

    /// <summary>
    /// Starts a server with JetStream; <paramref name="configFile"/> replaces the default settings when given.
    /// Pass <paramref name="jetStreamFlags"/> false when the config file sets up JetStream itself
    /// (nats-server refuses a <c>store_dir</c> given both there and by <c>-sd</c>).
    /// </summary>
    public static async Task<NatsServerProcess> StartAsync(string? configFile = null, int? port = null, TimeSpan? timeout = null, bool jetStreamFlags = true)
    {
        var workDir = Directory.CreateTempSubdirectory("nats-test-").FullName;
        var chosen = port ?? FreePort.Next();
        var psi = new ProcessStartInfo(Binary())
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (configFile is not null)
        {
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(configFile);
        }
        string[] flags = jetStreamFlags
            ? ["-a", "127.0.0.1", "-p", chosen.ToString(), "-js", "-sd", Path.Combine(workDir, "js")]
            : ["-a", "127.0.0.1", "-p", chosen.ToString()];
        foreach (var a in flags)
        {
            psi.ArgumentList.Add(a);
        }
        var process = Process.Start(psi) ?? throw new InvalidOperationException("nats-server did not start");
        var server = new NatsServerProcess(process, chosen, workDir);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Kill();
        await server.WaitUntilReadyAsync(timeout ?? TimeSpan.FromSeconds(20));
        return server;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    /// <summary>What the server printed so far (for failure messages).</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nats-server exited with code {_process.ExitCode}:\n{Log}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                using var stream = client.GetStream();
                var buffer = new byte[5];
                var read = await stream.ReadAsync(buffer);
                if (read > 0 && Encoding.ASCII.GetString(buffer, 0, read).StartsWith("INFO", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }
            await Task.Delay(50);
        }
        Kill();
        throw new TimeoutException($"nats-server did not accept connections on port {Port} within {timeout}:\n{Log}");
    }

    /// <summary>Sends SIGHUP-equivalent reload through nats-server's signal flag.</summary>
    public async Task ReloadAsync()
    {
        using var reload = Process.Start(new ProcessStartInfo(Binary(), $"--signal reload={Pid}") { UseShellExecute = false, RedirectStandardError = true })!;
        await reload.WaitForExitAsync();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }
}
