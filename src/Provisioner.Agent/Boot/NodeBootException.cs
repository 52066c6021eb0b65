namespace Provisioner.Agent.Boot;

/// <summary>The node can neither provision nor run provisioned; the message says what is missing.</summary>
public sealed class NodeBootException(string message) : Exception(message);
