using System.Text.Json;
using System.Text.Json.Serialization;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire.Payloads;

namespace Provisioner.Messages.Wire;

/// <summary>Source-generated JSON metadata for every Choria wire record; used through <see cref="ChoriaJson"/>.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(RpcRequestBody))]
[JsonSerializable(typeof(RpcReplyBody))]
[JsonSerializable(typeof(ChoriaRequest))]
[JsonSerializable(typeof(SecureRequest))]
[JsonSerializable(typeof(TransportMessage))]
[JsonSerializable(typeof(ChoriaReply))]
[JsonSerializable(typeof(SecureReply))]
[JsonSerializable(typeof(JwtRequest))]
[JsonSerializable(typeof(JwtReply))]
[JsonSerializable(typeof(Gen25519Request))]
[JsonSerializable(typeof(Gen25519Reply))]
[JsonSerializable(typeof(GenCsrRequest))]
[JsonSerializable(typeof(GenCsrReply))]
[JsonSerializable(typeof(ConfigureRequest))]
[JsonSerializable(typeof(ActionMessageReply))]
[JsonSerializable(typeof(RestartRequest))]
[JsonSerializable(typeof(ReprovisionRequest))]
[JsonSerializable(typeof(ShutdownRequest))]
[JsonSerializable(typeof(ReleaseUpdateRequest))]
[JsonSerializable(typeof(InventoryReply))]
[JsonSerializable(typeof(ChoriaUtilInfoReply))]
[JsonSerializable(typeof(ChoriaMachineState))]
[JsonSerializable(typeof(ChoriaMachineStatesReply))]
[JsonSerializable(typeof(ChoriaMachineStateRequest))]
[JsonSerializable(typeof(ChoriaMachineTransitionRequest))]
[JsonSerializable(typeof(ChoriaMachineTransitionReply))]
[JsonSerializable(typeof(LifecycleCloudEvent))]
[JsonSerializable(typeof(LifecycleEventData))]
[JsonSerializable(typeof(V2.RequestV2))]
[JsonSerializable(typeof(V2.SecureRequestV2))]
[JsonSerializable(typeof(V2.ReplyV2))]
[JsonSerializable(typeof(V2.SecureReplyV2))]
[JsonSerializable(typeof(V2.TransportV2))]
internal sealed partial class ChoriaJsonContext : JsonSerializerContext;
