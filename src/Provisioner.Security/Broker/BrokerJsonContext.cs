using System.Text.Json.Serialization;

namespace Provisioner.Security.Broker;

/// <summary>Source-generated JSON for the NATS JWT claims; absent optional claims are left out, not written as null.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NatsUserClaims))]
[JsonSerializable(typeof(NatsAccountClaims))]
[JsonSerializable(typeof(NatsOperatorClaims))]
[JsonSerializable(typeof(BrokerManifest))]
internal sealed partial class BrokerJsonContext : JsonSerializerContext;
