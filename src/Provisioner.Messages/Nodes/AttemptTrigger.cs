using System.Text.Json.Serialization;

namespace Provisioner.Messages.Nodes;

/// <summary>
/// What made an attempt start, and for an operator, who asked. Stored and sent as the text journals have
/// always held (<c>event</c>, <c>discovery</c>, <c>operator:NAME</c>), so old journals read unchanged.
/// </summary>
[JsonConverter(typeof(AttemptTriggerJsonConverter))]
public readonly record struct AttemptTrigger
{
    private const string EventText = "event";
    private const string DiscoveryText = "discovery";
    private const string ResumedText = "resumed";
    private const string OperatorPrefix = "operator:";

    private AttemptTrigger(AttemptTriggerKind kind, string? requestedBy)
    {
        Kind = kind;
        RequestedBy = requestedBy;
    }

    public AttemptTriggerKind Kind { get; }

    /// <summary>Who asked, for <see cref="AttemptTriggerKind.Operator"/>; null otherwise.</summary>
    public string? RequestedBy { get; }

    public static AttemptTrigger LifecycleEvent { get; } = new(AttemptTriggerKind.LifecycleEvent, null);

    public static AttemptTrigger Discovery { get; } = new(AttemptTriggerKind.Discovery, null);

    public static AttemptTrigger Resumed { get; } = new(AttemptTriggerKind.Resumed, null);

    public static AttemptTrigger Operator(string requestedBy) => new(AttemptTriggerKind.Operator, requestedBy);

    /// <summary>Reads the stored text; anything else is not a trigger this system ever wrote.</summary>
    public static AttemptTrigger Parse(string text) => text switch
    {
        EventText => LifecycleEvent,
        DiscoveryText => Discovery,
        ResumedText => Resumed,
        _ when text.StartsWith(OperatorPrefix, StringComparison.Ordinal) => Operator(text[OperatorPrefix.Length..]),
        _ => throw new FormatException($"unknown attempt trigger '{text}'"),
    };

    public override string ToString() => Kind switch
    {
        AttemptTriggerKind.LifecycleEvent => EventText,
        AttemptTriggerKind.Discovery => DiscoveryText,
        AttemptTriggerKind.Resumed => ResumedText,
        _ => OperatorPrefix + RequestedBy,
    };
}
