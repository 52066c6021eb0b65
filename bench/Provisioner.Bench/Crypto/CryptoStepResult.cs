namespace Provisioner.Bench.Crypto;

/// <summary>How often one step ran in the measured run and its mean cost on one thread.</summary>
public sealed record CryptoStepResult(CryptoStep Step, long Count, double MeanMicroseconds)
{
    public string Name => CryptoSteps.Name(Step);

    public string Side => CryptoSteps.Side(Step);
}
