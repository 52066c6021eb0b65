using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Provisioner.Aaa.Audit;
using Provisioner.Aaa.Configuration;
using Provisioner.Aaa.Login;
using Provisioner.Aaa.Signing;

namespace Provisioner.Aaa;

/// <summary>
/// The AAA service one member runs: login and signing as configured, each decision audited before it is answered.
/// It keeps no state between requests, so any member can answer any request and a lost member loses nothing;
/// the HTTP API and the <c>aaa_signer</c> NATS service are two doors onto it.
/// </summary>
public sealed class AaaService : IDisposable
{
    private readonly UserlistAuthenticator? _authenticator;
    private readonly RequestSigner? _signer;
    private readonly AuditTrail _audit;
    private readonly AuditContext _context;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    private AaaService(AaaSettings settings, UserlistAuthenticator? authenticator, RequestSigner? signer, AuditTrail audit, AuditContext context, TimeProvider clock, ILogger logger)
    {
        Settings = settings;
        _authenticator = authenticator;
        _signer = signer;
        _audit = audit;
        _context = context;
        _clock = clock;
        _logger = logger;
    }

    public AaaSettings Settings { get; }

    public bool CanLogin => _authenticator is not null;

    public bool CanSign => _signer is not null;

    /// <summary>
    /// Loads the keys <paramref name="settings"/> name. <paramref name="journal"/> is the durable audit trail (every
    /// decision is committed there before it is answered); the logfile auditor, when configured, is best effort.
    /// </summary>
    /// <exception cref="AaaConfigException">A key or credential cannot be loaded.</exception>
    public static AaaService Create(AaaSettings settings, IAuditSink? journal, string member, TimeProvider clock, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger<AaaService>();
        var audit = new AuditTrail(
            journal is null ? [] : [journal],
            settings.AuditLogfile is { } logfile ? [new LogfileAuditor(logfile)] : [],
            logger);
        var context = new AuditContext(settings.Site, member);
        var authenticator = settings.Login is { } login ? UserlistAuthenticator.Create(login, clock) : null;
        try
        {
            var signer = settings.Signer is { } signing ? RequestSigner.Create(signing, audit, context, clock, loggers.CreateLogger<RequestSigner>()) : null;
            return new AaaService(settings, authenticator, signer, audit, context, clock, logger);
        }
        catch
        {
            authenticator?.Dispose();
            throw;
        }
    }

    /// <summary>Checks a login and audits the decision; the reply is what the caller sees.</summary>
    public async Task<LoginReply> LoginAsync(LoginRequest request, CancellationToken cancellation = default)
    {
        if (_authenticator is null)
        {
            return new LoginReply { Error = LoginReply.NoAuthenticator };
        }
        var started = Stopwatch.GetTimestamp();
        var outcome = _authenticator.Login(request);
        AaaMetrics.AuthenticatorTime.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        var decision = outcome.Allowed ? AuditDecision.Allow : AuditDecision.Deny;
        var username = request.Username ?? "";
        if (!outcome.Allowed)
        {
            AaaMetrics.AuthenticatorErrors.Inc();
            _logger.LogInformation("login of {User} failed: {Reason}", username, outcome.Reason);
        }
        var id = AuditIds.For(AuditKind.Login, decision, username, request.Timestamp ?? "", request.PublicKey ?? "", request.Signature ?? "");
        await _audit.WriteAsync(new AuditRecord(id, _clock.GetUtcNow(), _context.Site, _context.Member, AuditKind.Login, username,
            Tokens.CallerIds.ForUser(username), decision, "login", outcome.Reason, $"login of {username} with key {request.PublicKey}"), cancellation);
        return outcome.ToReply();
    }

    /// <summary>Signs a request, or says why not (<see cref="SignOutcome.Reason"/> is for the log, not the caller).</summary>
    /// <exception cref="InvalidOperationException">No signer is configured.</exception>
    public Task<SignOutcome> SignAsync(byte[] request, string token, string signatureHex, CancellationToken cancellation = default) =>
        (_signer ?? throw new InvalidOperationException(SignReply.NoSigner)).SignAsync(request, token, signatureHex, cancellation);

    public void Dispose()
    {
        _authenticator?.Dispose();
        _signer?.Dispose();
    }
}
