using System.Text.Json.Serialization;

namespace Provisioner.Actors.Onboarding.Helper;

/// <summary>Source-generated JSON for the helper's stdin and stdout.</summary>
[JsonSerializable(typeof(HelperInput))]
[JsonSerializable(typeof(HelperOutput))]
internal sealed partial class HelperJsonContext : JsonSerializerContext;
