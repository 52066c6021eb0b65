using System.Text.Json.Serialization;

namespace Provisioner.Security.Issuance;

[JsonSerializable(typeof(IssuanceRecord))]
internal sealed partial class IssuanceJsonContext : JsonSerializerContext;
