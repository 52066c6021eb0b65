using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Provisioner.Bench.Crypto;

/// <summary><c>crypto [--seconds 10] [--threads N] [--json FILE] [--nats-credentials]</c>: runs the crypto pipeline and prints its figures.</summary>
public static class CryptoCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var seconds = new Option<double>("--seconds") { Description = "How long the measured run lasts.", DefaultValueFactory = _ => 10 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the figures and the machine as JSON to this file." };
        var nats = new Option<bool>("--nats-credentials") { Description = "Also mint each machine's NATS user JWT, as a member with provisioner.fleet.broker-dir does." };
        var command = new Command("crypto", "The crypto-only pipeline, no I/O: per node the fleet's keys, CSR and nonce signature and the provisioner's checks and signatures, on all threads.")
        {
            seconds, threads, json, nats,
        };
        command.SetAction(pr =>
        {
            var duration = pr.GetValue(seconds);
            var count = pr.GetValue(threads);
            if (duration <= 0 || count < 1)
            {
                stderr.WriteLine("error: --seconds must be positive and --threads at least 1");
                return 2;
            }
#if DEBUG
            stderr.WriteLine("warning: a Debug build; run with -c Release for figures worth comparing");
#endif
            var result = CryptoPipeline.Run(new CryptoPipelineOptions
            {
                Duration = TimeSpan.FromSeconds(duration),
                Threads = count,
                NatsCredentials = pr.GetValue(nats),
            });
            Print(result, stdout);
            if (pr.GetValue(json) is { } file)
            {
                try
                {
                    file.Directory?.Create();
                    File.WriteAllText(file.FullName, JsonSerializer.Serialize(CryptoReport.From(result, MachineInfo.Current(), DateTimeOffset.UtcNow), BenchJsonContext.Default.CryptoReport));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    stderr.WriteLine($"error: cannot write {file.FullName}: {e.Message}");
                    return 2;
                }
            }
            return 0;
        });
        return command;
    }

    /// <summary>The per-step means first, then the one line scripts read.</summary>
    public static void Print(CryptoPipelineResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var c = CultureInfo.InvariantCulture;
        foreach (var step in result.Steps)
        {
            writer.WriteLine(string.Create(c, $"step={step.Name} side={step.Side} mean_us={step.MeanMicroseconds:F1} count={step.Count}"));
        }
        writer.WriteLine(string.Create(c, $"node_us={result.NodeMicroseconds:F1} nodes={result.Nodes}"));
        writer.WriteLine(string.Create(c, $"crypto_bound_per_min={result.NodesPerMinute:F0} threads={result.Threads} seconds={result.Elapsed.TotalSeconds:F1}"));
    }
}
