namespace Provisioner.Actors.Admission;

/// <summary>
/// Admits a node that proves it holds a valid provisioning token (<see cref="ProvisioningTokenCheck"/>). The check is
/// one small RPC: a real node answers in milliseconds, a name with no machine behind it costs one timeout. The node's
/// answer goes with the start, and the entity's <c>jwt</c> step verifies it again on the member that runs the attempt.
/// </summary>
public sealed class TokenAdmission(ProvisioningTokenCheck check) : INodeAdmission
{
    public async Task<AdmissionResult> AdmitAsync(string identity, TimeSpan timeout, CancellationToken cancellation) =>
        await check.CheckAsync(identity, timeout, cancellation) switch
        {
            TokenCheckResult.Verified verified => new AdmissionResult.Admitted(verified.Answer),
            TokenCheckResult.Refused refused => new AdmissionResult.Refused(refused.Reason),
            TokenCheckResult.Unanswered unanswered => new AdmissionResult.Unanswered(unanswered.Reason),
            _ => throw new InvalidOperationException("unknown token check result"),
        };
}
