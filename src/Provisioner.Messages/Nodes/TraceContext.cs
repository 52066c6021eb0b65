using System.Text.Json.Serialization;

namespace Provisioner.Messages.Nodes;

/// <summary>
/// The W3C trace context an onboarding attempt's spans belong to, journaled with the attempt's start so a member
/// that resumes the attempt after a crash puts its spans in the same trace. <paramref name="TraceParent"/> is the
/// <c>traceparent</c> header of the attempt's first span (version, trace id, span id, flags);
/// <paramref name="TraceState"/> its vendor <c>tracestate</c>, if any. Neither holds a secret.
/// </summary>
public sealed record TraceContext(
    [property: JsonPropertyName("traceparent")] string TraceParent,
    [property: JsonPropertyName("tracestate"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceState = null);
