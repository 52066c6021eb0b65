using Microsoft.Extensions.Logging;

namespace Provisioner.Testing;

/// <summary>Hands every category the one <see cref="Logger"/>, so a test can read what a whole member logged.</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    public RecordingLogger Logger { get; } = new();

    public ILogger CreateLogger(string categoryName) => Logger;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
