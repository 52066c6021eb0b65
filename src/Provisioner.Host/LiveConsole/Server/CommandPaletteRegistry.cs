using System.Collections.Immutable;
using Provisioner.Host.LiveConsole.Protocol;

namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// The palettes an endpoint serves: finds the command named by a request's first two words and parses the
/// rest against its arguments. Registration is thread-safe and may happen while clients are connected.
/// </summary>
public sealed class CommandPaletteRegistry
{
    private ImmutableSortedDictionary<string, ICommandPalette> _palettes = ImmutableSortedDictionary<string, ICommandPalette>.Empty;

    public void Register(ICommandPalette palette)
    {
        ArgumentNullException.ThrowIfNull(palette);
        if (string.IsNullOrWhiteSpace(palette.Name) || palette.Name.Contains(' ') || palette.Name == ConsoleRequest.DescribeCommand)
        {
            throw new ArgumentException($"palette name '{palette.Name}' must be one word other than '{ConsoleRequest.DescribeCommand}'", nameof(palette));
        }
        var duplicate = palette.Commands.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"palette '{palette.Name}' has two commands named '{duplicate.Key}'", nameof(palette));
        }
        ImmutableInterlocked.Update(ref _palettes, current => current.ContainsKey(palette.Name)
            ? throw new ArgumentException($"a palette named '{palette.Name}' is already registered", nameof(palette))
            : current.Add(palette.Name, palette));
    }

    public IReadOnlyList<PaletteDescription> Describe() =>
        _palettes.Values.Select(p => new PaletteDescription(p.Name, p.Help, p.Commands.Select(c => c.Describe()).ToList())).ToList();

    /// <summary>Finds and parses the command; on failure, <paramref name="errorCode"/> and <paramref name="error"/> say why.</summary>
    public bool TryResolve(
        IReadOnlyList<string> words,
        out ConsoleCommand command,
        out IReadOnlyDictionary<string, string> arguments,
        out string errorCode,
        out string error)
    {
        command = null!;
        arguments = ImmutableDictionary<string, string>.Empty;
        errorCode = ConsoleErrorCodes.UnknownCommand;
        var palettes = _palettes;
        if (words.Count == 0 || !palettes.TryGetValue(words[0], out var palette))
        {
            error = $"unknown command '{string.Join(' ', words)}'; palettes: {string.Join(", ", palettes.Keys)}";
            return false;
        }
        var found = words.Count > 1 ? palette.Commands.FirstOrDefault(c => c.Name == words[1]) : null;
        if (found is null)
        {
            error = $"unknown command '{string.Join(' ', words)}'; {palette.Name} has: {string.Join(", ", palette.Commands.Select(c => c.Name))}";
            return false;
        }
        command = found;
        errorCode = ConsoleErrorCodes.Usage;
        return TryParseArguments(found, $"{palette.Name} {found.Name}", words.Skip(2).ToList(), out arguments, out error);
    }

    private static bool TryParseArguments(ConsoleCommand command, string name, List<string> words, out IReadOnlyDictionary<string, string> arguments, out string error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        arguments = values;
        var positional = new Queue<CommandArgument>(command.Arguments.Where(a => !a.IsOption));
        var usage = $"usage: {name} {string.Join(' ', command.Arguments.Select(a => a.Usage))}".TrimEnd();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            CommandArgument argument;
            if (word.StartsWith("--", StringComparison.Ordinal))
            {
                argument = command.Arguments.FirstOrDefault(a => a.IsOption && a.Name == word)!;
                if (argument is null)
                {
                    error = $"unknown option {word}; {usage}";
                    return false;
                }
                if (i + 1 >= words.Count)
                {
                    error = $"option {word} needs a value; {usage}";
                    return false;
                }
                word = words[++i];
            }
            else if (!positional.TryDequeue(out argument!))
            {
                error = $"unexpected argument '{word}'; {usage}";
                return false;
            }
            if (values.ContainsKey(argument.Name))
            {
                error = $"{argument.Name} is given twice; {usage}";
                return false;
            }
            if (argument.Choices is { } choices)
            {
                var choice = choices.FirstOrDefault(c => string.Equals(c, word, StringComparison.OrdinalIgnoreCase));
                if (choice is null)
                {
                    error = $"{argument.Name} must be one of {string.Join(", ", choices)}, got '{word}'";
                    return false;
                }
                word = choice;
            }
            values[argument.Name] = word;
        }
        var missing = positional.FirstOrDefault(a => a.Required);
        if (missing is not null)
        {
            error = $"missing argument <{missing.Name}>; {usage}";
            return false;
        }
        error = "";
        return true;
    }
}
