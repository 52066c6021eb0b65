using System.Text;

namespace Provisioner.Actors.Onboarding.Helper;

/// <summary>
/// Splits a command line into words the way a POSIX shell would, without running a shell: whitespace separates
/// words, single quotes keep everything literally, double quotes keep everything but <c>\"</c>, <c>\\</c>,
/// <c>\$</c> and <c>\`</c>, and a backslash outside quotes keeps the next character. There is no expansion of
/// variables, globs or substitutions, so a helper command line means the same whatever the environment holds.
/// </summary>
public static class ShellWords
{
    /// <summary>The words of <paramref name="commandLine"/>; throws <see cref="FormatException"/> naming the fault.</summary>
    public static IReadOnlyList<string> Split(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var words = new List<string>();
        var word = new StringBuilder();
        // A word can be empty yet present (''), so whether one has started is tracked apart from its length.
        var inWord = false;
        var i = 0;
        while (i < commandLine.Length)
        {
            var c = commandLine[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }
                    i++;
                    break;
                case '\\':
                    if (i + 1 >= commandLine.Length)
                    {
                        throw new FormatException($"trailing backslash at position {i}");
                    }
                    // A backslash before a newline joins lines, as in a shell.
                    if (commandLine[i + 1] != '\n')
                    {
                        word.Append(commandLine[i + 1]);
                        inWord = true;
                    }
                    i += 2;
                    break;
                case '\'':
                    {
                        var end = commandLine.IndexOf('\'', i + 1);
                        if (end < 0)
                        {
                            throw new FormatException($"unterminated single quote at position {i}");
                        }
                        word.Append(commandLine, i + 1, end - i - 1);
                        inWord = true;
                        i = end + 1;
                        break;
                    }
                case '"':
                    i = ReadDoubleQuoted(commandLine, i, word);
                    inWord = true;
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    i++;
                    break;
            }
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    private static int ReadDoubleQuoted(string commandLine, int open, StringBuilder word)
    {
        var i = open + 1;
        while (i < commandLine.Length)
        {
            var c = commandLine[i];
            if (c == '"')
            {
                return i + 1;
            }
            if (c == '\\' && i + 1 < commandLine.Length && commandLine[i + 1] is '"' or '\\' or '$' or '`' or '\n')
            {
                if (commandLine[i + 1] != '\n')
                {
                    word.Append(commandLine[i + 1]);
                }
                i += 2;
                continue;
            }
            word.Append(c);
            i++;
        }
        throw new FormatException($"unterminated double quote at position {open}");
    }
}
