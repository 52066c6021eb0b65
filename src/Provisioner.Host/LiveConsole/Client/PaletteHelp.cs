using System.Text;
using Provisioner.Host.LiveConsole.Protocol;

namespace Provisioner.Host.LiveConsole.Client;

/// <summary>Help text from the endpoint's palettes: all commands, one palette, or one command with its arguments.</summary>
public static class PaletteHelp
{
    /// <summary>Help for <paramref name="topic"/> (no words: everything); null when nothing matches.</summary>
    public static string? For(IReadOnlyList<PaletteDescription> palettes, IReadOnlyList<string> topic)
    {
        var text = new StringBuilder();
        var selected = topic.Count == 0 ? palettes : palettes.Where(p => p.Name == topic[0]).ToList();
        if (selected.Count == 0)
        {
            return null;
        }
        if (topic.Count >= 2)
        {
            var command = selected[0].Commands.FirstOrDefault(c => c.Name == topic[1]);
            if (command is null)
            {
                return null;
            }
            text.AppendLine(Usage(selected[0], command)).AppendLine($"  {command.Help}");
            foreach (var argument in command.Arguments)
            {
                var choices = argument.Choices is { Count: > 0 } c ? $" ({string.Join("|", c)})" : "";
                text.AppendLine($"  {argument.Usage.Trim('[', ']'),-24} {argument.Help}{choices}");
            }
            return text.ToString();
        }
        foreach (var palette in selected)
        {
            text.AppendLine($"{palette.Name}: {palette.Help}");
            foreach (var command in palette.Commands)
            {
                text.AppendLine($"  {Usage(palette, command),-52} {command.Help}");
            }
        }
        if (topic.Count == 0)
        {
            text.AppendLine("help [palette [command]]: more detail; exit: leave. * changes the cluster; ~ runs until Ctrl-C.");
        }
        return text.ToString();
    }

    private static string Usage(PaletteDescription palette, CommandDescription command)
    {
        var marks = (command.ChangesState ? "*" : "") + (command.Streaming ? "~" : "");
        return $"{palette.Name} {command.Name} {string.Join(' ', command.Arguments.Select(a => a.Usage))}".TrimEnd() + (marks.Length > 0 ? " " + marks : "");
    }
}
