using Provisioner.Host.LiveConsole.Protocol;

namespace Provisioner.Host.LiveConsole.Client;

/// <summary>
/// Tab completion from the endpoint's palettes: the palette, then its command, then option names and the values
/// of options that list their choices. A single match completes the word; several extend it to their common prefix.
/// </summary>
public static class PaletteCompletion
{
    /// <summary>Words the shell itself understands besides the palettes.</summary>
    public static readonly IReadOnlyList<string> ShellWords = ["help", "exit"];

    /// <summary>The completed line, and the candidates when more than one matches (to list them).</summary>
    public sealed record Result(string Line, IReadOnlyList<string> Candidates);

    public static Result Complete(IReadOnlyList<PaletteDescription> palettes, string line)
    {
        var words = CommandWords.Split(line);
        var partial = line.Length == 0 || char.IsWhiteSpace(line[^1]) ? "" : words[^1];
        var before = partial.Length == 0 ? words : words.Take(words.Count - 1).ToList();
        var matches = Candidates(palettes, before)
            .Where(c => c.StartsWith(partial, StringComparison.OrdinalIgnoreCase))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var stem = line[..(line.Length - partial.Length)];
        return matches.Count switch
        {
            0 => new Result(line, []),
            1 => new Result(stem + matches[0] + " ", matches),
            _ => new Result(stem + CommonPrefix(matches, partial), matches),
        };
    }

    private static IEnumerable<string> Candidates(IReadOnlyList<PaletteDescription> palettes, IReadOnlyList<string> before)
    {
        if (before.Count == 0)
        {
            return palettes.Select(p => p.Name).Concat(ShellWords);
        }
        if (before[0] == "help")
        {
            return before.Count switch
            {
                1 => palettes.Select(p => p.Name),
                2 => palettes.FirstOrDefault(p => p.Name == before[1])?.Commands.Select(c => c.Name) ?? [],
                _ => [],
            };
        }
        var palette = palettes.FirstOrDefault(p => p.Name == before[0]);
        if (palette is null)
        {
            return [];
        }
        if (before.Count == 1)
        {
            return palette.Commands.Select(c => c.Name);
        }
        var command = palette.Commands.FirstOrDefault(c => c.Name == before[1]);
        if (command is null)
        {
            return [];
        }
        var previous = command.Arguments.FirstOrDefault(a => a.IsOption && a.Name == before[^1]);
        if (previous is not null && before.Count > 2)
        {
            return previous.Choices ?? [];
        }
        return command.Arguments.Where(a => a.IsOption && !before.Contains(a.Name)).Select(a => a.Name);
    }

    private static string CommonPrefix(IReadOnlyList<string> matches, string partial)
    {
        var prefix = matches[0];
        foreach (var match in matches.Skip(1))
        {
            var length = 0;
            while (length < prefix.Length && length < match.Length && prefix[length] == match[length])
            {
                length++;
            }
            prefix = prefix[..length];
        }
        return prefix.Length >= partial.Length ? prefix : partial;
    }
}
