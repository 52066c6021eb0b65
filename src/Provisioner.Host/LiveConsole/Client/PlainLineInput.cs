namespace Provisioner.Host.LiveConsole.Client;

/// <summary>Lines from a reader (a pipe, a file, a test): no prompt, no editing; Ctrl-C ends the process instead.</summary>
public sealed class PlainLineInput(TextReader reader) : ILineInput
{
    public Task<string?> ReadLineAsync(string prompt, CancellationToken cancellation) => reader.ReadLineAsync(cancellation).AsTask();

    public IDisposable WatchInterrupt(Action onInterrupt) => new NoWatch();

    public void Dispose()
    {
    }

    private sealed class NoWatch : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
