using System.CommandLine;
using System.Globalization;
using NATS.Client.Core;
using Provisioner.Agent;
using Provisioner.Agent.Fleet;
using Provisioner.Agent.Renewal;
using Provisioner.Host.Logging;
using Provisioner.Host.Members;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner fleet --nodes N --token-file F [...]</c>: runs N simulated nodes against a provisioner and reports
/// how many came back provisioned. Live progress on a terminal, plain periodic lines otherwise; a summary and the
/// machine-readable line <c>fleet nodes=N provisioned=P failed=F elapsed_s=S</c> at the end. Exit 0 only if every
/// node was provisioned before the timeout, 1 otherwise, 2 for bad usage or an unreachable broker.
/// <c>--warmup-nodes</c> first runs that many other nodes in the same process, not counted anywhere, so that the
/// counted nodes meet a simulator whose code is compiled (a fresh one spent 19% of its CPU on the JIT's thread in the
/// first 22 s of a 10,000-node peak); <c>--start-file</c> holds the counted nodes back until that file exists, so a
/// benchmark can read its counters between the two.
/// </summary>
internal static class FleetCommand
{
    // How often the start file is looked for: a benchmark's counters are read just before it appears.
    private static readonly TimeSpan StartFilePoll = TimeSpan.FromMilliseconds(20);

