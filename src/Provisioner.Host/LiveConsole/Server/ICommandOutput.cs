namespace Provisioner.Host.LiveConsole.Server;

/// <summary>Where a running command writes its results; each call sends one response line to the client.</summary>
public interface ICommandOutput
{
    Task LineAsync(string text, CancellationToken cancellation);

    Task TableAsync(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows, CancellationToken cancellation);
}
