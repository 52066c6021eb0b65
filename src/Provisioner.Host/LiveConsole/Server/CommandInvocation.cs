using System.Globalization;

namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// A command being run: its parsed arguments (by name; options keep their dashes), who asked, and where to
/// write. The typed getters turn bad values into <see cref="CommandUsageException"/>s naming the argument.
/// </summary>
public sealed class CommandInvocation(
    ConsoleCommand command,
    IReadOnlyDictionary<string, string> arguments,
    string caller,
    ICommandOutput output)
{
    public ConsoleCommand Command { get; } = command;

    /// <summary>Who asked, for logs and for commands that record it (<c>node retry</c>): an address, or a key.</summary>
    public string Caller { get; } = caller;

    public ICommandOutput Output { get; } = output;

    public IReadOnlyDictionary<string, string> Arguments { get; } = arguments;

    /// <summary>The value of a required argument (the parser has checked it is there).</summary>
    public string Required(string name) =>
        Arguments.TryGetValue(name, out var value) ? value : throw new CommandUsageException($"missing argument <{name}>");

    public string? Optional(string name) => Arguments.GetValueOrDefault(name);

    public int Int(string name, int defaultValue, int min, int max)
    {
        if (!Arguments.TryGetValue(name, out var text))
        {
            return defaultValue;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new CommandUsageException($"{name} must be a whole number from {min} to {max}, got '{text}'");
        }
        return value;
    }

    public Task LineAsync(string text, CancellationToken cancellation) => Output.LineAsync(text, cancellation);

    public Task TableAsync(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows, CancellationToken cancellation) =>
        Output.TableAsync(columns, rows, cancellation);
}