    public static Command Create(CliWriters io)
    {
        var nodes = new Option<int>("--nodes") { Description = "How many virtual nodes to run", Required = true };
        var tokenFile = new Option<string>("--token-file") { Description = "The provisioning token every node holds", Required = true };
        var broker = new Option<string[]>("--broker") { Description = "Broker URL(s), instead of the token's (repeat or comma-separate)", AllowMultipleArgumentsPerToken = true };
        var concurrency = new Option<int>("--concurrency") { Description = "How many nodes may be on their way at once", DefaultValueFactory = _ => 100 };
        var timeout = new Option<string>("--timeout") { Description = "Give up on nodes not provisioned by then (e.g. 600, 10m)", DefaultValueFactory = _ => "10m" };
        var faults = new Option<string>("--faults") { Description = "Fault rates, e.g. slow=0.05,drop=0.01,badsig=0.01,wrongcn=0.01,reboot=0.02,dup=0.05,norestart=0.01,noecdh=0.01" };
        var csrKey = new Option<string>("--csr-key") { Description = "CSR key type: ec (ECDSA P-256, cheap) or rsa (RSA-2048, as Choria)", DefaultValueFactory = _ => "ec" };
        csrKey.AcceptOnlyFromAmong("ec", "rsa");
        var prefix = new Option<string>("--identity-prefix") { Description = "Nodes are named <prefix><number>.fleet.example.net", DefaultValueFactory = _ => "node" };
        var connections = new Option<int>("--connections") { Description = "How many NATS connections the nodes share", DefaultValueFactory = _ => 4 };
        var restartDelay = new Option<string>("--restart-delay") { Description = "Fixed delay before a node restarts (e.g. 500ms, 2s); default Choria's random(splay)+2 s" };
        var protocol = new Option<string>("--protocol")
        {
            Description = "Protocol the nodes speak: token (as the token's v2 claim says), v1, v2, or mixed (odd nodes v1, even v2)",
            DefaultValueFactory = _ => "token",
        };
        protocol.AcceptOnlyFromAmong("token", "v1", "v2", "mixed");
        var seed = new Option<int?>("--seed") { Description = "Seed for the fault draw, to repeat a run" };
        var nodeVersion = new Option<string>("--node-version") { Description = "The version nodes report until release_update moves them (default the agent's own)" };
        var renewals = new Option<int>("--renewals") { Description = "How often each node renews its credentials before it finishes (needs short validities)" };
        var renewAt = new Option<double>("--renew-at") { Description = "With --renewals: renew at this share of the credentials' lifetime", DefaultValueFactory = _ => RenewalPolicy.Default.Share };
        var renewSplay = new Option<double>("--renew-splay") { Description = "With --renewals: plus a random share of up to this much", DefaultValueFactory = _ => RenewalPolicy.Default.Splay };
        var log = new LogOptions();
        var json = new Option<string>("--json") { Description = "Also write the outcome and the nodes' timings (from first announcement, per stage) to this file" };
        var warmupNodes = new Option<int>("--warmup-nodes") { Description = "First run this many other nodes, not counted, so the counted ones meet compiled code" };
        var warmupPrefix = new Option<string>("--warmup-prefix") { Description = "The warm-up nodes' identity prefix", DefaultValueFactory = _ => "warmup" };
        var startFile = new Option<string>("--start-file") { Description = "Start the counted nodes (after any warm-up) only once this file exists" };
        var command = new Command("fleet", "Simulate a fleet of nodes in provisioning mode against a provisioner")
        {
            nodes, tokenFile, broker, concurrency, timeout, faults, csrKey, prefix, connections, restartDelay, protocol, seed, json,
            nodeVersion, renewals, renewAt, renewSplay, warmupNodes, warmupPrefix, startFile,
        };
        log.AddTo(command);
        command.SetAction(async (pr, cancellationToken) =>
        {
            var path = pr.GetValue(tokenFile)!;
            if (!File.Exists(path))
            {
                throw new UsageException($"--token-file: {path} does not exist");
            }
            FleetFaults faultRates;
            try
            {
                faultRates = FleetFaults.Parse(pr.GetValue(faults));
            }
            catch (FormatException e)
            {
                throw new UsageException($"--faults: {e.Message}");
            }
            var renewalCount = pr.GetValue(renewals);
            if (renewalCount < 0)
            {
                throw new UsageException("--renewals: must not be negative");
            }
            var renewal = new RenewalPolicy(pr.GetValue(renewAt), pr.GetValue(renewSplay));
            if (renewal.Problem() is { } renewalProblem)
            {
                throw new UsageException($"--renew-at/--renew-splay: {renewalProblem}");
            }
            var warmup = pr.GetValue(warmupNodes);
            if (warmup < 0)
            {
                throw new UsageException($"--warmup-nodes: must not be negative, got {warmup}");
            }
            var warmupIdentityPrefix = pr.GetValue(warmupPrefix)!;
            if (warmup > 0 && warmupIdentityPrefix == pr.GetValue(prefix))
            {
                throw new UsageException("--warmup-prefix: must differ from --identity-prefix, or the warm-up nodes would be counted nodes' namesakes");
            }
            var version = pr.GetValue(nodeVersion) ?? AgentVersion.Current;
            if (version.Length is 0 or > 32)
            {
                throw new UsageException("--node-version: must be 1 to 32 characters");
            }
            var options = new FleetOptions
            {
                Nodes = Positive(pr.GetValue(nodes), "--nodes"),
                Token = (await File.ReadAllTextAsync(path, cancellationToken)).Trim(),
                BrokerUrls = (pr.GetValue(broker) ?? []).SelectMany(b => b.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
                Concurrency = Positive(pr.GetValue(concurrency), "--concurrency"),
                Timeout = Duration(pr.GetValue(timeout)!, "--timeout"),
                Faults = faultRates,
                CsrKeyAlgorithm = pr.GetValue(csrKey) == "rsa" ? PkiKeyAlgorithm.Rsa2048 : PkiKeyAlgorithm.EcdsaP256,
                IdentityPrefix = pr.GetValue(prefix)!,
                Connections = Positive(pr.GetValue(connections), "--connections"),
                RestartDelay = pr.GetValue(restartDelay) is { Length: > 0 } delay ? Duration(delay, "--restart-delay") : null,
                RandomSeed = pr.GetValue(seed),
                NodeVersion = version,
                Renewal = renewalCount > 0 ? renewal : null,
                Renewals = renewalCount,
                Protocol = pr.GetValue(protocol) switch
                {
                    "v1" => FleetProtocol.V1,
                    "v2" => FleetProtocol.V2,
                    "mixed" => FleetProtocol.Mixed,
                    _ => FleetProtocol.Token,
                },
            };
            // Warnings only unless asked: the progress view owns the terminal.
            using var pipeline = LogPipeline.Open(log.Resolve(pr, ProvisionerVariables.FromProcess, Microsoft.Extensions.Logging.LogLevel.Warning), io.Error);
            var warmupOptions = warmup > 0 ? options with { Nodes = warmup, IdentityPrefix = warmupIdentityPrefix } : null;
            return await RunAsync(io, options, pipeline.Loggers, pr.GetValue(json), warmupOptions, pr.GetValue(startFile), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        CliWriters io, FleetOptions options, Microsoft.Extensions.Logging.ILoggerFactory loggers, string? jsonFile, FleetOptions? warmup, string? startFile,
        CancellationToken cancellationToken)
    {
        var simulator = new FleetSimulator(options, loggers);
        FleetResult result;
        try
        {
            if (warmup is not null)
            {
                io.Out.WriteLine($"Warm-up: {warmup.Nodes} nodes ({warmup.IdentityPrefix}...), not counted");
                var warm = await new FleetSimulator(warmup, loggers).RunAsync(cancellationToken);
                io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Warm-up done: {warm.Provisioned} of {warm.Total} provisioned in {warm.Elapsed.TotalSeconds:0.0} s"));
            }
            if (!string.IsNullOrWhiteSpace(startFile))
            {
                io.Out.WriteLine($"Waiting for {startFile} before the counted nodes start");
                while (!File.Exists(startFile))
                {
                    await Task.Delay(StartFilePoll, cancellationToken);
                }
            }
            io.Out.WriteLine($"Simulating {options.Nodes} nodes over {options.Connections} connections, concurrency {options.Concurrency}, faults {options.Faults}, protocol {options.Protocol.ToString().ToLowerInvariant()}, timeout {options.Timeout}");
            result = await FleetProgressView.ShowAsync(io, simulator, simulator.RunAsync(cancellationToken));
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        catch (NatsException e)
        {
            io.Error.WriteLine($"error: cannot reach the broker: {e.Message}");
            return ExitCodes.UsageOrIo;
        }
        var timings = FleetTimings.Of(result.Nodes);
        WriteSummary(io.Out, result, timings);
        if (!string.IsNullOrWhiteSpace(jsonFile))
        {
            await File.WriteAllBytesAsync(jsonFile, FleetReportJson.Encode(result, timings), cancellationToken);
        }
        return result.AllProvisioned ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    private static void WriteSummary(TextWriter o, FleetResult result, FleetTimings timings)
    {
        o.WriteLine();
        o.WriteLine($"Fleet summary: {result.Total} nodes, {result.Provisioned} provisioned, {result.Failed} not provisioned, in {result.Elapsed.TotalSeconds:0.0} s");
        var (v1, v2) = (result.ProtocolV1, result.ProtocolV2);
        o.WriteLine($"  protocols: v1 {v1.Nodes} nodes ({v1.Provisioned} provisioned), v2 {v2.Nodes} nodes ({v2.Provisioned} provisioned)");
        var faulty = result.Nodes.SelectMany(n => n.Faults).GroupBy(f => f).OrderBy(g => g.Key).ToList();
        if (faulty.Count > 0)
        {
            o.WriteLine($"  faults injected: {string.Join(" ", faulty.Select(g => $"{FleetFaults.NameOf(g.Key)}={g.Count()}"))}");
        }
        var upgraded = result.Nodes.Where(n => n.Upgrades > 0).ToList();
        if (upgraded.Count > 0)
        {
            o.WriteLine($"  upgraded: {upgraded.Count} nodes, now at {string.Join(", ", result.Nodes.GroupBy(n => n.Version).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ({g.Count()})"))}");
        }
        var renewed = result.Nodes.SelectMany(n => n.RenewedAtShares).Order().ToList();
        if (renewed.Count > 0)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  renewals: {renewed.Count}, at {renewed[0] * 100:0}% to {renewed[^1] * 100:0}% of the credentials' lifetime (p50 {Percentile(renewed, 0.5) * 100:0}%)"));
        }
        var times = result.Nodes.Where(n => n.TimeToProvision is not null).Select(n => n.TimeToProvision!.Value.TotalSeconds).Order().ToList();
        if (times.Count > 0)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  time to provision: p50 {Percentile(times, 0.5):0.0} s, p95 {Percentile(times, 0.95):0.0} s, max {times[^1]:0.0} s"));
        }
        if (timings.Nodes > 0)
        {
            var restart = timings.ToRestartAnswered;
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  first announcement -> restart answered: p50 {restart.P50Ms:0} ms, p95 {restart.P95Ms:0} ms, p99 {restart.P99Ms:0} ms ({timings.Nodes} nodes)"));
            o.WriteLine("  stages (first announcement, then between the final attempt's answers), p50 / p95 ms: "
                + string.Join(", ", timings.Stages.Select(st => string.Create(CultureInfo.InvariantCulture, $"{st.Name} {st.Time.P50Ms:0}/{st.Time.P95Ms:0}"))));
        }
        foreach (var node in result.Nodes.Where(n => n.State != FleetNodeState.Provisioned).Take(20))
        {
            o.WriteLine($"  not provisioned: {node.Identity} {node.State.ToString().ToLowerInvariant()} after {node.LastAction ?? "no request"} ({node.Requests} requests, {node.Announcements} announcements{(node.Faults.Count > 0 ? ", faults " + string.Join(",", node.Faults.Select(FleetFaults.NameOf)) : "")})");
        }
        if (result.Failed > 20)
        {
            o.WriteLine($"  ... and {result.Failed - 20} more");
        }
        o.WriteLine(result.SummaryLine);
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];

    private static int Positive(int value, string option) =>
        value >= 1 ? value : throw new UsageException($"{option}: must be at least 1, got {value}");

    /// <summary>Seconds as a bare number, <c>500ms</c>, or a Choria duration such as <c>90s</c>, <c>10m</c>, <c>1h</c>.</summary>
    internal static TimeSpan Duration(string text, string option)
    {
        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        if (trimmed.EndsWith("ms", StringComparison.Ordinal)
            && double.TryParse(trimmed[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }
        return HumanDuration.TryParse(trimmed, out var duration, out var error)
            ? duration
            : throw new UsageException($"{option}: {error}");
    }
}
