namespace Provisioner.Host.LiveConsole.Client;

/// <summary>Where the interactive console reads commands: a terminal with editing, or plain lines.</summary>
public interface ILineInput : IDisposable
{
    /// <summary>The next line, or null at the end of input.</summary>
    Task<string?> ReadLineAsync(string prompt, CancellationToken cancellation);

    /// <summary>Calls <paramref name="onInterrupt"/> when the user presses Ctrl-C, until disposed (while a command streams).</summary>
    IDisposable WatchInterrupt(Action onInterrupt);
}
