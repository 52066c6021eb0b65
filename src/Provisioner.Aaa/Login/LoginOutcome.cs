namespace Provisioner.Aaa.Login;

/// <summary>
/// What a login came to: a token, or a refusal with the public error text (the same for every cause, so a caller
/// cannot probe which users exist) and the reason, which only the log and the audit trail see.
/// </summary>
public sealed record LoginOutcome(string? Token, string? PublicError, string Reason)
{
    public bool Allowed => Token is not null;

    public static LoginOutcome Issued(string token) => new(token, null, "token issued");

    public static LoginOutcome Failed(string reason) => new(null, LoginReply.LoginFailed, reason);

    public static LoginOutcome SigningFailed(string reason) => new(null, LoginReply.CouldNotSign, reason);

    public LoginReply ToReply() => Allowed ? new LoginReply { Token = Token } : new LoginReply { Error = PublicError };
}
