using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Provisioner.Security.Tokens;

namespace Provisioner.Actors.Onboarding.Helper;

/// <summary>
/// What the helper reads on stdin (spec §4): the facts gathered about one node. A section is null when its
/// feature is off; <see cref="Inventory"/> is JSON text inside JSON, so the helper decodes it a second time.
/// </summary>
public sealed record HelperInput
{
    [JsonPropertyName("identity")]
    public required string Identity { get; init; }

    /// <summary>The CSR section (feature <c>pki</c>), else null.</summary>
    [JsonPropertyName("csr")]
    public HelperCsr? Csr { get; init; }

    /// <summary>The ed25519 section (feature <c>ed25519</c>), else null.</summary>
    [JsonPropertyName("ed25519_pubkey")]
    public HelperEd25519PublicKey? Ed25519PublicKey { get; init; }

    /// <summary>The <c>rpcutil#inventory</c> reply data, as JSON text.</summary>
    [JsonPropertyName("inventory")]
    public required string Inventory { get; init; }

    /// <summary>
    /// The verified provisioning claims, <c>cht</c> included (feature <c>jwt</c>), else null; build it with
    /// <see cref="ClaimsJson"/> so the helper sees Choria's claim names.
    /// </summary>
    [JsonPropertyName("jwt")]
    public JsonElement? Jwt { get; init; }

    // The token library keeps its source-generated context to itself, so the claims are written by reflection
    // over the same attributes, with the same rule of leaving nulls out.
    private static readonly JsonSerializerOptions ClaimsOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>The provisioning claims as the helper's <c>jwt</c> section, with Choria's claim names.</summary>
    public static JsonElement ClaimsJson(ProvisioningClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        return JsonSerializer.SerializeToElement(claims, ClaimsOptions.GetTypeInfo(typeof(ProvisioningClaims)));
    }

    /// <summary>The UTF-8 JSON written to the helper's stdin.</summary>
    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, HelperJsonContext.Default.HelperInput);

    /// <summary>Identity only: the sections hold the agent token, which must not reach a log.</summary>
    public override string ToString() => $"HelperInput {{ Identity = {Identity} }}";
}
