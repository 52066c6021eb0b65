namespace Provisioner.Actors.Fleet;

/// <summary>Which nodes have an attempt running, as the journal tells it: what a new leader must resume.</summary>
public interface IAttemptsInFlight
{
    /// <summary>Nodes whose last event since <paramref name="since"/> is not an attempt's end.</summary>
    Task<IReadOnlyCollection<string>> RunningSinceAsync(DateTimeOffset since, CancellationToken cancellation);
}
