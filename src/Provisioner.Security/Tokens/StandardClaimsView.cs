using System.Text.Json;

namespace Provisioner.Security.Tokens;

/// <summary>Only the standard claims of some token, serialised on their own for display.</summary>
public sealed record StandardClaimsView : StandardClaims
{
    private static readonly JsonSerializerOptions Indented = new(TokenJsonContext.Default.Options) { WriteIndented = true };

    /// <summary>The claims as indented JSON with Choria's names.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Indented.GetTypeInfo(typeof(StandardClaimsView)));
}
