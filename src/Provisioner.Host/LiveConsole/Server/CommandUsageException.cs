namespace Provisioner.Host.LiveConsole.Server;

/// <summary>The command's arguments are wrong; the client gets a <c>usage</c> error with this message.</summary>
public sealed class CommandUsageException(string message) : Exception(message);
