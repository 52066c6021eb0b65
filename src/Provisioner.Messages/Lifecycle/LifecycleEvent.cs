using Provisioner.Messages.Wire;

namespace Provisioner.Messages.Lifecycle;

/// <summary>
/// One lifecycle event, independent of its wire format. <see cref="Version"/> belongs to startup, alive
/// and upgraded events; <see cref="NewVersion"/> only to upgraded ones. <see cref="Timestamp"/> has whole seconds.
/// </summary>
public sealed record LifecycleEvent(
    LifecycleEventType Type,
    string Id,
    string Identity,
    string Component,
    DateTimeOffset Timestamp,
    string? Version = null,
    string? NewVersion = null)
{
    /// <summary>A new event with a fresh UUIDv4 id (with dashes), its time cut to whole seconds.</summary>
    public static LifecycleEvent Create(
        LifecycleEventType type, string identity, string component, DateTimeOffset time, string? version = null, string? newVersion = null) =>
        new(type, Guid.NewGuid().ToString("D"), identity, component, DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds()), version, newVersion);

    /// <summary>The type as it appears in subjects and protocol strings, e.g. <c>startup</c>.</summary>
    public string TypeName => NameOf(Type);

    /// <summary>The CloudEvents type and data protocol, e.g. <c>io.choria.lifecycle.v1.startup</c>.</summary>
    public string Protocol => LifecycleCodec.ProtocolPrefix + TypeName;

    /// <summary>The NATS subject the event is published on.</summary>
    public string Subject => Subjects.Lifecycle(TypeName, Component);

    /// <summary>The wire name of an event type.</summary>
    public static string NameOf(LifecycleEventType type) => type.ToString().ToLowerInvariant();
}
