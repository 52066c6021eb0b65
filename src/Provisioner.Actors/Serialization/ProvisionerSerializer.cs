using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Provisioner.Actors.Nodes;
using Provisioner.Messages.Fleet;
using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Serialization;

/// <summary>
/// Serializes every message that crosses members or enters the journal as JSON under a short, stable manifest.
/// Manifests are part of the journal format: never rename one; add a new one for a changed shape.
/// </summary>
public sealed class ProvisionerSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Our serializer id; Akka reserves ids up to 100.</summary>
    public const int Id = 4101;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Every type this serializer owns, with its manifest.</summary>
    public static readonly FrozenDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        [typeof(NodeEvents.AttemptStarted)] = "ne-start",
        [typeof(NodeEvents.TokenChecked)] = "ne-token",
        [typeof(NodeEvents.KeyProven)] = "ne-key",
        [typeof(NodeEvents.Inventoried)] = "ne-inv",
        [typeof(NodeEvents.CsrAccepted)] = "ne-csr",
        [typeof(NodeEvents.Signed)] = "ne-signed",
        [typeof(NodeEvents.JwtIssued)] = "ne-jwt",
        [typeof(NodeEvents.Configured)] = "ne-conf",
        [typeof(NodeEvents.Provisioned)] = "ne-prov",
        [typeof(NodeEvents.ShutdownRequested)] = "ne-sdreq",
        [typeof(NodeEvents.ShutDown)] = "ne-sd",
        [typeof(NodeEvents.StepRetried)] = "ne-retry",
        [typeof(NodeEvents.AttemptFailed)] = "ne-fail",
        [typeof(NodeEvents.AttemptDeferred)] = "ne-defer",
        [typeof(NodeEvents.AttemptAccepted)] = "ne-accepted",
        [typeof(NodeEvents.CredentialsIssued)] = "ne-issued",
        [typeof(NodeEvents.Upgraded)] = "ne-upgraded",
        [typeof(NodeEvents.UpgradeChecked)] = "ne-upgrade-checked",
        [typeof(NodeState)] = "ns-1",
        [typeof(NodeCommands.StartAttempt)] = "nc-start",
        [typeof(NodeCommands.Retry)] = "nc-retry",
        [typeof(NodeQueries.GetState)] = "nq-state",
        [typeof(NodeQueries.GetHistory)] = "nq-hist",
        [typeof(NodeReply)] = "nr",
        [typeof(NodeView)] = "nv",
        [typeof(NodeHistory)] = "nh",
        [typeof(LeaderMessages.AttemptEnded)] = "lm-ended",
        [typeof(LeaderMessages.AttemptHandedOff)] = "lm-handoff",
        [typeof(LeaderMessages.NodeAnnounced)] = "lm-ann",
        [typeof(LeaderMessages.Pause)] = "lm-pause",
        [typeof(LeaderMessages.Resume)] = "lm-resume",
        [typeof(LeaderMessages.GetStatus)] = "lm-get",
        [typeof(LeaderMessages.Sweep)] = "lm-sweep",
        [typeof(LeaderMessages.GetBackoff)] = "lm-backoff",
        [typeof(NodeBackoff)] = "lb",
        [typeof(LeaderStatus)] = "ls",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, Type> Types = Manifests.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);

    public override int Identifier => Id;

    public override string Manifest(object o) =>
        Manifests.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"{o.GetType().FullName} has no manifest in {nameof(ProvisionerSerializer)}");

    public override byte[] ToBinary(object obj)
    {
        Manifest(obj);
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);
    }

    public override object FromBinary(byte[] bytes, string manifest) => Decode(bytes, manifest);

    /// <summary>Decodes a payload without an actor system (journal audits read rows directly).</summary>
    public static object Decode(byte[] bytes, string manifest)
    {
        if (!Types.TryGetValue(manifest, out var type))
        {
            throw new SerializationException($"unknown manifest '{manifest}' for {nameof(ProvisionerSerializer)}");
        }
        return JsonSerializer.Deserialize(bytes, type, Json)
            ?? throw new SerializationException($"manifest '{manifest}' decoded to null");
    }
}
