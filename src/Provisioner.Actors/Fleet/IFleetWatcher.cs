namespace Provisioner.Actors.Fleet;

/// <summary>
/// How the leader finds machines waiting to be provisioned: lifecycle startup events (push) and the
/// broadcast discovery ping (pull), spec §3.
/// </summary>
public interface IFleetWatcher
{
    /// <summary>Calls <paramref name="onStartup"/> with each identity that announces a startup; dispose to stop.</summary>
    IAsyncDisposable WatchStartups(Action<string> onStartup);

    /// <summary>Broadcasts the discovery ping and returns the identities that answered.</summary>
    Task<IReadOnlyCollection<string>> DiscoverAsync(CancellationToken cancellation);
}
