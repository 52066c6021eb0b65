namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// Runs one console command: writes its results to <see cref="CommandInvocation.Output"/> and returns when
/// done. Throw <see cref="CommandFailedException"/> or <see cref="CommandUsageException"/> for expected
/// failures; a streaming command runs until <paramref name="cancellation"/> fires and then returns normally.
/// </summary>
public delegate Task CommandHandler(CommandInvocation invocation, CancellationToken cancellation);
