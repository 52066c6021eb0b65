namespace Provisioner.Security.Tokens;

/// <summary>Only the standard claims of some token, serialised on their own for display.</summary>
public sealed record StandardClaimsView : StandardClaims;
