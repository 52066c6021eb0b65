using System.Diagnostics;
using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Telemetry;

/// <summary>
/// The spans one node's entity holds open on this member: its attempt's span here, and the journal write in flight.
/// The member that starts an attempt makes its span a new trace's root and hands back its context to journal; a
/// member that resumes or redoes the attempt after a crash makes its span a child of the journaled context, so the
/// whole attempt is one trace whichever members ran it. Used from the entity's thread only.
/// </summary>
public sealed class AttemptSpans(string identity, string member)
{
    private Activity? _attempt;
    private Activity? _write;

    /// <summary>The attempt's span on this member, the parent of its steps; null with tracing off.</summary>
    public Activity? Current => _attempt;

    /// <summary>
    /// Opens attempt <paramref name="attempt"/>'s span here: under <paramref name="trace"/> when the attempt has one,
    /// else as a new root. Returns the context to journal for a new root, null otherwise (nothing new to journal).
    /// </summary>
    public TraceContext? Open(int attempt, TraceContext? trace, bool resumed)
    {
        End("superseded");
        _attempt = OnboardingTracing.StartDetached(OnboardingTracing.AttemptSpan, OnboardingTracing.ParentOf(trace));
        if (_attempt is null)
        {
            return null;
        }
        _attempt.SetTag(OnboardingTracing.Identity, identity);
        _attempt.SetTag(OnboardingTracing.Attempt, attempt);
        _attempt.SetTag(OnboardingTracing.Member, member);
        _attempt.SetTag(OnboardingTracing.Resumed, resumed);
        return trace is null ? OnboardingTracing.ContextOf(_attempt) : null;
    }

    /// <summary>A journal write of <paramref name="events"/> events begins; a write outside a traced attempt makes no span.</summary>
    public void BeginWrite(int attempt, int events)
    {
        if (_attempt is null)
        {
            return;
        }
        EndWrite("superseded");
        _write = OnboardingTracing.StartDetached(OnboardingTracing.JournalWriteSpan, _attempt.Context);
        _write?.SetTag(OnboardingTracing.Identity, identity);
        _write?.SetTag(OnboardingTracing.Attempt, attempt);
        _write?.SetTag(OnboardingTracing.Member, member);
        _write?.SetTag(OnboardingTracing.JournalEvents, events);
    }

    /// <summary>The journal write ended: <c>ok</c> once its last event is stored, or why it failed.</summary>
    public void EndWrite(string outcome)
    {
        if (_write is null)
        {
            return;
        }
        _write.SetTag(OnboardingTracing.Outcome, outcome);
        if (outcome != "ok")
        {
            _write.SetStatus(ActivityStatusCode.Error);
        }
        _write.Stop();
        _write = null;
    }

    /// <summary>The attempt ended here with <paramref name="outcome"/> (its stage, or why it left this member).</summary>
    public void End(string outcome)
    {
        EndWrite("unfinished");
        if (_attempt is null)
        {
            return;
        }
        _attempt.SetTag(OnboardingTracing.Outcome, outcome);
        if (outcome is "failed")
        {
            _attempt.SetStatus(ActivityStatusCode.Error);
        }
        _attempt.Stop();
        _attempt = null;
    }
}
