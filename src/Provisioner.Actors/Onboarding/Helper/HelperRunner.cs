using Provisioner.Actors.Telemetry;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Provisioner.Actors.Onboarding.Helper;

/// <summary>
/// Runs the external helper of spec §4: the command line is split shell-style and started directly (no shell),
/// the facts go to stdin which is then closed, and stdout must be non-empty JSON with exit code 0. A hard
/// timeout kills the helper with all its children. One instance per member: its slots cap how many helpers
/// the member runs at once, so N workers never run more than N helpers (spec §10 scenario 19).
/// Helper failures come back as a <see cref="HelperResult"/>, never as exceptions.
/// </summary>
public sealed class HelperRunner
{
    /// <summary>The hard timeout Choria applies to a helper run.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    // Far above anything the node accepts in configure, yet bounded, so a runaway helper cannot fill memory.
    private const int MaxOutputBytes = 4 * 1024 * 1024;
    private const int StderrTailLines = 10;
    private const int StderrLineChars = 300;

    private readonly string _program;
    private readonly IReadOnlyList<string> _arguments;
    private readonly SemaphoreSlim _slots;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when <paramref name="command"/> is empty or cannot be split,
    /// so a misconfigured member fails at start rather than on every node.
    /// </summary>
    public HelperRunner(string command, TimeSpan? timeout = null, int? maxConcurrentRuns = null)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            throw new ArgumentException("helper: no helper command is configured", nameof(command));
        }
        IReadOnlyList<string> words;
        try
        {
            words = ShellWords.Split(command);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"helper: cannot split the command line: {ex.Message}", nameof(command), ex);
        }
        if (words.Count == 0 || words[0].Length == 0)
        {
            throw new ArgumentException("helper: the command line names no program", nameof(command));
        }
        Timeout = timeout ?? DefaultTimeout;
        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), Timeout, "helper: the timeout must be positive");
        }
        MaxConcurrentRuns = maxConcurrentRuns ?? Environment.ProcessorCount;
        if (MaxConcurrentRuns < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxConcurrentRuns), MaxConcurrentRuns, "helper: at least one concurrent run is needed");
        }
        _program = words[0];
        _arguments = words.Skip(1).ToArray();
        _slots = new SemaphoreSlim(MaxConcurrentRuns, MaxConcurrentRuns);
    }

    /// <summary>The program the command line starts; errors name it (the arguments may hold secrets).</summary>
    public string Program => _program;

    public TimeSpan Timeout { get; }

    public int MaxConcurrentRuns { get; }

    /// <summary>
    /// Waits for a free slot, runs the helper once and records <c>helper_time</c>, <c>helper_errors</c> and
    /// <c>helper_shutdown_requests</c>. Throws only <see cref="OperationCanceledException"/>, when
    /// <paramref name="cancellation"/> fires (the helper is then killed).
    /// </summary>
    public async Task<HelperResult> RunAsync(HelperInput input, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        // A child of the step that asked; its input (which holds the agent token) never becomes an attribute.
        using var span = Telemetry.OnboardingTracing.Source.StartActivity(Telemetry.OnboardingTracing.HelperRunSpan);
        span?.SetTag(Telemetry.OnboardingTracing.Identity, input.Identity);
        var stdin = input.ToJsonBytes();
        await _slots.WaitAsync(cancellation).ConfigureAwait(false);
        HelperResult result;
        try
        {
            result = await RunOnceAsync(stdin, cancellation).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
        ProvisionerMetrics.HelperTime.Observe(result.Elapsed.TotalSeconds);
        // A shutdown request counts once the node accepted it (ProvisionerMetrics.AttemptEnded), as in Choria.
        if (!result.Succeeded)
        {
            ProvisionerMetrics.HelperErrors.Inc();
        }
        span?.SetTag(Telemetry.OnboardingTracing.Outcome, result.Succeeded ? "ok" : "failed");
        return result;
    }

    private async Task<HelperResult> RunOnceAsync(byte[] stdin, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = StartInfo() };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            return HelperResult.Failed(HelperFailure.NotStarted, $"cannot start helper {_program}: {ex.Message}", clock.Elapsed, []);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(Timeout);
        var stderr = new StderrTail();
        var writing = WriteInputAsync(process, stdin, deadline.Token);
        var reading = ReadOutputAsync(process, deadline.Token);
        var draining = stderr.ReadAsync(process.StandardError, deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            // A child that inherited stdout can keep it open after the helper exits; the deadline still holds.
            await Task.WhenAll(writing, reading, draining).WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            cancellation.ThrowIfCancellationRequested();
            return HelperResult.Failed(HelperFailure.TimedOut,
                $"helper {_program} did not finish within {Timeout.TotalSeconds:0.###}s and was killed", clock.Elapsed, stderr.Lines());
        }
        catch (IOException ex)
        {
            KillTree(process);
            return HelperResult.Failed(HelperFailure.UndecodableOutput,
                $"cannot decode output from {_program}: {ex.Message}", clock.Elapsed, stderr.Lines());
        }

        var elapsed = clock.Elapsed;
        var (stdout, overflowed) = await reading.ConfigureAwait(false);
        var tail = stderr.Lines();
        if (process.ExitCode != 0)
        {
            return HelperResult.Failed(HelperFailure.NonZeroExit,
                $"helper {_program} exited with non 0 exitcode {process.ExitCode}", elapsed, tail);
        }
        if (overflowed)
        {
            return HelperResult.Failed(HelperFailure.UndecodableOutput,
                $"cannot decode output from {_program}: more than {MaxOutputBytes} bytes", elapsed, tail);
        }
        if (stdout.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return HelperResult.Failed(HelperFailure.EmptyOutput, $"zero bytes received from helper {_program}", elapsed, tail);
        }
        try
        {
            return HelperResult.Success(HelperOutput.Parse(stdout), elapsed, tail);
        }
        catch (FormatException ex)
        {
            return HelperResult.Failed(HelperFailure.UndecodableOutput, $"cannot decode output from {_program}: {ex.Message}", elapsed, tail);
        }
    }

    private ProcessStartInfo StartInfo()
    {
        var info = new ProcessStartInfo(_program)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Without this a UTF-8 writer may put a byte-order mark before the JSON.
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in _arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return info;
    }

    private static async Task WriteInputAsync(Process process, byte[] stdin, CancellationToken cancellation)
    {
        var stream = process.StandardInput.BaseStream;
        try
        {
            await stream.WriteAsync(stdin, cancellation).ConfigureAwait(false);
            await stream.FlushAsync(cancellation).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The helper exited or closed stdin without reading it all; its exit code and output decide.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Same broken pipe as above, seen again while flushing on close.
            }
        }
    }

    private static async Task<(byte[] Output, bool Overflowed)> ReadOutputAsync(Process process, CancellationToken cancellation)
    {
        var stream = process.StandardOutput.BaseStream;
        using var output = new MemoryStream();
        var buffer = new byte[16 * 1024];
        var overflowed = false;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
        {
            // Past the limit the rest is read and dropped, so the helper is not blocked on a full pipe.
            if (output.Length + read > MaxOutputBytes)
            {
                overflowed = true;
                continue;
            }
            output.Write(buffer, 0, read);
        }
        return (output.ToArray(), overflowed);
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // It exited on its own between the deadline and the kill.
        }
    }

    /// <summary>The last lines of stderr, kept for diagnostics only.</summary>
    private sealed class StderrTail
    {
        private readonly Queue<string> _lines = new();

        public async Task ReadAsync(StreamReader reader, CancellationToken cancellation)
        {
            while (await reader.ReadLineAsync(cancellation).ConfigureAwait(false) is { } line)
            {
                lock (_lines)
                {
                    _lines.Enqueue(line.Length > StderrLineChars ? line[..StderrLineChars] + "…" : line);
                    if (_lines.Count > StderrTailLines)
                    {
                        _lines.Dequeue();
                    }
                }
            }
        }

        public IReadOnlyList<string> Lines()
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }
}
