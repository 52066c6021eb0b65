namespace Provisioner.Host.LiveConsole.Server;

/// <summary>The command ran and could not do what was asked; the client gets a <c>failed</c> error with this message.</summary>
public sealed class CommandFailedException(string message) : Exception(message);
