using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using NSec.Cryptography;
using Provisioner.Aaa.Audit;
using Provisioner.Aaa.Authorization;
using Provisioner.Aaa.Configuration;
using Provisioner.Aaa.Tokens;
using Provisioner.Messages.Wire;
using Provisioner.Security.Tokens;

namespace Provisioner.Aaa.Signing;

/// <summary>
/// The basicjwt signer: given a request's exact bytes, the client's JWT and the client's ed25519 signature over those
/// bytes, it checks the token (our key, purpose, time, the validity cap), the signature (by the key the token names),
/// the caller, and the actionlist; writes the decision to the audit trail; and only then wraps the request, its caller
/// replaced by the token's, in a secure request signed with the privileged certificate. Each refusal is a
/// <see cref="SignOutcome"/> with the reason in the spec's words.
/// </summary>
public sealed class RequestSigner : IDisposable
{
    public const string V2RequestProtocol = "io.choria.protocol.v2.request";

    private const string TooLongReason = "invalid token: invalid claims: expiry is not set or it is too far in the future";

    private readonly TokenVerificationKey _verifyKey;
    private readonly PrivilegedCredentials _credentials;
    private readonly SignerSettings _settings;
    private readonly AuditTrail _audit;
    private readonly AuditContext _context;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    public RequestSigner(TokenVerificationKey verifyKey, PrivilegedCredentials credentials, SignerSettings settings, AuditTrail audit, AuditContext context, TimeProvider clock, ILogger logger)
    {
        _verifyKey = verifyKey;
        _credentials = credentials;
        _settings = settings;
        _audit = audit;
        _context = context;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>A signer for <paramref name="settings"/>, its keys loaded.</summary>
    /// <exception cref="AaaConfigException">A key or the privileged credentials cannot be loaded.</exception>
    public static RequestSigner Create(SignerSettings settings, AuditTrail audit, AuditContext context, TimeProvider clock, ILogger logger)
    {
        TokenVerificationKey verifyKey;
        try
        {
            verifyKey = TokenVerificationKey.Load(settings.SigningCertificate);
        }
        catch (TokenException e)
        {
            throw new AaaConfigException([$"basicjwt_signer.signing_certificate: {e.Message}"]);
        }
        try
        {
            return new RequestSigner(verifyKey, PrivilegedCredentials.Load(settings.ChoriaConfig), settings, audit, context, clock, logger);
        }
        catch
        {
            verifyKey.Dispose();
            throw;
        }
    }

    /// <summary>Checks and, when allowed, signs <paramref name="request"/>; the decision is audited before it returns.</summary>
    /// <exception cref="Exception">A durable audit sink failed: the caller must not answer as if it had been recorded.</exception>
    public async Task<SignOutcome> SignAsync(byte[] request, string token, string signatureHex, CancellationToken cancellation = default)
    {
        var now = _clock.GetUtcNow();
        if (ReadRequest(request) is not { } parsed)
        {
            return Denied(SignOutcome.Denied($"invalid request: unsupported request version '{ProtocolOf(request)}'"));
        }
        var (document, envelope, protocol) = parsed;
        var requestText = Encoding.UTF8.GetString(request);
        var clientCaller = envelope["callerid"]?.GetValue<string>() ?? "";
        var ids = new[] { requestText, signatureHex, token };

        ClientIdClaims claims;
        try
        {
            claims = ClientTokens.Verify(token.Trim(), _verifyKey, now);
        }
        catch (TokenException e)
        {
            AaaMetrics.SignerInvalidToken.Inc();
            return await DenyAsync($"invalid token: {e.Message}", clientCaller, clientCaller, "", requestText, ids, now, cancellation);
        }
        var user = claims.CallerId ?? "";
        if (claims.IsChained)
        {
            return await DenyAsync("invalid token: chained (organisation-issuer) tokens are not supported by this signer", user, clientCaller, "", requestText, ids, now, cancellation);
        }
        if (claims.Permissions?.Service != true
            && (claims.ExpiresAt is not long exp || exp - now.ToUnixTimeSeconds() > _settings.MaxValidity.TotalSeconds))
        {
            AaaMetrics.SignerInvalidToken.Inc();
            return await DenyAsync(TooLongReason, user, clientCaller, "", requestText, ids, now, cancellation);
        }
        if (SignatureProblem(request, claims, signatureHex) is { } signatureProblem)
        {
            return await DenyAsync(signatureProblem, user, clientCaller, "", requestText, ids, now, cancellation);
        }
        if (string.IsNullOrEmpty(claims.CallerId))
        {
            return await DenyAsync("could not set caller id: no caller received in claims", user, clientCaller, "", requestText, ids, now, cancellation);
        }
        if (protocol == V2RequestProtocol)
        {
            return await DenyAsync($"secure request failed: this signer holds x509 credentials only and cannot wrap a {V2RequestProtocol}", user, clientCaller, "", requestText, ids, now, cancellation);
        }
        var (decision, subject) = Authorize(document, envelope, claims);
        if (!decision.Allowed)
        {
            if (decision.IsError)
            {
                AaaMetrics.AuthorizerErrors.Inc();
            }
            else
            {
                AaaMetrics.AuthorizerDenied.WithLabels(subject).Inc();
            }
            var reason = decision.IsError ? $"authorization failed: {decision.Reason}" : $"denied by the actionlist: {decision.Reason}";
            return await DenyAsync(reason, user, clientCaller, subject, requestText, ids, now, cancellation);
        }
        AaaMetrics.AuthorizerAllowed.WithLabels(subject).Inc();

        envelope["callerid"] = CallerIds.Sanitised(claims.CallerId);
        var signedText = GoJson(document);
        await _audit.WriteAsync(Record(AuditDecision.Allow, decision.Reason, user, CallerIds.Sanitised(claims.CallerId), subject, signedText, ids, now), cancellation);
        var secure = new SecureRequest(Protocols.SecureRequest, signedText, _credentials.Sign(signedText), _credentials.CertificatePem);
        AaaMetrics.SignerAllowed.Inc();
        return SignOutcome.Signed(ChoriaJson.Serialize(secure));
    }

    private string? SignatureProblem(byte[] request, ClientIdClaims claims, string signatureHex)
    {
        if (string.IsNullOrEmpty(signatureHex))
        {
            return _settings.AllowBearerTokens ? null : "no signature";
        }
        if (claims.PublicKey is null || !HexKey.TryDecode(claims.PublicKey, 32, out var publicKeyBytes)
            || !PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKeyBytes, KeyBlobFormat.RawPublicKey, out var publicKey) || publicKey is null)
        {
            return "invalid signature: the token names no usable ed25519 public_key";
        }
        if (!HexKey.TryDecode(signatureHex, 64, out var signature))
        {
            return "invalid signature: not 64 bytes of hex";
        }
        return SignatureAlgorithm.Ed25519.Verify(publicKey, request, signature)
            ? null
            : "invalid signature: it does not verify with the token's public_key over the request";
    }

