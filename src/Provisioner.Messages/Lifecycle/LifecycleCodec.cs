using System.Globalization;
using System.Text.Json;
using Provisioner.Messages.Wire;

namespace Provisioner.Messages.Lifecycle;

/// <summary>
/// Writes lifecycle events as CloudEvents 1.0 (what servers publish) or in the legacy flat format (what
/// the provisioner announces itself with), and reads both, normalising a legacy
/// <c>choria:lifecycle:&lt;type&gt;:1</c> protocol to the <c>io.choria.lifecycle.v1.&lt;type&gt;</c> form.
/// Malformed events throw a <see cref="ChoriaProtocolException"/> naming the field.
/// </summary>
public static class LifecycleCodec
{
    public const string ProtocolPrefix = "io.choria.lifecycle.v1.";
    public const string Source = "io.choria.lifecycle";
    public const string SpecVersion = "1.0";
    private const string LegacyPrefix = "choria:lifecycle:";
    private const string LegacySuffix = ":1";
    private const string Layer = "lifecycle event";

    /// <summary>The CloudEvents JSON bytes of <paramref name="lifecycleEvent"/>.</summary>
    public static byte[] EncodeCloudEvent(LifecycleEvent lifecycleEvent) =>
        ChoriaJson.SerializeToUtf8Bytes(new LifecycleCloudEvent(
            SpecVersion,
            lifecycleEvent.Id,
            Source,
            lifecycleEvent.Protocol,
            lifecycleEvent.Identity,
            "application/json",
            FormatTime(lifecycleEvent.Timestamp),
            DataOf(lifecycleEvent)));

    /// <summary>The legacy flat JSON bytes of <paramref name="lifecycleEvent"/>: the CloudEvent's data object alone.</summary>
    public static byte[] EncodeLegacy(LifecycleEvent lifecycleEvent) => ChoriaJson.SerializeToUtf8Bytes(DataOf(lifecycleEvent));

    /// <summary>Reads a lifecycle event in either format.</summary>
    public static LifecycleEvent Parse(ReadOnlySpan<byte> json)
    {
        var root = JsonFields.ParseObject(json, Layer);
        if (!root.TryGetProperty("specversion", out _))
        {
            return ReadData(root, Layer, cloudType: null, cloudId: null, cloudIdentity: null, cloudTime: null);
        }

        var specVersion = JsonFields.RequiredString(root, "specversion", Layer);
        if (specVersion != SpecVersion)
        {
            throw new ChoriaProtocolException($"{Layer}: specversion is '{specVersion}', expected '{SpecVersion}'");
        }
        var type = ParseType(JsonFields.RequiredString(root, "type", Layer), "type");
        var time = JsonFields.OptionalString(root, "time", Layer);
        DateTimeOffset? cloudTime = null;
        if (time is not null)
        {
            cloudTime = DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw new ChoriaProtocolException($"{Layer}: field 'time' is not an RFC 3339 time: '{time}'");
        }
        return ReadData(
            JsonFields.RequiredObject(root, "data", Layer),
            Layer + " data",
            type,
            JsonFields.OptionalString(root, "id", Layer),
            JsonFields.OptionalString(root, "subject", Layer),
            cloudTime);
    }

    private static LifecycleEvent ReadData(
        JsonElement data, string layer, LifecycleEventType? cloudType, string? cloudId, string? cloudIdentity, DateTimeOffset? cloudTime)
    {
        var protocol = JsonFields.OptionalString(data, "protocol", layer);
        var type = protocol is not null ? ParseType(protocol, "protocol")
            : cloudType ?? throw new ChoriaProtocolException($"{layer}: required field 'protocol' is missing");
        if (cloudType is { } declared && declared != type)
        {
            throw new ChoriaProtocolException($"{layer}: protocol '{protocol}' disagrees with the event type '{LifecycleEvent.NameOf(declared)}'");
        }

        var identity = NonEmpty(JsonFields.OptionalString(data, "identity", layer)) ?? NonEmpty(cloudIdentity)
            ?? throw new ChoriaProtocolException($"{layer}: required field 'identity' is missing");
        var id = NonEmpty(JsonFields.OptionalString(data, "id", layer)) ?? NonEmpty(cloudId)
            ?? throw new ChoriaProtocolException($"{layer}: required field 'id' is missing");
        var timestamp = data.TryGetProperty("timestamp", out _) || cloudTime is null
            ? DateTimeOffset.FromUnixTimeSeconds(JsonFields.RequiredInteger(data, "timestamp", layer))
            : DateTimeOffset.FromUnixTimeSeconds(cloudTime.Value.ToUnixTimeSeconds());
        return new LifecycleEvent(
            type,
            id,
            identity,
            JsonFields.RequiredString(data, "component", layer),
            timestamp,
            JsonFields.OptionalString(data, "version", layer),
            JsonFields.OptionalString(data, "new_version", layer));
    }

    private static LifecycleEventType ParseType(string text, string field)
    {
        string? name = null;
        if (text.StartsWith(ProtocolPrefix, StringComparison.Ordinal))
        {
            name = text[ProtocolPrefix.Length..];
        }
        else if (text.StartsWith(LegacyPrefix, StringComparison.Ordinal) && text.EndsWith(LegacySuffix, StringComparison.Ordinal)
                 && text.Length > LegacyPrefix.Length + LegacySuffix.Length)
        {
            name = text[LegacyPrefix.Length..^LegacySuffix.Length];
        }
        var known = Enum.GetValues<LifecycleEventType>().Where(t => LifecycleEvent.NameOf(t) == name).ToList();
        return known.Count == 1
            ? known[0]
            : throw new ChoriaProtocolException(
                $"{Layer}: field '{field}' is '{text}', expected {ProtocolPrefix}<type> or {LegacyPrefix}<type>{LegacySuffix} with a known type (startup, shutdown, provisioned, alive, upgraded)");
    }

    private static LifecycleEventData DataOf(LifecycleEvent e)
    {
        var (version, newVersion) = e.Type switch
        {
            LifecycleEventType.Startup or LifecycleEventType.Alive => (e.Version ?? "", null),
            LifecycleEventType.Upgraded => (e.Version ?? "", e.NewVersion ?? ""),
            _ => ((string?)null, (string?)null),
        };
        return new LifecycleEventData(e.Protocol, e.Id, e.Identity, e.Component, e.Timestamp.ToUnixTimeSeconds(), version, newVersion);
    }

    private static string FormatTime(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds()).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
