namespace Provisioner.Host.Members;

/// <summary>
/// What Akka's HOCON parser lets through: an unterminated string runs to the end of the file and an unclosed
/// <c>{</c> or <c>[</c> is closed silently, so the settings after it vanish and only a later, unrelated "required"
/// error appears. This scan finds the first such problem in an operator's file and names its line.
/// </summary>
public static class HoconSyntaxCheck
{
    /// <summary>The first problem in <paramref name="text"/> as <c>line N: ...</c>, or null when strings and brackets are balanced.</summary>
    public static string? FirstProblem(string text)
    {
        var open = new Stack<(char Bracket, int Line)>();
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
            }
            else if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i + 1 < text.Length && text[i + 1] != '\n') i++;
            }
            else if (c == '"' && string.CompareOrdinal(text, i, "\"\"\"", 0, 3) == 0)
            {
                var end = text.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
                if (end < 0)
                {
                    return $"line {line}: a \"\"\" string is never closed";
                }
                line += text.AsSpan(i, end - i).Count('\n');
                i = end + 2;
                while (i + 1 < text.Length && text[i + 1] == '"') i++;
            }
            else if (c == '"')
            {
                var start = line;
                for (i++; ; i++)
                {
                    if (i >= text.Length || text[i] == '\n')
                    {
                        return $"line {start}: a quoted string is never closed";
                    }
                    if (text[i] == '\\') i++;
                    else if (text[i] == '"') break;
                }
            }
            else if (c is '{' or '[')
            {
                open.Push((c, line));
            }
            else if (c is '}' or ']')
            {
                var expected = c == '}' ? '{' : '[';
                if (open.Count == 0 || open.Peek().Bracket != expected)
                {
                    return $"line {line}: '{c}' closes nothing" + (open.Count > 0 ? $" ('{open.Peek().Bracket}' of line {open.Peek().Line} is still open)" : "");
                }
                open.Pop();
            }
        }
        return open.Count > 0 ? $"line {open.Peek().Line}: '{open.Peek().Bracket}' is never closed" : null;
    }
}
