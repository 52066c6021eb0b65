using System.Text.Json.Serialization;

namespace Provisioner.Security.Tokens;

/// <summary>Source-generated JSON for token claims; nulls are omitted unless a property says otherwise.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProvisioningClaims))]
[JsonSerializable(typeof(ServerClaims))]
[JsonSerializable(typeof(ClientIdClaims))]
[JsonSerializable(typeof(StandardClaimsView))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;