    /// <summary>
    /// The actionlist decision on the RPC body's agent and action. A body naming another agent than the envelope is
    /// denied (Go does not check, which would let a body claim an allowed agent while the envelope routes elsewhere).
    /// </summary>
    private static (AuthorizationDecision Decision, string Subject) Authorize(JsonObject document, JsonObject envelope, ClientIdClaims claims)
    {
        var envelopeAgent = envelope["agent"]?.GetValue<string>() ?? "";
        if (envelopeAgent == ActionListAuthorizer.AlwaysAllowedAgent)
        {
            return (AuthorizationDecision.Allow("discovery is always allowed"), "discovery.ping");
        }
        string agent, action;
        try
        {
            using var body = JsonDocument.Parse(document["message"]!.GetValue<string>());
            agent = body.RootElement.GetProperty("agent").GetString() ?? "";
            action = body.RootElement.GetProperty("action").GetString() ?? "";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (AuthorizationDecision.Error($"could not parse the request message as an RPC body: {e.Message}"), envelopeAgent);
        }
        var subject = $"{agent}.{action}";
        if (agent != envelopeAgent)
        {
            return (AuthorizationDecision.Error($"the request body names agent '{agent}' but its envelope agent '{envelopeAgent}'"), subject);
        }
        return (ActionListAuthorizer.Decide(claims.AllowedAgents, agent, action), subject);
    }

    private async Task<SignOutcome> DenyAsync(string reason, string user, string caller, string subject, string requestText, string[] ids, DateTimeOffset now, CancellationToken cancellation)
    {
        await _audit.WriteAsync(Record(AuditDecision.Deny, reason, user, caller, subject, requestText, ids, now), cancellation);
        return Denied(SignOutcome.Denied(reason));
    }

    private SignOutcome Denied(SignOutcome outcome)
    {
        AaaMetrics.SignerDenied.Inc();
        _logger.LogInformation("signing denied: {Reason}", outcome.Reason);
        return outcome;
    }

    private AuditRecord Record(AuditDecision decision, string reason, string user, string caller, string subject, string requestText, string[] ids, DateTimeOffset now) =>
        new(AuditIds.For(AuditKind.Sign, decision, ids), now, _context.Site, _context.Member, AuditKind.Sign,
            CallerIds.UserOf(user), caller, decision, subject, reason, requestText);

    /// <summary>The request as a JSON object with a v1 envelope or the v2 protocol, or null for anything else.</summary>
    private static (JsonObject Document, JsonObject Envelope, string Protocol)? ReadRequest(byte[] request)
    {
        try
        {
            if (JsonNode.Parse(request) is not JsonObject document || document["protocol"] is not JsonValue protocolValue
                || !protocolValue.TryGetValue<string>(out var protocol))
            {
                return null;
            }
            if (protocol == V2RequestProtocol)
            {
                return (document, document, protocol);
            }
            return protocol == Protocols.Request && document["envelope"] is JsonObject envelope
                && document["message"] is JsonValue message && message.TryGetValue<string>(out _)
                ? (document, envelope, protocol)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ProtocolOf(byte[] request)
    {
        try
        {
            return JsonNode.Parse(request) is JsonObject o && o["protocol"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static string GoJson(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = GoJsonEncoder.Instance }))
        {
            node.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public void Dispose()
    {
        _verifyKey.Dispose();
        _credentials.Dispose();
    }
}
