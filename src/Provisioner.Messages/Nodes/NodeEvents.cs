using System.Text.Json.Serialization;

namespace Provisioner.Messages.Nodes;

/// <summary>
/// The facts of a node's onboarding. A successful attempt journals at most three of them:
/// <see cref="AttemptAccepted"/>, <see cref="CredentialsIssued"/> and its outcome (<see cref="Provisioned"/>,
/// <see cref="ShutDown"/>, <see cref="AttemptFailed"/> or <see cref="AttemptDeferred"/>). The step facts between
/// (<see cref="TokenChecked"/> … <see cref="Configured"/>, <see cref="StepRetried"/>) live in the entity's memory:
/// everything before signing is cheap to redo after a crash. Journals written before kept every step fact, and
/// still recover. Only public material is persisted: tokens, passwords and private keys never are (a helper's
/// private key is stored only in its ECDH-encrypted form).
/// </summary>
public static class NodeEvents
{
    /// <summary>
    /// The attempt is accepted: the node's provisioning token verified at <paramref name="At"/> (without the jwt
    /// feature: the attempt started). <paramref name="StartedAt"/> and <paramref name="Trigger"/> say when and why
    /// it started; <paramref name="EcdhPublic"/> is the node's fresh X25519 key, empty when it sent none.
    /// </summary>
    public sealed record AttemptAccepted(string Identity, int Attempt, DateTimeOffset At, DateTimeOffset StartedAt, AttemptTrigger Trigger, string EcdhPublic) : INodeEvent
    {
        /// <summary>The trace the attempt's spans join on whichever member runs them; absent with tracing off and in older journals.</summary>
        [JsonPropertyName("trace")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public TraceContext? Trace { get; init; }

        /// <summary>The credentials this attempt renews when the node was provisioned before it came back; absent for a first onboarding.</summary>
        [JsonPropertyName("renews")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public RenewalNote? Renews { get; init; }
    }

    /// <summary>
    /// Everything the attempt issued, journaled before <c>configure</c> is sent: the signed certificate and the
    /// configuration (<paramref name="Certificate"/>), and the server JWT with the node's NATS credentials
    /// (<paramref name="ServerJwt"/>, null without the ed25519 feature). An entity recovering it configures the
    /// node without signing again.
    /// </summary>
    public sealed record CredentialsIssued(string Identity, int Attempt, DateTimeOffset At, Signed Certificate, JwtIssued? ServerJwt) : INodeEvent;

    /// <summary>A new attempt began, started by <paramref name="Trigger"/> (event, discovery, operator).</summary>
    public sealed record AttemptStarted(string Identity, int Attempt, DateTimeOffset At, AttemptTrigger Trigger) : INodeEvent
    {
        /// <summary>The trace the attempt joins (that of the attempt it redoes after a crash, or one its member opened); null with tracing off.</summary>
        [JsonPropertyName("trace")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public TraceContext? Trace { get; init; }
    }

    /// <summary>The node's provisioning token verified; <paramref name="EcdhPublic"/> is its fresh X25519 key, empty when it sent none.</summary>
    public sealed record TokenChecked(string Identity, int Attempt, DateTimeOffset At, string EcdhPublic) : INodeEvent;

    /// <summary>The node signed our nonce with the Ed25519 key <paramref name="PublicKey"/> (the signature is kept for the helper).</summary>
    public sealed record KeyProven(string Identity, int Attempt, DateTimeOffset At, string PublicKey, string Nonce, string Directory, string Signature) : INodeEvent;

    /// <summary>The node's inventory (JSON text) and the agent version it reported.</summary>
    public sealed record Inventoried(string Identity, int Attempt, DateTimeOffset At, string InventoryJson, string Version) : INodeEvent;

    /// <summary>The node's CSR passed the common-name and deny-list checks.</summary>
    public sealed record CsrAccepted(string Identity, int Attempt, DateTimeOffset At, string CsrPem, string PublicKeyPem, string SslDir) : INodeEvent;

    /// <summary>
    /// The certificate is signed and the configuration is ready to send. <paramref name="EncryptedKey"/> is
    /// set only when a helper produced the private key, already wrapped for the node's ECDH key.
    /// <paramref name="ServerClaimsJson"/> holds the helper's <c>server_claims</c> for the server JWT, if any.
    /// </summary>
    public sealed record Signed(
        string Identity,
        int Attempt,
        DateTimeOffset At,
        string CertificateSerial,
        string CertificatePem,
        string CaPem,
        string SslDir,
        IReadOnlyDictionary<string, string> Configuration,
        IReadOnlyDictionary<string, string> ActionPolicies,
        IReadOnlyDictionary<string, string> OpaPolicies,
        string? EncryptedKey,
        string? ProvisionerEcdhPublic,
        string? HelperMessage,
        string? ServerClaimsJson) : INodeEvent
    {
        /// <summary>The helper's <c>upgrade</c>: the version the node must run before it is configured (feature <c>upgrades</c>).</summary>
        [JsonPropertyName("UpgradeTo")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? UpgradeTo { get; init; }
    }

    /// <summary>The server JWT for the proven key was issued; one <paramref name="Jti"/> per successful attempt.</summary>
    public sealed record JwtIssued(string Identity, int Attempt, DateTimeOffset At, string Jti, string ServerJwt, DateTimeOffset ExpiresAt, string? NatsCredentials) : INodeEvent;

    /// <summary>The node wrote its configuration (its reply message, e.g. "Wrote 5 lines to ...").</summary>
    public sealed record Configured(string Identity, int Attempt, DateTimeOffset At, string Message) : INodeEvent;

    /// <summary>
    /// The node is provisioned, by the member at <paramref name="Member"/>. <paramref name="RestartConfirmed"/> is
    /// false when the node, already configured, stopped answering in provisioning mode before it confirmed the
    /// restart (it had restarted, e.g. while a member crashed mid-step): its configuration makes it boot provisioned.
    /// </summary>
    public sealed record Provisioned(string Identity, int Attempt, DateTimeOffset At, string Member, bool RestartConfirmed = true) : INodeEvent
    {
        /// <summary>What the upgrade step decided for this attempt (feature <c>upgrades</c> with a helper <c>upgrade</c>); absent otherwise.</summary>
        [JsonPropertyName("Upgrade")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public UpgradeNote? Upgrade { get; init; }
    }

    /// <summary>
    /// The upgrade step ran and the attempt goes on to configure: the node already runs the version, or the upgrade
    /// failed and <c>upgrades_optional</c> let the attempt continue. Lives in memory; its note is journaled with the outcome.
    /// </summary>
    public sealed record UpgradeChecked(string Identity, int Attempt, DateTimeOffset At, UpgradeNote Note) : INodeEvent;

    /// <summary>
    /// The node installed <paramref name="ToVersion"/> (<c>release_update</c> succeeded) and restarts into it; the attempt
    /// ends here, and the node's next announcement starts the attempt that configures it.
    /// </summary>
    public sealed record Upgraded(string Identity, int Attempt, DateTimeOffset At, string FromVersion, string ToVersion, string Message) : INodeEvent;

    /// <summary>The helper asked for this node to be stopped for good; the shutdown call comes next.</summary>
    public sealed record ShutdownRequested(string Identity, int Attempt, DateTimeOffset At, string Reason) : INodeEvent;

    /// <summary>The node accepted the shutdown.</summary>
    public sealed record ShutDown(string Identity, int Attempt, DateTimeOffset At) : INodeEvent;

    /// <summary>A step failed and will be tried again (try number <paramref name="Try"/> failed).</summary>
    public sealed record StepRetried(string Identity, int Attempt, DateTimeOffset At, ProvisioningStep Step, int Try, string Error) : INodeEvent;

    /// <summary>
    /// The attempt ended in failure at <paramref name="Step"/>; the next announcement starts afresh.
    /// <paramref name="Retries"/> are the failed tries before it (null in journals that kept them as <see cref="StepRetried"/>).
    /// </summary>
    public sealed record AttemptFailed(
        string Identity,
        int Attempt,
        DateTimeOffset At,
        ProvisioningStep Step,
        string Reason,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<StepRetry>? Retries = null) : INodeEvent;

    /// <summary>The helper deferred the node; it is tried again on its next announcement. <paramref name="Retries"/> as for <see cref="AttemptFailed"/>.</summary>
    public sealed record AttemptDeferred(
        string Identity,
        int Attempt,
        DateTimeOffset At,
        string Reason,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<StepRetry>? Retries = null) : INodeEvent;
}
