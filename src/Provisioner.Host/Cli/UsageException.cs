namespace Provisioner.Host.Cli;

/// <summary>An expected error (bad usage, missing file): printed without a stack trace, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
