namespace Provisioner.Security.Tokens;

/// <summary>A token or key was refused; <see cref="Error"/> says why, the message says it for a human.</summary>
public sealed class TokenException(TokenError error, string message) : Exception(message)
{
    public TokenError Error { get; } = error;
}
