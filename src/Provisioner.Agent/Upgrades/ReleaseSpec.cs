using System.Text.Json.Serialization;

namespace Provisioner.Agent.Upgrades;

/// <summary>
/// A repository's <c>release.json</c> as Choria's go-updater reads it: the binary's path relative to the spec and the
/// lowercase hex SHA-256 of the binary after bzip2 decoding. go-updater ignores a <c>signature</c> field, so none is
/// written or read here: the checksum, fetched from the repository the provisioner names, is the whole check.
/// </summary>
public sealed record ReleaseSpec(
    [property: JsonPropertyName("binary")] string Binary,
    [property: JsonPropertyName("hash")] string Hash);

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(ReleaseSpec))]
internal sealed partial class ReleaseJsonContext : JsonSerializerContext;
