using System.Text.Json.Serialization;

namespace Provisioner.Host.LiveConsole.Protocol;

/// <summary>Source-generated JSON for the console's wire; unknown request fields are refused, nulls are left out.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ConsoleRequest))]
[JsonSerializable(typeof(ConsoleResponse))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class ConsoleJsonContext : JsonSerializerContext;
