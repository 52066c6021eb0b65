using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>Output of <c>configure</c>, <c>restart</c>, <c>reprovision</c>, <c>shutdown</c> and <c>release_update</c>: one human message.</summary>
public sealed record ActionMessageReply(
    [property: JsonPropertyName("message")] string Message = "");
