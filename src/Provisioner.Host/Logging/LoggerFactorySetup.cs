using Akka.Actor.Setup;
using Microsoft.Extensions.Logging;

namespace Provisioner.Host.Logging;

/// <summary>Hands an actor system the logger factory its <see cref="AkkaLogBridge"/> writes to.</summary>
public sealed class LoggerFactorySetup(ILoggerFactory loggers) : Setup
{
    public ILoggerFactory Loggers { get; } = loggers;
}
