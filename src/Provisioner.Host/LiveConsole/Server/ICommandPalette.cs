namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// A group of console commands sharing their first word (<c>cluster</c>, <c>node</c>...). Register one with
/// <see cref="ConsoleEndpoint.Register"/>; the endpoint describes it to clients and dispatches its commands.
/// </summary>
public interface ICommandPalette
{
    /// <summary>The first word of every command in the palette.</summary>
    string Name { get; }

    /// <summary>One line saying what the palette is about.</summary>
    string Help { get; }

    IReadOnlyList<ConsoleCommand> Commands { get; }
}
