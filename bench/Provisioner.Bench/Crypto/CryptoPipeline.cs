using System.Diagnostics;

namespace Provisioner.Bench.Crypto;

/// <summary>
/// The crypto-only onboarding pipeline with no I/O: on every thread, node after node, the fleet's key and CSR
/// generation and Ed25519 signing plus the provisioner's token verify, nonce verify, CSR inspection, CSR signing
/// and server JWT signing. Its nodes per minute is the ceiling the whole cluster is compared with.
/// </summary>
public static class CryptoPipeline
{
    /// <summary>
    /// Makes fresh keys, warms every worker up with one node, then runs all workers in parallel for
    /// <see cref="CryptoPipelineOptions.Duration"/>. A failed proof throws: the pipeline must never count a node
    /// whose crypto did not check out.
    /// </summary>
    public static CryptoPipelineResult Run(CryptoPipelineOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "threads must be at least 1");
        }
        if (options.Duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Duration, "duration must be positive");
        }
        var material = ProvisionerMaterial.Create();
        var workers = Enumerable.Range(0, options.Threads).Select(i => new CryptoWorker(material, i, options.NatsCredentials)).ToArray();
        try
        {
            foreach (var worker in workers)
            {
                worker.OnboardOne();
                worker.ResetCounters();
            }
            var started = Stopwatch.GetTimestamp();
            var deadline = started + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
            // Dedicated threads, not the pool: the pool's injection delay would skew a short run.
            var threads = new Thread[workers.Length];
            var failures = new List<Exception>();
            for (var i = 0; i < threads.Length; i++)
            {
                var worker = workers[i];
                threads[i] = new Thread(() =>
                {
                    try
                    {
                        worker.RunUntil(deadline, cancellation);
                    }
                    catch (Exception e)
                    {
                        lock (failures)
                        {
                            failures.Add(e);
                        }
                    }
                }) { IsBackground = true, Name = $"crypto-pipeline-{i}" };
            }
            foreach (var thread in threads)
            {
                thread.Start();
            }
            foreach (var thread in threads)
            {
                thread.Join();
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (failures.Count > 0)
            {
                throw new AggregateException("the crypto pipeline failed", failures);
            }
            return new CryptoPipelineResult(workers.Sum(w => w.Nodes), elapsed, options.Threads, Summarize(workers, options.NatsCredentials));
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    private static List<CryptoStepResult> Summarize(CryptoWorker[] workers, bool natsCredentials)
    {
        var steps = new List<CryptoStepResult>();
        foreach (var step in CryptoSteps.All)
        {
            if (step == CryptoStep.NatsCredentials && !natsCredentials)
            {
                continue;
            }
            var count = workers.Sum(w => w.CountOf(step));
            var ticks = workers.Sum(w => w.TicksIn(step));
            var mean = count == 0 ? 0 : ticks * 1_000_000.0 / Stopwatch.Frequency / count;
            steps.Add(new CryptoStepResult(step, count, mean));
        }
        return steps;
    }
}
