using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Nodes;

/// <summary>Tries per step and the backoff between them, as Choria's provisioner does (spec §2 "Retries").</summary>
public static class RetryPolicy
{
    private static readonly double[] BackoffSeconds = [0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 5];

    /// <summary>How many times a step is tried before the attempt fails.</summary>
    public static int MaxTries(ProvisioningStep step) => step switch
    {
        ProvisioningStep.Jwt => 3,
        ProvisioningStep.Gen25519 => 5,
        ProvisioningStep.Inventory => 5,
        ProvisioningStep.Gencsr => 1,
        ProvisioningStep.Configure => 5,
        ProvisioningStep.Restart => 3,
        ProvisioningStep.Shutdown => 3,
        ProvisioningStep.Upgrade => 3,
        _ => 1,
    };

    /// <summary>
    /// The pause after failed try number <paramref name="failedTry"/> (1-based), scaled by
    /// <paramref name="jitter"/> in [0.5, 1.5] so that many nodes failing together do not retry together.
    /// </summary>
    public static TimeSpan Backoff(int failedTry, double jitter)
    {
        var index = Math.Clamp(failedTry - 1, 0, BackoffSeconds.Length - 1);
        return TimeSpan.FromSeconds(BackoffSeconds[index] * Math.Clamp(jitter, 0.5, 1.5));
    }
}
