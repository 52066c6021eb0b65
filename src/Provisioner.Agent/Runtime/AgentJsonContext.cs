using System.Text.Json.Serialization;

namespace Provisioner.Agent.Runtime;

/// <summary>Source-generated JSON metadata for the agent's own messages.</summary>
[JsonSerializable(typeof(RegistrationMessage))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
