namespace Provisioner.Bench.Crypto;

/// <summary>How long and on how many threads the crypto pipeline runs.</summary>
public sealed record CryptoPipelineOptions
{
    /// <summary>How long the measured run lasts, after each thread's one warm-up node.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Worker threads, each onboarding one node after another; all cores by default.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Also mint each machine's NATS user JWT, as a member does when it is given a fleet broker directory
    /// (<c>provisioner.fleet.broker-dir</c>); off by default, as in the demo's configuration.
    /// </summary>
    public bool NatsCredentials { get; init; }
}
