using Prometheus;

namespace Provisioner.Aaa;

/// <summary>
/// The AAA service's Prometheus metrics, named as aaasvc names them (<c>choria_aaa_*</c>); the member labels every
/// metric with its site.
/// </summary>
public static class AaaMetrics
{
    public static readonly Counter AuditorErrors = Metrics.CreateCounter("choria_aaa_auditor_errors", "Audit records a best-effort auditor could not write");
    public static readonly Counter AuthenticatorErrors = Metrics.CreateCounter("choria_aaa_authenticator_errors", "Failed logins");
    public static readonly Histogram AuthenticatorTime = Metrics.CreateHistogram("choria_aaa_authenticator_time", "Seconds taken by a login");
    public static readonly Counter AuthorizerAllowed = Metrics.CreateCounter("choria_aaa_authorizer_allowed", "Requests the authorizer allowed", "action");
    public static readonly Counter AuthorizerDenied = Metrics.CreateCounter("choria_aaa_authorizer_denied", "Requests the authorizer denied", "action");
    public static readonly Counter AuthorizerErrors = Metrics.CreateCounter("choria_aaa_authorizer_errors", "Requests the authorizer could not judge");
    public static readonly Counter SignerErrors = Metrics.CreateCounter("choria_aaa_signer_errors", "Signing requests that failed for a reason other than a decision");
    public static readonly Counter SignerAllowed = Metrics.CreateCounter("choria_aaa_signer_allowed", "Requests signed");
    public static readonly Counter SignerDenied = Metrics.CreateCounter("choria_aaa_signer_denied", "Requests refused");
    public static readonly Counter SignerInvalidToken = Metrics.CreateCounter("choria_aaa_signer_invalid_token", "Signing requests with an invalid token");
}
