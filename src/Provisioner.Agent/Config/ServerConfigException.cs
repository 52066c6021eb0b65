namespace Provisioner.Agent.Config;

/// <summary>A configuration file could not be read or written; the message names the file, line or key and the reason.</summary>
public sealed class ServerConfigException(string message) : Exception(message);
