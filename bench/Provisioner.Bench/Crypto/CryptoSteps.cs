namespace Provisioner.Bench.Crypto;

/// <summary>The names and sides of the <see cref="CryptoStep"/>s as reports print them.</summary>
public static class CryptoSteps
{
    /// <summary>The snake-case name used in printed lines and JSON, e.g. <c>fleet_csr</c>.</summary>
    public static string Name(CryptoStep step) => step switch
    {
        CryptoStep.FleetX25519 => "fleet_x25519",
        CryptoStep.TokenVerify => "token_verify",
        CryptoStep.FleetEd25519 => "fleet_ed25519",
        CryptoStep.NonceVerify => "nonce_verify",
        CryptoStep.FleetCsr => "fleet_csr",
        CryptoStep.CsrInspect => "csr_inspect",
        CryptoStep.CsrSign => "csr_sign",
        CryptoStep.ServerJwt => "server_jwt",
        CryptoStep.NatsCredentials => "nats_credentials",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "unknown crypto step"),
    };

    /// <summary><c>fleet</c> or <c>provisioner</c>: who pays for the step.</summary>
    public static string Side(CryptoStep step) =>
        step is CryptoStep.FleetX25519 or CryptoStep.FleetEd25519 or CryptoStep.FleetCsr ? "fleet" : "provisioner";

    /// <summary>Every step, in protocol order.</summary>
    public static IReadOnlyList<CryptoStep> All { get; } = Enum.GetValues<CryptoStep>();
}
