namespace Provisioner.Host.LiveConsole.Server;

/// <summary>The console endpoint cannot start as configured (unsafe binding, bad keys file, port in use); the message says why.</summary>
public sealed class ConsoleStartException(string message, Exception? inner = null) : Exception(message, inner);
