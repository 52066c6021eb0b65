using Provisioner.Host.LiveConsole.Protocol;

namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// One command of a palette: its second word, help, arguments and handler. <see cref="ChangesState"/> marks a
/// command that changes the cluster (it needs loopback or a signed request); <see cref="Streaming"/> marks
/// one that runs until cancelled.
/// </summary>
public sealed record ConsoleCommand(string Name, string Help, IReadOnlyList<CommandArgument> Arguments, CommandHandler Handler)
{
    public bool ChangesState { get; init; }

    public bool Streaming { get; init; }

    public CommandDescription Describe() => new(Name, Help, Arguments, ChangesState, Streaming);
}
