using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Provisioner.Testing;

/// <summary>
/// A private PostgreSQL 15 (Debian's package) for tests: a fresh cluster in a temporary directory,
/// listening only on 127.0.0.1 on a free port, with the role and database <c>provisioner</c>. The server
/// refuses to run as root, so under root it runs as user <c>postgres</c> (runuser). Trust authentication:
/// local tests only. Stopped by pid (fast shutdown) on dispose, and on process exit as a last resort.
/// </summary>
public sealed partial class PostgresServerProcess : IAsyncDisposable
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";
    public const string Database = "provisioner";
    public const string Role = "provisioner";

    private const int SigInt = 2;
    private const int SigKill = 9;
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private int _postmasterPid;

    public int Port { get; }
    public string WorkDir { get; }

    /// <summary>The postmaster's pid (the runuser wrapper's child under root).</summary>
    public int Pid => _postmasterPid;

    /// <summary>Connects as <c>provisioner</c> to the <c>provisioner</c> database.</summary>
    public string ConnectionString => ConnectionStringFor(Database);

    private string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Database=postgres;Username=postgres;Pooling=false";

    private PostgresServerProcess(Process process, int port, string workDir)
    {
        _process = process;
        Port = port;
        WorkDir = workDir;
    }

    /// <summary>A connection string as <c>provisioner</c> to <paramref name="database"/> on this server.</summary>
    public string ConnectionStringFor(string database) => $"Host=127.0.0.1;Port={Port};Database={database};Username={Role}";

    /// <summary>Checks that the binaries are installed, with a clear error naming how to install them.</summary>
    public static void EnsureInstalled()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")) || !File.Exists(Path.Combine(BinDirectory, "postgres")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed (no {BinDirectory}/initdb): run ./scripts/test.sh or ./scripts/install-deps.sh postgres (apt-get install -y postgresql).");
        }
        if (RunsAsRoot && !File.Exists("/usr/sbin/runuser") && !File.Exists("/usr/bin/runuser"))
        {
            throw new InvalidOperationException("runuser is missing: as root, PostgreSQL must be started as user postgres through runuser (util-linux).");
        }
    }

    /// <summary>Initialises a cluster in a temporary directory, starts it and creates the role and database.</summary>
    public static async Task<PostgresServerProcess> StartAsync(TimeSpan? timeout = null)
    {
        EnsureInstalled();
        var workDir = Directory.CreateTempSubdirectory("postgres-test-").FullName;
        try
        {
            if (RunsAsRoot)
            {
                await RunAsync("chown", ["postgres:postgres", workDir]);
            }
            var data = Path.Combine(workDir, "data");
            // -N skips fsync: a test cluster never outlives a crash.
            await RunAsOwnerAsync(Path.Combine(BinDirectory, "initdb"), ["-D", data, "-U", "postgres", "-E", "UTF8", "--no-locale", "--auth=trust", "-N"]);
            // Readable by the server whoever writes it: the directory is private to the server's user.
            await File.WriteAllTextAsync(Path.Combine(workDir, "pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");

            var port = FreePort.Next();
            var psi = OwnerStartInfo(Path.Combine(BinDirectory, "postgres"),
            [
                "-D", data,
                "-c", "listen_addresses=127.0.0.1",
                "-c", $"port={port}",
                "-c", $"unix_socket_directories={workDir}",
                "-c", $"hba_file={Path.Combine(workDir, "pg_hba.conf")}",
                // Durability buys nothing in a throwaway cluster and costs the 2-core CI box.
                "-c", "fsync=off",
                "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off",
            ]);
            var process = Process.Start(psi) ?? throw new InvalidOperationException("postgres did not start");
            var server = new PostgresServerProcess(process, port, workDir);
            process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            process.OutputDataReceived += (_, e) => server.Append(e.Data);
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(TimeSpan.FromSeconds(5));
            try
            {
                await server.WaitUntilReadyAsync(timeout ?? TimeSpan.FromSeconds(60));
                await server.ExecuteAsync($"CREATE ROLE {Role} LOGIN");
                await server.ExecuteAsync($"CREATE DATABASE {Database} OWNER {Role}");
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
            return server;
        }
        catch
        {
            TryDelete(workDir);
            throw;
        }
    }

    /// <summary>Creates another empty database owned by <c>provisioner</c> and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"database name '{name}' must be lower-case letters, digits and underscores, starting with a letter", nameof(name));
        }
        await ExecuteAsync($"CREATE DATABASE {name} OWNER {Role}");
        return ConnectionStringFor(name);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();

    /// <summary>What the server printed so far (for failure messages).</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"postgres exited with code {_process.ExitCode}:\n{Log}");
            }
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync();
                _postmasterPid = ReadPostmasterPid();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException)
            {
                last = e;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"postgres did not accept connections on port {Port} within {timeout} (last error: {last?.Message}):\n{Log}");
    }

    // Under root the child is runuser; signals must reach the postmaster itself, whose pid it records.
    private int ReadPostmasterPid()
    {
        var pidFile = Path.Combine(WorkDir, "data", "postmaster.pid");
        var first = File.ReadLines(pidFile).FirstOrDefault();
        return int.TryParse(first, out var pid) ? pid : throw new InvalidOperationException($"{pidFile} holds no pid");
    }

    private void Stop(TimeSpan wait)
    {
        try
        {
            if (_process.HasExited) return;
            // SIGINT is PostgreSQL's fast shutdown: sessions are cut, the cluster is left consistent.
            var target = _postmasterPid > 0 ? _postmasterPid : _process.Id;
            _ = Kill(target, SigInt);
            if (!_process.WaitForExit(wait))
            {
                _ = Kill(target, SigKill);
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
        Stop(TimeSpan.FromSeconds(30));
        _process.Dispose();
        NpgsqlConnection.ClearAllPools();
        TryDelete(WorkDir);
        return ValueTask.CompletedTask;
    }

    private static bool RunsAsRoot => Environment.IsPrivilegedProcess;

    private static ProcessStartInfo OwnerStartInfo(string file, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(RunsAsRoot ? "runuser" : file)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (RunsAsRoot)
        {
            foreach (var a in (string[])["-u", "postgres", "--", file]) psi.ArgumentList.Add(a);
        }
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        return psi;
    }

    private static Task RunAsOwnerAsync(string file, IEnumerable<string> arguments) => RunAsync(OwnerStartInfo(file, arguments));

    private static Task RunAsync(string file, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        return RunAsync(psi);
    }

    private static async Task RunAsync(ProcessStartInfo psi)
    {
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{psi.FileName} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{psi.FileName} {string.Join(' ', psi.ArgumentList)} exited with code {process.ExitCode}:\n{await stdout}{await stderr}");
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
