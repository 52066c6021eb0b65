using System.Diagnostics;
using Provisioner.Actors.Telemetry;

namespace Provisioner.Actors.Tests.Telemetry;

/// <summary>Listens to the onboarding source, records every span it makes, and keeps the ended ones.</summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly List<Activity> _ended = [];

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OnboardingTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span => { lock (_ended) _ended.Add(span); },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The ended spans of <paramref name="identity"/>.</summary>
    public List<Activity> Of(string identity)
    {
        lock (_ended)
        {
            return _ended.Where(s => s.GetTagItem(OnboardingTracing.Identity) as string == identity).ToList();
        }
    }

    public void Dispose() => _listener.Dispose();
}
